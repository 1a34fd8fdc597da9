import Evidence
import Foundation
import GRDB

/// A past incident that may be the same failure as a new pack, with what the matcher compares.
public struct MatchCandidate: Sendable {
    public var incident: Incident
    /// FTS5's BM25 for the pack's words, with the search's column weights (higher is better); 0 when the incident
    /// was found by its evidence's fingerprint, signature or exception alone.
    public var textScore: Double
}

extension KnowledgeBase {
    /// The incidents worth comparing with a new pack: those whose evidence has its fine or coarse fingerprint, its
    /// error signature or its exception (read from their indexes), and those whose text best matches its words
    /// (FTS5 BM25 over the newest 2,000 matches, as `search` ranks).
    ///
    /// - Parameters:
    ///   - fingerprint: the new pack's.
    ///   - terms: the words to look for (``MatchProfile/terms``).
    ///   - excluding: the incident the pack belongs to, if any.
    ///   - limit: how many of each kind of candidate at most.
    public func matchCandidates(
        for fingerprint: EvidenceFingerprint, terms: [String], excluding reference: String? = nil, limit: Int = 30
    ) throws(StoreError) -> [MatchCandidate] {
        try read { db in
            let excluded = try reference.map { try IncidentRow.id(of: $0, in: db) } ?? 0
            var scores: [Int64: Double] = [:]
            var order: [Int64] = []
            // Each index is walked newest first for a bounded number of rows: a coarse fingerprint that thousands of
            // packs share costs no more than a rare one. The closer kinds of agreement come first (the same fine
            // fingerprint, then signature, exception, coarse fingerprint), the newest first within each.
            let perIndex = limit * 4
            let exact: SQLRequest<Int64> = """
                SELECT incident_id FROM (
                    SELECT * FROM (SELECT incident_id, id, 0 AS kind FROM evidence
                        WHERE fine_fingerprint = \(fingerprint.fine) ORDER BY id DESC LIMIT \(perIndex))
                    UNION ALL SELECT * FROM (SELECT incident_id, id, 1 AS kind FROM evidence
                        WHERE error_signature = \(fingerprint.errorSignature ?? "\u{0}") ORDER BY id DESC LIMIT \(perIndex))
                    UNION ALL SELECT * FROM (SELECT incident_id, id, 2 AS kind FROM evidence
                        WHERE exception = \(fingerprint.exception ?? "\u{0}") ORDER BY id DESC LIMIT \(perIndex))
                    UNION ALL SELECT * FROM (SELECT incident_id, id, 3 AS kind FROM evidence
                        WHERE coarse_fingerprint = \(fingerprint.coarse) ORDER BY id DESC LIMIT \(perIndex)))
                WHERE incident_id <> \(excluded)
                GROUP BY incident_id ORDER BY min(kind), max(id) DESC LIMIT \(limit)
                """
            for id in try exact.fetchAll(db) where scores[id] == nil {
                scores[id] = 0
                order.append(id)
            }
            if let pattern = FTS5Pattern(matchingAnyTokenIn: terms.joined(separator: " ")) {
                let weights = Schema.searchWeights.map { "\($0)" }.joined(separator: ", ")
                let matches = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, bm25(search_index, \(weights)) AS rank FROM search_index
                        WHERE search_index MATCH ? AND rowid <> ? ORDER BY rowid DESC LIMIT ?
                        """, arguments: [pattern, excluded, Self.rankedIncidents]
                ).map { (id: $0[0] as Int64, rank: $0[1] as Double) }
                for match in matches.sorted(by: { $0.rank < $1.rank }).prefix(limit) {
                    if scores[match.id] == nil { order.append(match.id) }
                    scores[match.id] = -match.rank
                }
            }
            let incidents = try Self.incidentsByID(order, in: db)
            return order.compactMap { id in
                incidents[id].map { MatchCandidate(incident: $0, textScore: scores[id] ?? 0) }
            }
        }
    }
}

extension KnowledgeBase {
    /// The references of the incidents whose text best matches any word of `text`, by FTS5 BM25 with the search's
    /// column weights, best first: plain full-text retrieval, which `casebook eval` reports beside the matcher.
    public func plainTextRanking(for text: String, excluding reference: String? = nil, limit: Int = 10)
        throws(StoreError) -> [String]
    {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).prefix(200).joined(separator: " ")
        guard let pattern = FTS5Pattern(matchingAnyTokenIn: words) else { return [] }
        return try read { db in
            let excluded = try reference.map { try IncidentRow.id(of: $0, in: db) } ?? 0
            let weights = Schema.searchWeights.map { "\($0)" }.joined(separator: ", ")
            return try String.fetchAll(
                db,
                sql: """
                    SELECT i.reference FROM search_index JOIN incident i ON i.id = search_index.rowid
                    WHERE search_index MATCH ? AND search_index.rowid <> ?
                    ORDER BY bm25(search_index, \(weights)) LIMIT ?
                    """, arguments: [pattern, excluded, limit])
        }
    }
}
