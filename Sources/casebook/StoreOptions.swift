import ArgumentParser
import Evidence
import Foundation
import Store

/// `--db`, shared by every command that reads or writes the knowledge base.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The knowledge base file (default: $CASEBOOK_DB, else $XDG_DATA_HOME/casebook/casebook.sqlite).",
            valueName: "path"))
    var db: String?

    func open() throws -> KnowledgeBase {
        try Failure.map { () throws(StoreError) in try KnowledgeBase(path: db ?? KnowledgeBase.defaultPath()) }
    }
}

/// `--json`, for every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON document instead of text.")
    var json = false
}

/// The filters `list`, `search` and `stats` share.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only incidents with this status (open, mitigated, resolved).")
    var status: String?

    @Option(help: "Only incidents of this service.")
    var service: String?

    @Option(help: "Only incidents in this triage bucket (client, auth, rate_limit, upstream, server).")
    var bucket: String?

    @Option(help: ArgumentHelp("Only incidents that started on or after this date (2026-06-01).", valueName: "date"))
    var since: String?

    func filter() throws -> IncidentFilter {
        var filter = IncidentFilter(status: status, service: service)
        if let bucket {
            guard let parsed = TriageBucket(loosely: bucket) else {
                throw CommandFailure.input("--bucket \(bucket) is not a bucket; use one of \(TriageBucket.names)")
            }
            filter.bucket = parsed
        }
        if let since { filter.since = try Dates.parse(since, option: "--since") }
        return filter
    }
}

enum Dates {
    static func parse(_ text: String, option: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw CommandFailure.input("\(option) \(text) is not a date; write 2026-06-19 or 2026-06-19T09:12:00Z")
        }
        return date
    }
}

/// Maps library errors to the CLI's exit codes.
enum Failure {
    static func map<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw error.kind == .input
                ? CommandFailure.input(error.description) : CommandFailure.store(error.description)
        }
    }
}

/// Printing JSON and text to standard output.
enum Output {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable) throws {
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func text(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Whether standard error is a terminal (for progress lines).
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
