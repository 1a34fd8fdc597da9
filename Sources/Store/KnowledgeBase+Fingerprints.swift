import Evidence
import Foundation
import GRDB

/// An incident that holds evidence of one fingerprint, and when that evidence was recorded.
public struct FingerprintOccurrence: Sendable, Equatable {
    public var reference: String
    public var title: String
    public var status: String
    /// When the latest evidence of the fingerprint was recorded in the incident.
    public var recordedAt: Date?
}

extension KnowledgeBase {
    /// The incidents whose evidence has the fine fingerprint `fine`, the most recently recorded first.
    ///
    /// - Parameters:
    ///   - excluding: an incident to leave out (the one the new evidence belongs to), by reference.
    ///   - limit: how many to return; ``FingerprintOccurrences/total`` counts them all.
    public func occurrences(ofFingerprint fine: String, excluding reference: String? = nil, limit: Int = 10)
        throws(StoreError) -> FingerprintOccurrences
    {
        try read { db in
            let excluded = try reference.map { try IncidentRow.id(of: $0, in: db) } ?? 0
            // Counted in SQL, and only the most recent read: a failure that recurs often is in thousands of rows.
            let count: SQLRequest<Int> = """
                SELECT count(DISTINCT incident_id) FROM evidence
                WHERE fine_fingerprint = \(fine) AND incident_id <> \(excluded)
                """
            let request: SQLRequest<Row> = """
                SELECT i.reference, i.title, i.status, max(e.recorded_at) AS recorded_at
                FROM evidence e JOIN incident i ON i.id = e.incident_id
                WHERE e.fine_fingerprint = \(fine) AND e.incident_id <> \(excluded)
                GROUP BY i.id ORDER BY max(e.recorded_at) DESC, i.id DESC LIMIT \(limit)
                """
            return FingerprintOccurrences(
                total: try count.fetchOne(db) ?? 0,
                recent: try request.fetchAll(db).map { row in
                    FingerprintOccurrence(
                        reference: row["reference"], title: row["title"], status: row["status"],
                        recordedAt: (row["recorded_at"] as String?).flatMap(Timestamp.parse))
                })
        }
    }
}

/// The incidents that hold evidence of one fingerprint: how many, and the most recent of them.
public struct FingerprintOccurrences: Sendable, Equatable {
    public var total: Int
    public var recent: [FingerprintOccurrence]
}
