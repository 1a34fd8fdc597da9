import ArgumentParser
import Evidence
import Foundation
import Matcher
import Sanitizer
import Store

/// `casebook suggest [FILE|-]`.
struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "For new evidence: the bucket, the mismatch category, the playbook, and the similar past incidents.",
        discussion: """
            Reads any input `evidence add` reads (or an incident JSON), sanitized before it is read, and stores \
            nothing. With --json: one object for one pack, an array when the input holds several (a HAR file with \
            several failed entries).
            """)

    @Argument(help: "The evidence file; '-' or none reads standard input.") var file: String?
    @Option(help: "The input's format; auto tells it from the content.") var format: EvidenceFormat = .auto
    @Option(help: "For a HAR file or a list of packs: the entry to read (1-based).") var entry: Int?
    @Option(help: "How many similar incidents to show.") var limit: Int = 5
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let raw = try PayloadSource(path: file ?? "-").readAll()
        let suggestions = try store.matcher().suggest(raw, format: format, entry: entry, limit: limit)
        if output.json {
            let results = suggestions.map(SuggestionResult.init)
            return results.count == 1 ? try Output.json(results[0]) : try Output.json(results)
        }
        Output.text(suggestions.map(\.text).joined(separator: "\n"))
    }
}

/// `casebook playbook list` and `casebook playbook show NAME`.
struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook", abstract: "The playbooks: one per triage bucket and per mismatch category.",
        discussion: """
            Built-in playbooks are compiled in; your own, in $XDG_CONFIG_HOME/casebook/playbooks/ \
            (~/.config/casebook/playbooks/), are added, and one with a built-in playbook's name replaces it.
            """,
        subcommands: [ListPlaybooks.self, ShowPlaybook.self])

    struct ListPlaybooks: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the playbooks.")
        @OptionGroup var output: OutputOptions

        func run() throws {
            let library = try PlaybookLibrary.load()
            if output.json { return try Output.json(library.playbooks.map(PlaybookResult.init)) }
            Output.text(
                library.playbooks.map { playbook in
                    let kind = "\(playbook.subject.kind) \(playbook.subject.value)"
                    let source = playbook.source.hasPrefix("built-in") ? "" : "  (\(playbook.source))"
                    return "\(playbook.name.padding(toLength: 15, withPad: " ", startingAt: 0)) "
                        + "\(kind.padding(toLength: 22, withPad: " ", startingAt: 0)) \(playbook.title)\(source)"
                }.joined(separator: "\n"))
        }
    }

    struct ShowPlaybook: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a playbook as Markdown.")
        @Argument(help: "The playbook's name (see `casebook playbook list`).") var name: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let library = try PlaybookLibrary.load()
            guard let playbook = library.playbook(named: name) else {
                let names = library.playbooks.map(\.name).joined(separator: ", ")
                throw CommandFailure("no playbook named \(name.prefix(40)); the playbooks are \(names)")
            }
            if output.json { return try Output.json(PlaybookResult(playbook, withBody: true)) }
            Output.text(playbook.body)
        }
    }
}

/// `casebook eval`.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "How well the matcher works on this knowledge base, by leave-one-out.",
        discussion: """
            Each incident with a confirmed bucket (a root cause recorded with --bucket) is taken as new, without \
            itself: bucket and category accuracy, the status-code traps, and Hit@1, Hit@3 and MRR of the similar \
            incidents, beside plain BM25. Incidents are the same failure when they share an imported `family`, \
            else a root cause's bucket and category and an error signature or fingerprint.
            """)

    @Option(help: "Judge only the newest N incidents.") var limit: Int?
    @Flag(help: "List each incident the matcher got wrong.") var misses = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var report = try store.matcher().evaluate(limit: limit)
        if !misses { report.misses = [] }
        if output.json { return try Output.json(report) }
        Output.text(report.text)
    }
}
