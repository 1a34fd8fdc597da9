import ArgumentParser
import Evidence
import Foundation
import Matcher
import Sanitizer
import Store

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
            let (capture, suggestions) = try store.matcher().addEvidence(
                raw, format: format, entry: entry, to: reference)
            if output.json {
                return try Output.json(zip(capture.evidence, suggestions).map(EvidenceResult.init))
            }
            for (item, suggestion) in zip(capture.evidence, suggestions) {
                var text = "Evidence #\(item.id) for \(capture.reference): \(item.headline)\n"
                if let bucket = item.verdict.bucket {
                    text += "bucket: \(bucket.rawValue)\nplaybook: \(item.verdict.playbook ?? bucket.rawValue)\n"
                    text += "why: \(item.verdict.reasons.joined(separator: "; "))\n"
                } else {
                    text += "bucket: unknown (no status, failure or error text to judge by)\n"
                }
                if let category = suggestion.verdict.category {
                    text += "mismatch: \(category.rawValue) (playbook: \(suggestion.verdict.categoryPlaybook ?? ""))\n"
                }
                if let disagreement = suggestion.disagreement { text += "note: \(disagreement)\n" }
                if let seen = suggestion.seenBefore { text += "\(seen.summary)\n" }
                for similar in suggestion.similar {
                    text +=
                        "similar: \(similar.reference) (\(String(format: "%.2f", similar.score))) \(similar.title)\n"
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
    var mismatchCategory: String?
    var categoryPlaybook: String?
    var seenBefore: SeenBeforeResult?
    var similar: [SimilarResult]

    init(_ captured: CapturedEvidence, suggestion: Suggestion) {
        id = captured.id
        headline = captured.headline
        bucket = captured.verdict.bucket?.rawValue
        playbook = captured.verdict.playbook
        why = captured.verdict.reasons
        mismatchCategory = suggestion.verdict.category?.rawValue
        categoryPlaybook = suggestion.verdict.categoryPlaybook
        seenBefore = suggestion.seenBefore.map(SeenBeforeResult.init)
        similar = suggestion.similar.map(SimilarResult.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, headline, bucket, playbook, why, similar
        case mismatchCategory = "mismatch_category"
        case categoryPlaybook = "category_playbook"
        case seenBefore = "seen_before"
    }
}

/// The incidents that failed the same way, as `evidence add --json` prints them.
struct SeenBeforeResult: Encodable {
    var times: Int
    var incidents: [String]
    var last: String?
    var lastRecordedAt: String?

    init(_ seen: SeenBefore) {
        times = seen.times
        incidents = seen.incidents.map(\.reference)
        last = seen.last?.reference
        lastRecordedAt = seen.last?.recordedAt.map { Timestamp($0).description }
    }

    enum CodingKeys: String, CodingKey {
        case times, incidents, last
        case lastRecordedAt = "last_recorded_at"
    }
}
