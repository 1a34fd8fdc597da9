import Evidence
import Matcher
import Store

/// A suggestion as `suggest --json` prints it (INTERFACE.md's shape, with the reasons and the postmortem view).
struct SuggestionResult: Encodable {
    var headline: String
    var bucket: String?
    var confidence: Double
    var why: [String]
    var mismatchCategory: String?
    var categoryConfidence: Double
    var categoryWhy: [String]
    var playbook: String?
    var categoryPlaybook: String?
    var postmortemView: String?
    var disagreement: String?
    var seenBefore: SeenBeforeResult?
    var similar: [SimilarResult]

    init(_ suggestion: Suggestion) {
        let verdict = suggestion.verdict
        headline = suggestion.pack.headline
        bucket = verdict.bucket?.rawValue
        confidence = verdict.confidence
        why = verdict.reasons
        mismatchCategory = verdict.category?.rawValue
        categoryConfidence = verdict.categoryConfidence
        categoryWhy = verdict.categoryReasons
        playbook = verdict.playbook
        categoryPlaybook = verdict.categoryPlaybook
        postmortemView = verdict.view?.rawValue
        disagreement = suggestion.disagreement
        seenBefore = suggestion.seenBefore.map(SeenBeforeResult.init)
        similar = suggestion.similar.map(SimilarResult.init)
    }

    enum CodingKeys: String, CodingKey {
        case headline, bucket, confidence, why, playbook, disagreement, similar
        case mismatchCategory = "mismatch_category"
        case categoryConfidence = "category_confidence"
        case categoryWhy = "category_why"
        case categoryPlaybook = "category_playbook"
        case postmortemView = "postmortem_view"
        case seenBefore = "seen_before"
    }
}

/// One similar incident in `suggest --json` and `evidence add --json`.
struct SimilarResult: Encodable {
    var id: String
    var score: Double
    var why: [String]
    var title: String
    var status: String
    var bucket: String?
    var mismatchCategory: String?
    var rootCause: String?
    var fix: String?
    var openActions: [String]

    init(_ incident: SimilarIncident) {
        id = incident.reference
        score = incident.score
        why = incident.why
        title = incident.title
        status = incident.status
        bucket = incident.bucket?.rawValue
        mismatchCategory = incident.category?.rawValue
        rootCause = incident.rootCause?.text
        fix = incident.fix?.text
        openActions = incident.openActions.map { "#\($0.id.map(String.init) ?? "-") \($0.text)" }
    }

    enum CodingKeys: String, CodingKey {
        case id, score, why, title, status, bucket, fix
        case mismatchCategory = "mismatch_category"
        case rootCause = "root_cause"
        case openActions = "open_actions"
    }
}

/// A playbook in `playbook list --json` and `playbook show --json`.
struct PlaybookResult: Encodable {
    var name: String
    var kind: String
    var subject: String
    var title: String
    var summary: String
    var source: String
    var signals: Int
    var markdown: String?

    init(_ playbook: Playbook) { self.init(playbook, withBody: false) }

    init(_ playbook: Playbook, withBody: Bool) {
        name = playbook.name
        kind = playbook.subject.kind
        subject = playbook.subject.value
        title = playbook.title
        summary = playbook.summary
        source = playbook.source
        signals = playbook.signals.count
        markdown = withBody ? playbook.body : nil
    }
}
