import ArgumentParser
import Foundation
import Sanitizer
import Store

/// `casebook export [FILE|-]`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every incident as JSON Lines, one incident per line, in the incident format.")

    @Argument(help: "The file to write; '-' or none writes standard output.") var file: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let base = try store.open()
        let handle: FileHandle
        if let file, file != "-" {
            guard FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]),
                let opened = FileHandle(forWritingAtPath: file)
            else { throw CommandFailure("cannot write \(file); check that its folder exists and is writable") }
            handle = opened
        } else {
            handle = .standardOutput
        }
        var buffer = Data()
        try base.export { line in
            buffer.append(contentsOf: line)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
    }
}

/// `casebook import [FILE|-]`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import incidents from JSON Lines (idempotent by reference).",
        discussion: """
            Each line is sanitized, then stored; an incident whose id is already there is replaced. A line that \
            cannot be read is reported by its number and skipped, and the rest is imported. Each batch is one \
            transaction: an interrupted import leaves whole batches only.
            """)

    @Argument(help: "The JSON Lines file; '-' or none reads standard input.") var file: String?
    @Option(help: "Lines per transaction.") var batchSize: Int = 5000
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let source = try PayloadSource(path: file ?? "-")
        let base = try store.open(classifying: true)
        let showProgress = Output.standardErrorIsTerminal
        let report = try base.importIncidents(
            from: source, batchSize: batchSize,
            progress: showProgress
                ? { count in FileHandle.standardError.write(Data("\rimported \(count) lines…".utf8)) } : nil)
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for skipped in report.skipped.prefix(50) {
            FileHandle.standardError.write(
                Data("casebook: \(source.name): line \(skipped.line) skipped: \(skipped.reason)\n".utf8))
        }
        if report.skipped.count > 50 {
            FileHandle.standardError.write(Data("casebook: \(report.skipped.count - 50) more lines skipped\n".utf8))
        }
        if output.json {
            try Output.json(
                ImportSummary(
                    added: report.added, updated: report.updated,
                    skipped: report.skipped.map { ImportSummary.Skipped(line: $0.line, reason: $0.reason) }))
        } else {
            Output.text(
                "Imported \(report.added + report.updated) incident(s): \(report.added) new, \(report.updated) updated"
                    + (report.skipped.isEmpty ? "." : "; \(report.skipped.count) line(s) skipped."))
        }
        // Some lines could not be imported: the input had errors, even though the rest is stored.
        if !report.skipped.isEmpty { throw ExitCode(2) }
    }
}

struct ImportSummary: Encodable {
    struct Skipped: Encodable {
        var line: Int
        var reason: String
    }

    var added: Int
    var updated: Int
    var skipped: [Skipped]
}
