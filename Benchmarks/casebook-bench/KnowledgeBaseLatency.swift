import Foundation

/// `casebook-bench kb`: imports a corpus of incidents into a fresh knowledge base with `casebook import`, then
/// times `search`, `list` and `show` as whole processes, interleaved with `/bin/true` started the same way.
struct KnowledgeBaseLatency {
    var binary: String
    var corpus: String
    var runs: Int
    /// An already imported knowledge base to time the queries on, skipping the import.
    var database: String?

    struct Report: Codable {
        var incidents: Int
        var importSeconds: Double
        var incidentsPerSecond: Double
        var databaseMegabytes: Double
        var runs: Int
        var commands: [Command]
        var baselineMedianMilliseconds: Double
    }

    struct Command: Codable {
        var command: String
        var medianMilliseconds: Double
        var p90Milliseconds: Double
    }

    func run() throws -> Report {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("casebook-bench-kb-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let incidents = try Self.lineCount(corpus)
        var importSeconds = Double.nan
        let database = self.database ?? folder.appendingPathComponent("casebook.sqlite").path
        if self.database == nil {
            importSeconds = try Stopwatch.seconds { try Launch.run(binary, ["import", corpus, "--db", database]) }
        }
        let listed = try Launch.run(binary, ["list", "--limit", "1", "--json", "--db", database], capturing: true)
        guard listed.contains("\"id\"") else { throw UsageError("the import stored nothing: `list` is empty") }
        let middle = String(format: "INC-%06d", max(1, incidents / 2))
        let commands: [[String]] = [
            ["search", "connection refused"],
            ["search", "timeout", "--service", "svc-payments-1"],
            ["search", "\"trust store\" OR x509", "--status", "open"],
            ["list"],
            ["list", "--bucket", "auth", "--since", "2026-01-01"],
            ["show", middle],
        ]
        var times = Array(repeating: [Double](), count: commands.count)
        var baseline: [Double] = []
        for _ in 0..<runs {
            baseline.append(try Stopwatch.seconds { try Launch.run("/bin/true", []) } * 1000)
            for (index, command) in commands.enumerated() {
                times[index].append(
                    try Stopwatch.seconds { try Launch.run(binary, command + ["--db", database]) } * 1000)
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
        return Report(
            incidents: incidents, importSeconds: importSeconds, incidentsPerSecond: Double(incidents) / importSeconds,
            databaseMegabytes: Double(size) / 1e6, runs: runs,
            commands: zip(commands, times).map { command, samples in
                Command(
                    command: "casebook " + command.joined(separator: " "),
                    medianMilliseconds: Statistics.median(samples),
                    p90Milliseconds: Statistics.percentile(90, of: samples))
            },
            baselineMedianMilliseconds: Statistics.median(baseline))
    }

    static func lineCount(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UsageError("cannot read \(path)") }
        defer { try? handle.close() }
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return count
    }
}

extension KnowledgeBaseLatency.Report: TableReport {
    var table: Table {
        var table = Table(
            title: """
                kb: \(incidents) incidents\(importSeconds.isNaN ? " (import skipped)" : " imported in \(Format.decimal(importSeconds, places: 1)) s") \
                (\(Format.decimal(incidentsPerSecond, places: 0)) incidents/s, database \
                \(Format.decimal(databaseMegabytes, places: 0)) MB); \(runs) runs of each command
                """,
            header: ["command", "median ms", "p90 ms"])
        for command in commands {
            table.add([
                command.command, Format.decimal(command.medianMilliseconds, places: 1),
                Format.decimal(command.p90Milliseconds, places: 1),
            ])
        }
        table.add(["/bin/true", Format.decimal(baselineMedianMilliseconds, places: 1), ""])
        return table
    }
}
