import Evidence
import Foundation
import GRDB

/// Which incidents `list` and `search` show.
public struct IncidentFilter: Sendable {
    public var status: String?
    public var service: String?
    public var bucket: TriageBucket?
    /// Incidents that started at or after this instant.
    public var since: Date?

    public init(status: String? = nil, service: String? = nil, bucket: TriageBucket? = nil, since: Date? = nil) {
        self.status = status
        self.service = service
        self.bucket = bucket
        self.since = since
    }

    /// The SQL condition on `incident AS i`, and its arguments.
    var condition: (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let status {
            clauses.append("i.status = ?")
            _ = arguments.append(contentsOf: [status.lowercased()])
        }
        if let service {
            clauses.append("i.service = ?")
            _ = arguments.append(contentsOf: [service])
        }
        if let bucket {
            clauses.append("i.bucket = ?")
            _ = arguments.append(contentsOf: [bucket.rawValue])
        }
        if let since {
            clauses.append("coalesce(i.started_at, i.created_at) >= ?")
            _ = arguments.append(contentsOf: [Timestamp.format(since)])
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }

}

extension KnowledgeBase {
    /// The whole incident `reference` names.
    public func incident(_ reference: String) throws(StoreError) -> Incident {
        try read { db in
            let id = try IncidentRow.id(of: reference, in: db)
            return try Self.incidents(ids: [id], in: db)[0]
        }
    }

    /// Incidents newest first (by start), at most `limit` of them (all when nil).
    public func list(_ filter: IncidentFilter = IncidentFilter(), limit: Int? = 50) throws(StoreError) -> [Incident] {
        try read { db in
            let condition = filter.condition
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT i.id FROM incident i WHERE \(condition.sql)
                    ORDER BY coalesce(i.started_at, i.created_at) DESC, i.id DESC LIMIT ?
                    """,
                arguments: condition.arguments + [limit ?? -1])
            return try Self.incidents(ids: ids, in: db)
        }
    }

    /// How many incidents the knowledge base holds.
    public func count() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incident") ?? 0 }
    }

    /// Loads incidents with everything recorded about them, in the order of `ids`, with one query per table.
    static func incidents(ids: [Int64], in db: Database) throws -> [Incident] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        let rows = try IncidentRow.fetchAll(db, sql: "SELECT * FROM incident WHERE id IN (\(list))")
        var byID: [Int64: Incident] = [:]
        for row in rows {
            guard let id = row.id else { continue }
            var incident = Incident(
                id: row.reference, title: row.title, summary: row.summary, service: row.service,
                environment: row.environment, severity: row.severity, status: row.status,
                startedAt: row.startedAt.flatMap(Timestamp.parse), detectedAt: row.detectedAt.flatMap(Timestamp.parse),
                clarifiedAt: row.clarifiedAt.flatMap(Timestamp.parse),
                resolvedAt: row.resolvedAt.flatMap(Timestamp.parse), tags: row.tagList)
            if let extra = row.extra, case .object(let members)? = JSONValue.parse(extra.utf8) {
                incident.extra = members
            }
            byID[id] = incident
        }
        for row in try EvidenceRow.fetchAll(
            db, sql: "SELECT * FROM evidence WHERE incident_id IN (\(list)) ORDER BY id")
        {
            guard let pack = try? row.decodedPack() else { continue }
            byID[row.incidentId]?.evidence.append(
                StoredEvidence(
                    id: row.id, pack: pack, bucket: row.bucket.flatMap(TriageBucket.init(rawValue:)),
                    recordedAt: Timestamp.parse(row.recordedAt)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM root_cause WHERE incident_id IN (\(list))") {
            byID[row["incident_id"]]?.rootCause = RootCause(
                text: row["text"], bucket: (row["bucket"] as String?).flatMap(TriageBucket.init(rawValue:)),
                mismatchCategory: (row["mismatch_category"] as String?).flatMap(MismatchCategory.init(rawValue:)),
                recordedAt: (row["recorded_at"] as String?).flatMap(Timestamp.parse))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM fix WHERE incident_id IN (\(list)) ORDER BY id") {
            byID[row["incident_id"]]?.fixes.append(
                Fix(
                    text: row["text"], kind: Fix.Kind(rawValue: row["kind"]) ?? .permanent,
                    recordedAt: (row["recorded_at"] as String?).flatMap(Timestamp.parse)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM action WHERE incident_id IN (\(list)) ORDER BY id") {
            byID[row["incident_id"]]?.actions.append(
                Action(
                    id: row["id"], text: row["text"], owner: row["owner"], due: row["due"], done: row["done"],
                    doneAt: (row["done_at"] as String?).flatMap(Timestamp.parse)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM timeline WHERE incident_id IN (\(list)) ORDER BY at, id") {
            guard let at = (row["at"] as String?).flatMap(Timestamp.parse) else { continue }
            byID[row["incident_id"]]?.timeline.append(TimelineEntry(at: at, event: row["event"], detail: row["detail"]))
        }
        return ids.compactMap { byID[$0] }
    }
}
