import Sanitizer

/// `casebook-bench throughput`: how fast `sanitizeStream` gets through a large log on one thread, against a plain
/// copy loop over the same file in the same process, so the ratio means something on a noisy machine.
struct Throughput {
    var path: String
    var runs: Int
    /// The baseline's read size, the CLI's own; the stream reads as much as its buffer holds.
    var readSize = 1 << 20
    /// How many bytes `sanitizeStream` scans at a time.
    var chunkSize = 1 << 20

    init(path: String, runs: Int, chunkSize: Int = 1 << 20) {
        self.path = path
        self.runs = runs
        self.chunkSize = chunkSize
    }

    /// One run: the sanitizer and the baseline, in MB/s (10^6 bytes per second).
    struct Run: Codable {
        var sanitizeMBps: Double
        var baselineMBps: Double
    }

    /// What the runs measured, and what the sanitizer found (the same in every run).
    struct Report: Codable {
        var path: String
        var bytes: Int
        var runs: [Run]
        var medianSanitizeMBps: Double
        var medianBaselineMBps: Double
        /// The sanitizer's median speed as a share of the baseline's.
        var ratio: Double
        /// Peak RSS after a copy alone, and after everything.
        var baselinePeakRSSMiB: Double
        var peakRSSMiB: Double
        var outputBytes: Int
        var findings: Int
        var findingsByKind: [String: Int]
    }

    func run() throws -> Report {
        let sanitizer = Sanitizer(key: PseudonymKey(hex: String(repeating: "ab", count: 32))!)
        let bytes = try ByteFile(reading: path).size()
        // A first copy pulls the file into the page cache, so no run pays for the disk.
        _ = try copyToNull()
        let baselineRSS = peakResidentMiB()
        var results: [Run] = []
        var outputBytes = 0
        var findingsByKind: [String: Int] = [:]
        // Each run copies then sanitizes, so a burst of load elsewhere on the machine hits both alike.
        for _ in 0..<runs {
            let baseline = try copyToNull()
            var findings: [Finding] = []
            let seconds = try Stopwatch.seconds {
                (outputBytes, findings) = try sanitize(with: sanitizer)
            }
            findingsByKind = Dictionary(findings.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +)
            results.append(Run(sanitizeMBps: Double(bytes) / 1e6 / seconds, baselineMBps: baseline))
        }
        let medianSanitize = Statistics.median(results.map(\.sanitizeMBps))
        let medianBaseline = Statistics.median(results.map(\.baselineMBps))
        return Report(
            path: path, bytes: bytes, runs: results, medianSanitizeMBps: medianSanitize,
            medianBaselineMBps: medianBaseline, ratio: medianBaseline > 0 ? medianSanitize / medianBaseline : 0,
            baselinePeakRSSMiB: baselineRSS, peakRSSMiB: peakResidentMiB(), outputBytes: outputBytes,
            findings: findingsByKind.values.reduce(0, +), findingsByKind: findingsByKind)
    }

    /// The baseline: reads the file into one buffer, as the stream does, and writes every chunk to /dev/null.
    /// Returns MB/s.
    private func copyToNull() throws -> Double {
        let input = try ByteFile(reading: path)
        let output = try ByteFile(writing: "/dev/null")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readSize, alignment: 64)
        defer { buffer.deallocate() }
        var total = 0
        let seconds = try Stopwatch.seconds {
            while case let count = try input.read(into: buffer), count > 0 {
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                total += count
            }
        }
        return Double(total) / 1e6 / seconds
    }

    /// Sanitizes the file as a stream into /dev/null; returns the output's size and the findings.
    private func sanitize(with sanitizer: Sanitizer) throws -> (outputBytes: Int, findings: [Finding]) {
        let input = try ByteFile(reading: path)
        let output = try ByteFile(writing: "/dev/null")
        var written = 0
        let findings = try sanitizer.sanitizeStream(
            read: { try input.read(into: $0) },
            write: { chunk in
                try output.write(chunk)
                written += chunk.count
            }, chunkSize: chunkSize)
        return (written, findings)
    }
}

extension Throughput.Report: TableReport {
    var table: Table {
        var table = Table(
            title: "throughput: \(path) (\(Format.megabytes(bytes)) MB)", header: ["run", "sanitize MB/s", "copy MB/s"])
        for (index, run) in runs.enumerated() {
            table.add([
                "\(index + 1)", Format.decimal(run.sanitizeMBps, places: 1),
                Format.decimal(run.baselineMBps, places: 0),
            ])
        }
        table.add([
            "median", Format.decimal(medianSanitizeMBps, places: 1), Format.decimal(medianBaselineMBps, places: 0),
        ])
        table.add(["ratio", "\(Format.decimal(ratio * 100, places: 2))% of copy", ""])
        table.add([
            "peak RSS", "\(Format.decimal(peakRSSMiB, places: 1)) MiB",
            "\(Format.decimal(baselinePeakRSSMiB, places: 1)) MiB",
        ])
        table.add(["output", "\(Format.megabytes(outputBytes)) MB", ""])
        table.add(["findings", "\(findings)", ""])
        for (kind, count) in findingsByKind.sorted(by: { $0.key < $1.key }) {
            table.add(["  \(kind)", "\(count)", ""])
        }
        return table
    }
}
