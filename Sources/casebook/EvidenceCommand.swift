import ArgumentParser
import Evidence
import Foundation
import Matcher
import Store

extension EvidenceFormat: ExpressibleByArgument {}

/// `casebook evidence add` and `casebook evidence template`.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Capture evidence packs.", subcommands: [Add.self, Template.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Sanitize and store an evidence pack, and print its triage bucket and playbook.",
            discussion: """
                Reads a curl command, a curl -v transcript, a raw HTTP exchange, a HAR file (each failed entry, \
                or --entry N), an evidence-pack JSON, or logs and stack traces. The input is sanitized before it \
                is read; the raw input never touches the disk.
                """)

        @Argument(help: "The incident's reference.") var reference: String
        @Argument(help: "The evidence file; '-' or none reads standard input.") var file: String?
        @Option(help: "The input's format; auto tells it from the content.") var format: EvidenceFormat = .auto
        @Option(help: "For a HAR file: the entry to read (1-based) instead of every failed one.") var entry: Int?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let raw = try PayloadSource(path: file ?? "-").readAll()
            let base = try store.open()
            let packs = try Failure.map { () throws(StoreError) in try base.capture(raw, format: format, entry: entry) }
            let verdicts = packs.map(Triage.classify)
            let stored = try Failure.map { () throws(StoreError) in
                try base.addEvidence(zip(packs, verdicts).map { ($0, $1.bucket) }, to: reference)
            }
            let results = zip(stored.ids, zip(packs, verdicts)).map { id, item in
                EvidenceResult(id: id, headline: item.0.headline, verdict: item.1)
            }
            if output.json { return try Output.json(results) }
            for result in results {
                var text = "Evidence #\(result.id) for \(stored.reference): \(result.headline)\n"
                if let bucket = result.bucket {
                    text += "bucket: \(bucket)\nplaybook: \(result.playbook ?? bucket)\n"
                    text += "why: \(result.why.joined(separator: "; "))\n"
                } else {
                    text += "bucket: unknown (no status, failure or error text to judge by)\n"
                }
                Output.text(text)
            }
        }
    }

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template", abstract: "Print an empty evidence pack to fill in.")

        func run() throws { try Output.json(EvidencePack.template) }
    }
}

/// One stored pack, as `evidence add --json` prints it.
struct EvidenceResult: Encodable {
    var id: Int64
    var headline: String
    var bucket: String?
    var playbook: String?
    var why: [String]

    init(id: Int64, headline: String, verdict: TriageVerdict) {
        self.id = id
        self.headline = headline
        bucket = verdict.bucket?.rawValue
        playbook = verdict.playbook
        why = verdict.reasons
    }
}
