import Evidence
import Foundation

/// An incident in Casebook's incident format: what `show --json`, `export` and `import` speak.
///
/// Decoding is lenient, as INTERFACE.md promises: `id` is optional, `evidence` may be one pack or a list,
/// `root_cause` and `fix` may be plain strings, `summary` may be spelled `report`, and fields Casebook does not
/// know are kept in ``extra`` and written back on export.
public struct Incident: Sendable, Equatable {
    /// The reference, such as `INC-0042`.
    public var id: String?
    public var title: String
    public var summary: String?
    public var service: String?
    public var environment: String?
    public var severity: String?
    public var status: String
    public var startedAt: Date?
    public var detectedAt: Date?
    public var clarifiedAt: Date?
    public var resolvedAt: Date?
    public var tags: [String]
    public var evidence: [StoredEvidence]
    public var rootCause: RootCause?
    public var fixes: [Fix]
    public var actions: [Action]
    public var timeline: [TimelineEntry]
    /// Fields of an imported incident that Casebook does not know, kept as given.
    public var extra: [String: JSONValue]

    public init(
        id: String? = nil, title: String, summary: String? = nil, service: String? = nil, environment: String? = nil,
        severity: String? = nil, status: String = "open", startedAt: Date? = nil, detectedAt: Date? = nil,
        clarifiedAt: Date? = nil, resolvedAt: Date? = nil, tags: [String] = [], evidence: [StoredEvidence] = [],
        rootCause: RootCause? = nil, fixes: [Fix] = [], actions: [Action] = [], timeline: [TimelineEntry] = [],
        extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.service = service
        self.environment = environment
        self.severity = severity
        self.status = status
        self.startedAt = startedAt
        self.detectedAt = detectedAt
        self.clarifiedAt = clarifiedAt
        self.resolvedAt = resolvedAt
        self.tags = tags
        self.evidence = evidence
        self.rootCause = rootCause
        self.fixes = fixes
        self.actions = actions
        self.timeline = timeline
        self.extra = extra
    }

    /// The bucket the incident is filed under: its root cause's, else its latest evidence's.
    public var bucket: TriageBucket? { rootCause?.bucket ?? evidence.last?.bucket }
}

/// An evidence pack as stored: the sanitized pack, its bucket, and when it was recorded.
public struct StoredEvidence: Sendable, Equatable {
    public var id: Int64?
    public var pack: EvidencePack
    public var bucket: TriageBucket?
    public var recordedAt: Date?

    public init(id: Int64? = nil, pack: EvidencePack, bucket: TriageBucket? = nil, recordedAt: Date? = nil) {
        self.id = id
        self.pack = pack
        self.bucket = bucket
        self.recordedAt = recordedAt
    }

    public var fingerprint: EvidenceFingerprint { EvidenceFingerprint(pack) }
}

/// Why the incident happened, with the boundary that failed first and why it only failed in production.
public struct RootCause: Sendable, Equatable {
    public var text: String
    public var bucket: TriageBucket?
    public var mismatchCategory: MismatchCategory?
    public var recordedAt: Date?

    public init(
        text: String, bucket: TriageBucket? = nil, mismatchCategory: MismatchCategory? = nil, recordedAt: Date? = nil
    ) {
        self.text = text
        self.bucket = bucket
        self.mismatchCategory = mismatchCategory
        self.recordedAt = recordedAt
    }
}

/// A fix: a mitigation that stopped the bleeding, or the permanent change.
public struct Fix: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case mitigation, permanent
    }

    public var text: String
    public var kind: Kind
    public var recordedAt: Date?

    public init(text: String, kind: Kind = .permanent, recordedAt: Date? = nil) {
        self.text = text
        self.kind = kind
        self.recordedAt = recordedAt
    }
}

/// A follow-up action with its owner.
public struct Action: Sendable, Equatable {
    public var id: Int64?
    public var text: String
    public var owner: String?
    public var due: String?
    public var done: Bool
    public var doneAt: Date?

    public init(
        id: Int64? = nil, text: String, owner: String? = nil, due: String? = nil, done: Bool = false,
        doneAt: Date? = nil
    ) {
        self.id = id
        self.text = text
        self.owner = owner
        self.due = due
        self.done = done
        self.doneAt = doneAt
    }
}

/// One thing recorded about an incident, and when.
public struct TimelineEntry: Sendable, Equatable {
    public var at: Date
    /// `opened`, `evidence`, `cause`, `fix`, `action`, `action done`, `resolved`, `imported`...
    public var event: String
    public var detail: String?

    public init(at: Date, event: String, detail: String? = nil) {
        self.at = at
        self.event = event
        self.detail = detail
    }
}
