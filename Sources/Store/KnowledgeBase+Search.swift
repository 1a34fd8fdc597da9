import Evidence
import Foundation
import GRDB
import SQLiteSupport

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
    /// counts more than a log line), one hit per incident. When more than ``rankedIncidents`` incidents match,
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
            // BM25 is computed only for the newest matching incidents (FTS5 walks them by rowid, newest first),
            // so a word that half the knowledge base contains costs milliseconds, not a ranking of every match.
            let filtered = try Self.filterClause(filter.condition, db)
            defer { casebook_sqlite_drop_id_filter(db.sqliteConnection, Self.filterFunction) }
            let weights = Schema.searchWeights.map { "\($0)" }.joined(separator: ", ")
            let matches = try Row.fetchAll(
                db,
                sql: """
                    SELECT search_index.rowid AS incident, bm25(search_index, \(weights)) AS rank
                    FROM search_index \(filtered.join) WHERE search_index MATCH ? \(filtered.condition)
                    ORDER BY search_index.rowid DESC LIMIT ?
                    """,
                arguments: [pattern] + filtered.arguments + [Self.rankedIncidents]
            ).map { row in (incident: row["incident"] as Int64, rank: row["rank"] as Double) }
            // Best first (BM25 ranks are negative: lower is better), the newest first among equals.
            let top = matches.sorted { lhs, rhs in
                lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.incident > rhs.incident
            }.prefix(limit)
            guard !top.isEmpty else { return [] }
            let snippets = try Self.snippets(of: top.map(\.incident), pattern: pattern, highlight: highlight, db)
            let request: SQLRequest<Row> = """
                SELECT id, reference, title, status, service, started_at FROM incident WHERE id IN \(top.map(\.incident))
                """
            var incidents: [Int64: Row] = [:]
            for row in try request.fetchAll(db) { incidents[row["id"]] = row }
            return top.compactMap { match in
                guard let row = incidents[match.incident] else { return nil }
                let snippet = snippets[match.incident]
                return SearchHit(
                    reference: row["reference"], title: row["title"], status: row["status"], service: row["service"],
                    startedAt: (row["started_at"] as String?).flatMap(Timestamp.parse), score: -match.rank,
                    matchedIn: snippet?.source ?? "incident", snippet: snippet?.text ?? "")
            }
        }
    }

    /// How many of the newest matching incidents are ranked.
    static let rankedIncidents = 2_000

    /// What the ranking query adds for a filter: a join and a condition, and the condition's arguments.
    ///
    /// FTS5 walks the matches newest first until 2,000 pass the filter. When most incidents pass, each match's
    /// incident row is looked up. When few do, that lookup would read most of the incident table for a few passing
    /// rows: the filter is read once, from its index, into a bit set of ids that the walk asks about each match
    /// through ``filterFunction``, a C function (SQLite's own `IN (SELECT …)` builds a B-tree of the ids first, which
    /// costs more than the walk; a Swift function through GRDB costs a microsecond a match).
    private static func filterClause(_ condition: (sql: String, arguments: StatementArguments), _ db: Database)
        throws -> (join: String, condition: String, arguments: StatementArguments)
    {
        guard condition.sql != "1" else { return ("", "", []) }
        let passing =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM incident i WHERE \(condition.sql)", arguments: condition.arguments)
            ?? 0
        let highest = try Int.fetchOne(db, sql: "SELECT max(id) FROM incident") ?? 0
        if passing * 4 >= highest {
            return ("JOIN incident i ON i.id = search_index.rowid", "AND \(condition.sql)", condition.arguments)
        }
        let ids = try IDSet.read(
            db, sql: "SELECT i.id FROM incident i WHERE \(condition.sql)", arguments: condition.arguments,
            highest: highest)
        try ids.register(as: filterFunction, in: db)
        return ("", "AND \(filterFunction)(search_index.rowid)", [])
    }

    /// The SQL function that tells whether an incident id passes the search's filter (see ``filterClause(_:_:)``).
    private static let filterFunction = "casebook_filter_passes"

    /// The snippet of each incident in `ids`, in one query, from the column that matches the most of the query's
    /// terms, the weightier column among equals. (A BM25 rank per column would read every match in the knowledge
    /// base once per column.)
    private static func snippets(
        of ids: [Int64], pattern: FTS5Pattern, highlight: (open: String, close: String), _ db: Database
    ) throws -> [Int64: (source: String, text: String)] {
        guard let first = ids.min(), let last = ids.max() else { return [:] }
        let columns = Schema.searchColumns.indices
        // Marks of its own, to count the matches; the caller's replace them after.
        let (open, close) = ("\u{2}", "\u{3}")
        let snippets = columns.map { column -> SQL in "snippet(search_index, \(column), \(open), \(close), '…', 16)" }
        // One walk over the matches between the first and the last id: probing FTS5 with each id would start its
        // query anew each time.
        let request: SQLRequest<Row> = """
            SELECT search_index.rowid, \(snippets.joined(separator: ", ")) FROM search_index
            WHERE search_index MATCH \(pattern) AND search_index.rowid BETWEEN \(first) AND \(last)
                AND +search_index.rowid IN \(ids)
            """
        var result: [Int64: (source: String, text: String)] = [:]
        for row in try request.fetchAll(db) {
            let texts = columns.map { (row[1 + $0] as String?) ?? "" }
            let terms = texts.map(Self.matchedTerms)
            // Ties go to the weightier column.
            guard
                let best = columns.max(by: { lhs, rhs in
                    terms[lhs] != terms[rhs]
                        ? terms[lhs] < terms[rhs] : Schema.searchWeights[lhs] < Schema.searchWeights[rhs]
                })
            else { continue }
            let text = texts[best]
                .replacingOccurrences(of: open, with: highlight.open)
                .replacingOccurrences(of: close, with: highlight.close)
                .replacingOccurrences(of: "\n", with: " ")
            result[row[0]] = (Self.source(ofColumn: Schema.searchColumns[best]), text)
        }
        return result
    }

    /// How many different terms a snippet marks (between `\u{2}` and `\u{3}`), telling words apart by their first
    /// three letters, lowercased: the index matched them by their stems, so `keys` and `key` are one term, and
    /// `rotated` and `rotation` are too.
    private static func matchedTerms(_ snippet: String) -> Int {
        var terms: Set<String> = []
        var rest = snippet[...]
        while let open = rest.firstIndex(of: "\u{2}") {
            rest = rest[rest.index(after: open)...]
            let close = rest.firstIndex(of: "\u{3}") ?? rest.endIndex
            terms.insert(String(rest[..<close].lowercased().prefix(3)))
            rest = rest[close...]
        }
        return terms.count
    }

    /// What a search column holds, as a hit names it: `incident` for the incident's own fields.
    private static func source(ofColumn column: String) -> String {
        ["title", "summary", "tags"].contains(column) ? "incident" : column
    }

    /// The FTS5 pattern for what the user typed.
    static func pattern(for query: String) throws(StoreError) -> FTS5Pattern {
        let trimmed = String(query.trimmingWhitespace())
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

/// A set of incident ids as one bit per id: ids are small and dense, so this is smaller and faster to fill and to
/// ask than a hash set.
struct IDSet: Sendable {
    private var words: [UInt64]

    /// The ids the query's only column returns, none of them above `highest`.
    static func read(_ db: Database, sql: String, arguments: StatementArguments, highest: Int) throws -> IDSet {
        var set = IDSet(words: [UInt64](repeating: 0, count: max(0, highest) / 64 + 1))
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        // Stepped in C: tens of thousands of rows through a GRDB cursor cost milliseconds.
        let code = set.words.withUnsafeMutableBufferPointer { words in
            casebook_sqlite_read_id_set(statement.sqliteStatement, words.baseAddress, Int64(words.count))
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
        }
        return set
    }

    /// Registers the SQL function `name(id)` on `db`, true for the ids in the set, until
    /// `casebook_sqlite_drop_id_filter` removes it. It is written in C: FTS5 asks it about each match.
    func register(as name: String, in db: Database) throws {
        let code = words.withUnsafeBufferPointer { words in
            casebook_sqlite_create_id_filter(db.sqliteConnection, name, words.baseAddress, Int64(words.count))
        }
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }
}
