/// `casebook-bench generate`: writes the benchmark's input, a mixed service log of a given size.
struct Generate {
    /// How many bytes to write; the last event is finished, so the file is at most one event longer.
    var size: Int
    var path: String
    var seed: UInt64

    /// What was written.
    struct Report: Codable {
        var path: String
        var bytes: Int
        var lines: Int
        var seed: UInt64
        /// Events carrying a secret or personal value, by kind.
        var planted: [String: Int]
        /// The share of lines that carry one.
        var plantedLineShare: Double
        var seconds: Double
    }

    /// Streams events to the file through a 1 MiB buffer, so memory stays flat whatever the size.
    func run() throws -> Report {
        let file = try ByteFile(writing: path)
        var generator = LogGenerator(seed: seed)
        var buffer: [UInt8] = []
        let flushSize = 1 << 20
        buffer.reserveCapacity(flushSize + 64 * 1024)
        var written = 0
        let seconds = try Stopwatch.seconds {
            while written + buffer.count < size {
                generator.appendEvent(to: &buffer)
                if buffer.count >= flushSize {
                    try file.write(buffer)
                    written += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try file.write(buffer)
            written += buffer.count
        }
        let plantedCount = generator.planted.values.reduce(0, +)
        return Report(
            path: path, bytes: written, lines: generator.lines, seed: seed,
            planted: Dictionary(uniqueKeysWithValues: generator.planted.map { ($0.key.rawValue, $0.value) }),
            plantedLineShare: generator.lines == 0 ? 0 : Double(plantedCount) / Double(generator.lines),
            seconds: seconds)
    }
}

extension Generate.Report: TableReport {
    var table: Table {
        var table = Table(title: "generate", header: ["", "value"])
        table.add(["file", path])
        table.add(["size", "\(Format.megabytes(bytes)) MB (\(bytes) bytes)"])
        table.add(["lines", "\(lines)"])
        table.add(["seed", "\(seed)"])
        table.add(["lines with a secret or PII", "\(Format.decimal(plantedLineShare * 100, places: 2))%"])
        for (kind, count) in planted.sorted(by: { $0.key < $1.key }) { table.add(["  \(kind)", "\(count)"]) }
        table.add(["time", "\(Format.decimal(seconds, places: 2)) s"])
        return table
    }
}
