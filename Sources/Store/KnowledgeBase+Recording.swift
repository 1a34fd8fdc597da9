import Evidence
import Foundation
import GRDB

/// What `casebook new` opens.
public struct NewIncident: Sendable {
    public var title: String
    public var summary: String?
    public var service: String?
    public var environment: String?
    public var severity: Severity?
    public var startedAt: Date?
    public var detectedAt: Date?
    public var tags: [String]

    public init(
        title: String, summary: String? = nil, service: String? = nil, environment: String? = nil,
        severity: Severity? = nil, startedAt: Date? = nil, detectedAt: Date? = nil, tags: [String] = []
    ) {
        self.title = title
        self.summary = summary
        self.service = service
        self.environment = environment
        self.severity = severity
        self.startedAt = startedAt
        self.detectedAt = detectedAt
        self.tags = tags
    }
}

extension KnowledgeBase {
    /// Opens an incident and returns its reference (`INC-0042`). It is detected now unless told otherwise, and
    /// started when it was detected unless told otherwise.
    public func open(_ incident: NewIncident, now: Date = Date()) throws(StoreError) -> String {
        guard !incident.title.trimmingWhitespace().isEmpty else {
            throw .input("the title is empty; say in a few words what fails")
        }
        let detected = incident.detectedAt ?? now
        var row = IncidentRow(
            reference: "", title: try sanitized(incident.title), summary: try sanitized(incident.summary),
            service: try sanitized(incident.service), environment: try sanitized(incident.environment),
            severity: incident.severity?.rawValue, status: IncidentStatus.open.rawValue,
            tags: try Self.tagsJSON(incident.tags.map { tag throws(StoreError) in try sanitized(tag) }),
            startedAt: Timestamp.format(incident.startedAt ?? detected), detectedAt: Timestamp.format(detected),
            createdAt: Timestamp.format(now))
        return try write { db in
            row.reference = try ReferenceCounter.next(db)
            try row.insert(db)
            try TimelineRow(incident: row.id ?? 0, at: now, event: "opened", detail: row.title).insert(db)
            return row.reference
        }
    }

    /// The pack with its secrets and personal data masked: its JSON goes through the sanitizer as JSON.
    func sanitized(_ pack: EvidencePack) throws(StoreError) -> EvidencePack {
        let clean = try sanitized(json: pack.json.jsonBytes())
        guard let json = JSONValue.parse(clean), let decoded = try? EvidencePack(json: json) else {
            throw .input(
                "the sanitized evidence pack could not be read back; check it with `casebook evidence template`")
        }
        return decoded
    }

    /// Records the root cause (replacing an earlier one) and returns the incident's reference. The incident is
    /// clarified at `at` (now by default), unless it already was.
    @discardableResult
    public func recordCause(
        _ text: String, bucket: TriageBucket?, mismatch: MismatchCategory?, for reference: String, at: Date? = nil,
        now: Date = Date()
    ) throws(StoreError) -> String {
        let clean = try sanitized(Self.nonEmpty(text, what: "root cause"))
        let now = at ?? now
        return try write { db in
            let (incident, reference) = try IncidentRow.find(reference, in: db)
            try db.run(
                """
                INSERT INTO root_cause(incident_id, text, bucket, mismatch_category, recorded_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(incident_id) DO UPDATE SET text = excluded.text,
                    bucket = coalesce(excluded.bucket, bucket),
                    mismatch_category = coalesce(excluded.mismatch_category, mismatch_category),
                    recorded_at = excluded.recorded_at
                """, [incident, clean, bucket?.rawValue, mismatch?.rawValue, Timestamp.format(now)])
            try db.run(
                "UPDATE incident SET clarified_at = coalesce(clarified_at, ?) WHERE id = ?",
                [Timestamp.format(now), incident])
            try TimelineRow(incident: incident, at: now, event: "cause", detail: clean).insert(db)
            return reference
        }
    }

    /// Records a fix and returns the incident's reference. A mitigation moves an open incident to `mitigated`.
    @discardableResult
    public func recordFix(_ text: String, kind: Fix.Kind, for reference: String, at: Date? = nil, now: Date = Date())
        throws(StoreError) -> String
    {
        let clean = try sanitized(Self.nonEmpty(text, what: "fix"))
        let now = at ?? now
        return try write { db in
            let (incident, reference) = try IncidentRow.find(reference, in: db)
            var row = FixRow(incident: incident, text: clean, kind: kind, recordedAt: now)
            try row.insert(db)
            if kind == .mitigation {
                try db.run("UPDATE incident SET status = 'mitigated' WHERE id = ? AND status = 'open'", [incident])
            }
            try TimelineRow(incident: incident, at: now, event: "fix (\(kind.rawValue))", detail: clean).insert(db)
            return reference
        }
    }

    /// Records a follow-up action and returns its id (for `casebook action done ID`).
    ///
    /// - Parameter due: the day it is due; stored as that day in UTC (`2026-07-01`).
    public func addAction(_ text: String, owner: String?, due: Date?, for reference: String, now: Date = Date())
        throws(StoreError) -> Int64
    {
        let action = Action(
            text: try sanitized(Self.nonEmpty(text, what: "action")), owner: try sanitized(owner),
            due: due.map { Timestamp($0).day })
        return try write { db in
            var row = ActionRow(incident: try IncidentRow.id(of: reference, in: db), action, createdAt: now)
            try row.insert(db)
            let id = row.id ?? 0
            try TimelineRow(incident: row.incidentId, at: now, event: "action #\(id)", detail: action.text).insert(db)
            return id
        }
    }

    /// Marks action `id` done and returns its incident's reference.
    @discardableResult
    public func completeAction(_ id: Int64, now: Date = Date()) throws(StoreError) -> String {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT a.incident_id, i.reference FROM action a JOIN incident i ON i.id = a.incident_id WHERE a.id = ?",
                    arguments: [id])
            else { throw StoreError.input("no action #\(id); `casebook show REF` lists an incident's actions") }
            try db.run(
                "UPDATE action SET done = 1, done_at = coalesce(done_at, ?) WHERE id = ?", [Timestamp.format(now), id])
            try TimelineRow(incident: row[0], at: now, event: "action #\(id) done", detail: nil).insert(db)
            return row[1]
        }
    }

    /// Marks the incident resolved at `at` (now by default) and returns its reference. Resolving twice keeps the
    /// first time.
    @discardableResult
    public func resolve(_ reference: String, at: Date? = nil, now: Date = Date()) throws(StoreError) -> String {
        let when = Timestamp.format(at ?? now)
        return try write { db in
            let (incident, reference) = try IncidentRow.find(reference, in: db)
            try db.run(
                """
                UPDATE incident SET status = 'resolved', resolved_at = coalesce(resolved_at, ?),
                    clarified_at = coalesce(clarified_at, ?)
                WHERE id = ?
                """, [when, when, incident])
            try TimelineRow(incident: incident, at: at ?? now, event: "resolved", detail: nil).insert(db)
            return reference
        }
    }

    static func nonEmpty(_ text: String, what: String) throws(StoreError) -> String {
        let trimmed = String(text.trimmingWhitespace())
        guard !trimmed.isEmpty else { throw .input("the \(what) is empty; say it in a sentence") }
        return trimmed
    }

    static func tagsJSON(_ tags: [String]) throws(StoreError) -> String {
        let cleaned = tags.map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        return JSONValue.array(cleaned.map(JSONValue.string)).jsonText
    }
}
