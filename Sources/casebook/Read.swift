import ArgumentParser
import Evidence
import Foundation
import Matcher
import Store

/// The arguments of a command that prints one incident: its reference, the knowledge base, `--json`.
struct IncidentArguments: ParsableArguments {
    @Argument(help: "The incident's reference (INC-0042, inc-42 or 42).") var reference: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    /// The whole incident the reference names.
    func incident() throws -> Incident { try store.open().incident(reference) }
}

/// `casebook show REF`.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a whole incident.")

    @OptionGroup var arguments: IncidentArguments

    func run() throws {
        if arguments.output.json { return try Output.json(try arguments.incident().json(withLocalIDs: true)) }
        let base = try arguments.store.open(classifying: true)
        let incident = try base.incident(arguments.reference)
        Output.text(incident.text + (try SimilarIncidents.related(to: incident, in: base)).relatedText)
    }
}

/// `casebook list`.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List incidents, newest first.")

    @Option(help: "How many to show (default 50).") var limit: Int = 50
    @Flag(help: "Show them all.") var all = false
    @OptionGroup var filters: FilterOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let incidents = try store.open().list(filters.filter, limit: all ? nil : limit)
        if output.json { return try Output.json(incidents.map(\.json)) }
        if incidents.isEmpty { return Output.text("No incidents. Open one with: casebook new \"what fails\"") }
        Output.text(incidents.map(\.listLine).joined(separator: "\n"))
    }
}

/// `casebook search QUERY`.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over everything stored, ranked, with highlighted snippets.",
        discussion: """
            Plain words must all match, stemmed ('refused' finds 'refusing'). FTS5 syntax works too: "exact \
            phrase", prefixes (time*), OR, NOT, NEAR, and column filters such as cause:timeout (columns: title, \
            summary, tags, cause, fix, evidence, action). When more than 2,000 documents match, the newest \
            2,000 are ranked.
            """)

    @Argument(help: "What to look for.") var query: [String]
    @Option(help: "How many incidents to show.") var limit: Int = 20
    @OptionGroup var filters: FilterOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let marks = output.json || !Output.standardOutputIsTerminal ? ("[", "]") : ("\u{1B}[1m", "\u{1B}[0m")
        let hits = try store.open().search(
            query.joined(separator: " "), filter: filters.filter, limit: limit, highlight: marks)
        if output.json { return try Output.json(hits.map(SearchResult.init)) }
        if hits.isEmpty { return Output.text("No incident matches.") }
        Output.text(
            hits.map { hit in
                "\(hit.reference)  \(hit.status)  \(hit.title)\n    \(hit.matchedIn): \(hit.snippet)"
            }.joined(separator: "\n"))
    }
}

/// One hit, as `search --json` prints it.
struct SearchResult: Encodable {
    var id: String
    var title: String
    var status: String
    var service: String?
    var score: Double
    var matchedIn: String
    var snippet: String

    init(_ hit: SearchHit) {
        id = hit.reference
        title = hit.title
        status = hit.status
        service = hit.service
        score = (hit.score * 1000).rounded() / 1000
        matchedIn = hit.matchedIn
        snippet = hit.snippet
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, service, score, snippet
        case matchedIn = "matched_in"
    }
}

/// `casebook postmortem REF`.
struct PostmortemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem", abstract: "Print the incident's blameless postmortem as Markdown.")

    @OptionGroup var arguments: IncidentArguments

    func run() throws {
        let postmortem = Postmortem(try arguments.incident())
        if arguments.output.json { try Output.json(postmortem) } else { Output.text(postmortem.markdown) }
    }
}

/// `casebook stats`.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts by bucket, service and month; MTTD, MTTC, MTTR; recurring fingerprints.")

    @OptionGroup var filters: FilterOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let stats = try store.open().statistics(filters.filter)
        if output.json { try Output.json(stats) } else { Output.text(stats.text) }
    }
}
