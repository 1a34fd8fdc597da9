import Evidence
import Foundation
import GRDB

/// Which incidents `list` and `search` show.
public struct IncidentFilter: Sendable {
    public var status: IncidentStatus?
    public var service: String?
    public var bucket: TriageBucket?
    /// Incidents that started at or after this instant.
    public var since: Date?

    public init(status: IncidentStatus? = nil, service: String? = nil, bucket: TriageBucket? = nil, since: Date? = nil)
    {
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
            _ = arguments.append(contentsOf: [status.rawValue])
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

    /// Loads incidents with everything recorded about them, in the order of `ids`, with one query per table for
    /// each thousand of them (every id is a bound argument, and SQLite takes a limited number of those).
    static func incidents(ids: [Int64], in db: Database) throws -> [Incident] {
        let byID = try incidentsByID(ids, in: db)
        return ids.compactMap { byID[$0] }
    }

    /// ``incidents(ids:in:)`` by id.
    static func incidentsByID(_ ids: [Int64], in db: Database) throws -> [Int64: Incident] {
        guard ids.count > 1000 else { return try incidentsOfChunk(ids, in: db) }
        var all: [Int64: Incident] = [:]
        for start in stride(from: 0, to: ids.count, by: 1000) {
            all.merge(try incidentsOfChunk(Array(ids[start..<min(start + 1000, ids.count)]), in: db)) { $1 }
        }
        return all
    }

    private static func incidentsOfChunk(_ ids: [Int64], in db: Database) throws -> [Int64: Incident] {
        guard !ids.isEmpty else { return [:] }
        var byID: [Int64: Incident] = [:]
        for row in try IncidentRow.fetchAll(db, keys: ids) {
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
        let incidentID = Column("incident_id")
        for row in try EvidenceRow.filter(ids.contains(incidentID)).order(Column("id")).fetchAll(db) {
            guard let pack = try? row.decodedPack() else { continue }
            byID[row.incidentId]?.evidence.append(
                StoredEvidence(
                    id: row.id, pack: pack, bucket: row.bucket.flatMap(TriageBucket.init(rawValue:)),
                    recordedAt: Timestamp.parse(row.recordedAt)))
        }
        for row in try RootCauseRow.filter(ids.contains(incidentID)).fetchAll(db) {
            byID[row.incidentId]?.rootCause = row.rootCause
        }
        for row in try FixRow.filter(ids.contains(incidentID)).order(Column("id")).fetchAll(db) {
            byID[row.incidentId]?.fixes.append(row.fix)
        }
        for row in try ActionRow.filter(ids.contains(incidentID)).order(Column("id")).fetchAll(db) {
            byID[row.incidentId]?.actions.append(row.action)
        }
        for row in try TimelineRow.filter(ids.contains(incidentID)).order(Column("at"), Column("id")).fetchAll(db) {
            guard let at = Timestamp.parse(row.at) else { continue }
            byID[row.incidentId]?.timeline.append(TimelineEntry(at: at, event: row.event, detail: row.detail))
        }
        return byID
    }
}
