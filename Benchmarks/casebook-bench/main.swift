import Foundation

/// `casebook-bench`: Casebook's performance harness. See `usage` for the jobs.

let usage = """
    usage: casebook-bench <job> [options]

      generate --size 100MB --out FILE [--seed N]
          Write a deterministic mixed service log of about that size (KB/MB/GB, or KiB/MiB/GiB).
      throughput FILE [--runs 5] [--chunk-size 1048576]
          Sanitize FILE with sanitizeStream on one thread into /dev/null, against a plain copy loop;
          MB/s per run, medians and peak RSS.
      paste [--binary PATH] [--runs 30]
          Run `casebook sanitize` on a typical few-KB paste as a whole process; median and p90 wall time,
          against /bin/true run the same way. PATH defaults to the casebook next to this binary.

      incidents --count 100000 --out FILE [--seed N]
          Write a deterministic corpus of incidents as JSON Lines, in the incident format.
      kb FILE [--binary PATH] [--runs 30] [--db PATH]
          Import FILE into a fresh knowledge base with `casebook import` (incidents/s), then time
          `search`, `list` and `show` as whole processes; medians and p90, against /bin/true.
          --db reuses a knowledge base FILE was already imported into, and times only the queries.

      --json   print the result as JSON instead of a table.
    """

/// The casebook binary built beside this one, as SwiftPM puts both in the same folder.
func siblingCasebook() -> String {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("casebook").path
}

/// Runs the job named first on the command line with the options after it.
func runJob(_ job: String?, _ options: Options) throws -> any TableReport {
    guard let job else { throw UsageError("no job given") }
    switch job {
    case "generate":
        guard let sizeText = options.string("size"), let size = Options.byteCount(sizeText) else {
            throw UsageError("generate needs --size, such as 100MB")
        }
        guard let out = options.string("out") else { throw UsageError("generate needs --out FILE") }
        guard let seed = UInt64(options.string("seed") ?? "1") else { throw UsageError("--seed takes a number") }
        return try Generate(size: size, path: out, seed: seed).run()
    case "throughput":
        guard let path = options.positional.first else { throw UsageError("throughput needs a FILE") }
        return try Throughput(
            path: path, runs: options.int("runs", default: 5, in: 1...1000),
            chunkSize: options.int("chunk-size", default: 1 << 20, in: 65536...(1 << 28))
        ).run()
    case "paste":
        let binary = options.string("binary") ?? siblingCasebook()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw UsageError("no casebook binary at \(binary); build it or pass --binary PATH")
        }
        return try PasteLatency(binary: binary, runs: options.int("runs", default: 30, in: 1...10_000)).run()
    case "incidents":
        guard let out = options.string("out") else { throw UsageError("incidents needs --out FILE") }
        guard let seed = UInt64(options.string("seed") ?? "1") else { throw UsageError("--seed takes a number") }
        let count = try options.int("count", default: 100_000, in: 1...10_000_000)
        return try IncidentCorpus(count: count, path: out, seed: seed).run()
    case "kb":
        guard let corpus = options.positional.first else { throw UsageError("kb needs a FILE of incidents") }
        let binary = options.string("binary") ?? siblingCasebook()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw UsageError("no casebook binary at \(binary); build it or pass --binary PATH")
        }
        return try KnowledgeBaseLatency(
            binary: binary, corpus: corpus, runs: options.int("runs", default: 30, in: 1...10_000),
            database: options.string("db")
        ).run()
    default:
        throw UsageError("unknown job '\(job)'")
    }
}

let arguments = CommandLine.arguments.dropFirst()
do {
    let options = try Options(
        arguments.dropFirst(), valued: ["size", "out", "seed", "runs", "binary", "count", "db", "chunk-size"],
        flags: ["json"])
    let report = try runJob(arguments.first, options)
    if options.flag("json") {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
        print(report.table.rendered, terminator: "")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("casebook-bench: \(error)\n\n\(usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("casebook-bench: \(error)\n".utf8))
    exit(1)
}
