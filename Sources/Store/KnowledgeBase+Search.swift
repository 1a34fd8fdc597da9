import Evidence
import Foundation
import GRDB

/// An incident that matched a search, with the best-matching text.
public struct SearchHit: Sendable, Equatable {
    public var reference: String
    public var title: String
    public var status: String
    public var service: String?
    public var startedAt: Date?
    /// BM25 with per-column weights: higher is better.
    public var score: Double
    /// What the best match is in: `incident` (title, summary, tags), `evidence`, `cause`, `fix` or `action`.
    public var matchedIn: String
    /// The matching text around the match, its terms between the highlight marks.
    public var snippet: String
}

extension KnowledgeBase {
    /// Full-text search over everything stored, ranked by BM25 with per-column weights (a title or root cause
    /// counts more than a log line), one hit per incident.
    ///
    /// The query is a list of words (all must match, as prefixes of stemmed words: `refus` finds "refused"), or,
    /// when it uses FTS5 syntax (`"exact phrase"`, `OR`, `NOT`, `NEAR`, `cause:timeout`, `time*`), an FTS5 query
    /// that SQLite validates first. Nothing the user types reaches `MATCH` unchecked.
    ///
    /// - Parameters:
    ///   - highlight: the marks around matched terms in snippets.
    /// - Throws: ``StoreError`` with a hint when the query's syntax is invalid or it has no words.
    public func search(
        _ query: String, filter: IncidentFilter = IncidentFilter(), limit: Int = 20,
        highlight: (open: String, close: String) = ("**", "**")
    ) throws(StoreError) -> [SearchHit] {
        let pattern = try Self.pattern(for: query)
        return try read { db in
            let condition = filter.condition
            let weights = Schema.searchWeights.map { String($0) }.joined(separator: ", ")
            // Best document per incident. Without a filter, only the best 5,000 documents are ranked further:
            // BM25 is computed for every match either way, but grouping and joining stay small.
            let innerLimit = condition.sql == "1" ? 5_000 : -1
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.reference, i.title, i.status, i.service, i.started_at,
                           min(hits.rank) AS rank, hits.rowid AS document
                    FROM (SELECT rowid, rank FROM search_index
                          WHERE search_index MATCH ? AND rank MATCH 'bm25(\(weights))'
                          ORDER BY rank LIMIT \(innerLimit)) AS hits
                    JOIN search_document d ON d.id = hits.rowid
                    JOIN incident i ON i.id = d.incident_id
                    WHERE \(condition.sql)
                    GROUP BY i.id ORDER BY rank LIMIT ?
                    """,
                arguments: [pattern] + condition.arguments + [limit])
            return try rows.map { row in
                let document: Int64 = row["document"]
                let (column, snippet) = try Self.snippet(of: document, pattern: pattern, highlight: highlight, db)
                return SearchHit(
                    reference: row["reference"], title: row["title"], status: row["status"], service: row["service"],
                    startedAt: (row["started_at"] as String?).flatMap(Timestamp.parse), score: -(row["rank"] as Double),
                    matchedIn: column, snippet: snippet)
            }
        }
    }

    /// The snippet of one document, from the column that matched best.
    private static func snippet(
        of document: Int64, pattern: FTS5Pattern, highlight: (open: String, close: String), _ db: Database
    ) throws -> (String, String) {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT snippet(search_index, -1, ?, ?, '…', 16) AS snippet, d.source
                FROM search_index JOIN search_document d ON d.id = search_index.rowid
                WHERE search_index MATCH ? AND search_index.rowid = ?
                """,
            arguments: [highlight.open, highlight.close, pattern, document])
        let source: String = row?["source"] ?? "incident"
        let text = (row?["snippet"] as String?) ?? ""
        return (source == "root_cause" ? "cause" : source, text.replacingOccurrences(of: "\n", with: " "))
    }

    /// The FTS5 pattern for what the user typed.
    static func pattern(for query: String) throws(StoreError) -> FTS5Pattern {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .input("the search query is empty; give a few words, like: timeout checkout")
        }
        if usesSyntax(trimmed) {
            do {
                return try FTS5Pattern(rawPattern: trimmed, allowedColumns: Schema.searchColumns)
            } catch {
                throw .input(
                    "the search query is not valid FTS5 syntax; quote phrases (\"connection refused\"), "
                        + "use AND, OR, NOT in capitals between words, or search plain words")
            }
        }
        guard let pattern = FTS5Pattern(matchingAllPrefixesIn: trimmed) else {
            throw .input("the search query has no words to look for; give a few words, like: timeout checkout")
        }
        return pattern
    }

    /// Whether the query uses FTS5 operators rather than plain words.
    static func usesSyntax(_ query: String) -> Bool {
        if query.contains(where: { "\"*^()".contains($0) }) { return true }
        return query.split(separator: " ").contains { word in
            if ["AND", "OR", "NOT", "NEAR"].contains(word) { return true }
            // `cause:timeout` filters by column; `x509: certificate` is just words.
            guard let colon = word.firstIndex(of: ":") else { return false }
            return Schema.searchColumns.contains(String(word[..<colon]))
        }
    }
}
