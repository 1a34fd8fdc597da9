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
    /// counts more than a log line), one hit per incident. When more than ``rankedDocuments`` documents match,
    /// the newest of them are ranked.
    ///
    /// The query is a list of words (all must match, stemmed: `refused` finds "refuse" and "refusing"), or,
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
            // BM25 is computed only for the newest matching documents (FTS5 walks them by rowid, newest first),
            // so a word that half the knowledge base contains costs milliseconds, not a ranking of every match.
            let documents = try Row.fetchAll(
                db,
                sql: """
                    SELECT search_index.rowid AS document, d.incident_id AS incident,
                           bm25(search_index, \(weights)) AS rank
                    FROM search_index
                    JOIN search_document d ON d.id = search_index.rowid
                    JOIN incident i ON i.id = d.incident_id
                    WHERE search_index MATCH ? AND \(condition.sql)
                    ORDER BY search_index.rowid DESC LIMIT \(Self.rankedDocuments)
                    """,
                arguments: [pattern] + condition.arguments)
            // The best document of each incident, best incidents first (BM25 ranks are negative: lower is better).
            var best: [Int64: (document: Int64, rank: Double)] = [:]
            for row in documents {
                let incident: Int64 = row["incident"]
                let rank: Double = row["rank"]
                if rank < best[incident]?.rank ?? .infinity { best[incident] = (row["document"], rank) }
            }
            let top = best.sorted { lhs, rhs in
                lhs.value.rank != rhs.value.rank ? lhs.value.rank < rhs.value.rank : lhs.key > rhs.key
            }.prefix(limit)
            guard !top.isEmpty else { return [] }
            let snippets = try Self.snippets(of: top.map(\.value.document), pattern: pattern, highlight: highlight, db)
            let ids = top.map { String($0.key) }.joined(separator: ",")
            var incidents: [Int64: Row] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, reference, title, status, service, started_at FROM incident WHERE id IN (\(ids))")
            {
                incidents[row["id"]] = row
            }
            return top.compactMap { incident, match in
                guard let row = incidents[incident] else { return nil }
                let snippet = snippets[match.document]
                return SearchHit(
                    reference: row["reference"], title: row["title"], status: row["status"], service: row["service"],
                    startedAt: (row["started_at"] as String?).flatMap(Timestamp.parse), score: -match.rank,
                    matchedIn: snippet?.source ?? "incident", snippet: snippet?.text ?? "")
            }
        }
    }

    /// How many of the newest matching documents are ranked.
    static let rankedDocuments = 2_000

    /// The snippet of each document, from the column that matched best, in one query.
    private static func snippets(
        of documents: [Int64], pattern: FTS5Pattern, highlight: (open: String, close: String), _ db: Database
    ) throws -> [Int64: (source: String, text: String)] {
        let list = documents.map(String.init).joined(separator: ",")
        var snippets: [Int64: (source: String, text: String)] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT search_index.rowid AS document, d.source AS source,
                       snippet(search_index, -1, ?, ?, '…', 16) AS snippet
                FROM search_index JOIN search_document d ON d.id = search_index.rowid
                WHERE search_index MATCH ? AND search_index.rowid IN (\(list))
                """,
            arguments: [highlight.open, highlight.close, pattern])
        {
            let source: String = row["source"]
            let text: String = row["snippet"] ?? ""
            snippets[row["document"]] = (
                source == "root_cause" ? "cause" : source, text.replacingOccurrences(of: "\n", with: " ")
            )
        }
        return snippets
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
        guard let pattern = FTS5Pattern(matchingAllTokensIn: trimmed) else {
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
