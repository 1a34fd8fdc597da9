import ArgumentParser
import Evidence
import Foundation
import Matcher
import Store

/// `--db`, shared by every command that reads or writes the knowledge base.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The knowledge base file (default: $CASEBOOK_DB, else $XDG_DATA_HOME/casebook/casebook.sqlite).",
            valueName: "path"))
    var db: String?

    /// The knowledge base. With `classifying`, it triages by the built-in playbooks and the user's own, read now
    /// (a bad file is an error before anything is done); without, by the built-in ones should it classify at all,
    /// so that commands that only read never load a playbook.
    func open(classifying: Bool = false) throws -> KnowledgeBase {
        let path = db ?? KnowledgeBase.defaultPath()
        guard classifying else { return try KnowledgeBase(path: path) }
        let triage = Triage(try PlaybookLibrary.load())
        return try KnowledgeBase(path: path, triage: { triage })
    }

    /// The matcher over the knowledge base, with the user's playbooks.
    func matcher() throws -> IncidentMatcher {
        let base = try open(classifying: true)
        return IncidentMatcher(base: base, triage: base.triage)
    }
}

/// `--json`, for every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON document instead of text.")
    var json = false
}

/// The filters `list`, `search` and `stats` share.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only incidents with this status.")
    var status: IncidentStatus?

    @Option(help: "Only incidents of this service.")
    var service: String?

    @Option(help: "Only incidents in this triage bucket.")
    var bucket: TriageBucket?

    @Option(help: ArgumentHelp("Only incidents that started on or after this date (2026-06-01).", valueName: "date"))
    var since: Timestamp?

    var filter: IncidentFilter {
        IncidentFilter(status: status, service: service, bucket: bucket, since: since?.date)
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
