import GRDB

/// The knowledge base's tables, created and upgraded by a `DatabaseMigrator`.
///
/// The schema is meant to be read by people with `sqlite3` or Datasette (the README documents it): one row per
/// incident, evidence pack, root cause, fix, action and timeline entry; text timestamps in UTC ISO 8601; JSON where
/// a value is a list or a document. `search_document` holds each incident's searchable text, as the view
/// `search_source` reads it from the tables, and the FTS5 table `search_index` indexes it as external content;
/// triggers keep both in step with the tables.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: incidents, evidence, causes, fixes, actions, timeline, search") { db in
            try createTables(db)
            try createBucketTriggers(db)
        }
        migrator.registerMigration("v2: one search document per incident, read from the tables") { db in
            try dropSearchVersion1(db)
            try createSearch(db)
            try createBucketInsertTriggers(db)
            try db.execute(sql: SearchIndexing.insertDocuments("> 0"))
        }
        migrator.registerMigration("v3: evidence looked up by error signature and exception, for matching") { db in
            try db.create(index: "evidence_on_error_signature", on: "evidence", columns: ["error_signature"])
            try db.create(index: "evidence_on_exception", on: "evidence", columns: ["exception"])
        }
        return migrator
    }

    private static func createTables(_ db: Database) throws {
        try db.create(table: "incident") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("reference", .text).notNull().unique()
            t.column("title", .text).notNull()
            t.column("summary", .text)
            t.column("service", .text)
            t.column("environment", .text)
            t.column("severity", .text)
            t.column("status", .text).notNull().defaults(to: "open")
            t.column("tags", .text).notNull().defaults(to: "[]")
            t.column("started_at", .text)
            t.column("detected_at", .text)
            t.column("clarified_at", .text)
            t.column("resolved_at", .text)
            t.column("created_at", .text).notNull()
            t.column("extra", .text)
            // The root cause's bucket, else the latest evidence's: kept by triggers, for filters and `sqlite3`.
            t.column("bucket", .text)
        }
        // `list` shows the newest first, by start (or by recording, when the start is unknown), filtered or not.
        try db.execute(sql: "CREATE INDEX incident_on_start ON incident(coalesce(started_at, created_at), id)")
        for column in ["status", "service", "bucket"] {
            try db.execute(
                sql: "CREATE INDEX incident_on_\(column) ON incident(\(column), coalesce(started_at, created_at), id)")
        }
        try db.create(table: "evidence") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("incident_id", .integer).notNull().indexed().references("incident", onDelete: .cascade)
            t.column("recorded_at", .text).notNull()
            t.column("source", .text)
            t.column("pack", .text).notNull()
            t.column("headline", .text).notNull()
            t.column("method", .text)
            t.column("route", .text)
            t.column("host", .text)
            t.column("status", .integer)
            t.column("error_code", .text)
            t.column("error_signature", .text)
            t.column("exception", .text)
            t.column("bucket", .text)
            t.column("coarse_fingerprint", .text).indexed()
            t.column("fine_fingerprint", .text).indexed()
            t.column("text", .text).notNull()
        }
        try db.create(table: "root_cause") { t in
            t.primaryKey("incident_id", .integer).references("incident", onDelete: .cascade)
            t.column("text", .text).notNull()
            t.column("bucket", .text)
            t.column("mismatch_category", .text)
            t.column("recorded_at", .text).notNull()
        }
        try db.create(table: "fix") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("incident_id", .integer).notNull().indexed().references("incident", onDelete: .cascade)
            t.column("text", .text).notNull()
            t.column("kind", .text).notNull().check { ["mitigation", "permanent"].contains($0) }
            t.column("recorded_at", .text).notNull()
        }
        try db.create(table: "action") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("incident_id", .integer).notNull().indexed().references("incident", onDelete: .cascade)
            t.column("text", .text).notNull()
            t.column("owner", .text)
            t.column("due", .text)
            t.column("done", .boolean).notNull().defaults(to: false)
            t.column("done_at", .text)
            t.column("created_at", .text).notNull()
        }
        // The highest reference number ever given or imported, so a new incident never reuses one.
        try db.create(table: "reference_counter") { t in
            t.primaryKey("name", .text)
            t.column("value", .integer).notNull()
        }
        try db.create(table: "timeline") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("incident_id", .integer).notNull().indexed().references("incident", onDelete: .cascade)
            t.column("at", .text).notNull()
            t.column("event", .text).notNull()
            t.column("detail", .text)
        }
    }

    /// One search document per incident, and its FTS5 index.
    ///
    /// Columns are split by meaning so that ranking can weigh them: a word in a title or a root cause says more
    /// than the same word somewhere in a log. The view `search_source` reads an incident's document from the
    /// tables; the table `search_document` keeps it, under the incident's id, as the index's external content.
    /// Triggers keep the documents in step with the tables, and the index in step with the documents: an
    /// external-content index must be told a document's old text to remove it, and the table is what keeps it.
    ///
    /// A bulk load (an import batch) turns triggers off for its connection and keeps documents and index in step
    /// itself, with ``SearchIndexing``: a trigger, even one that does nothing, costs every row it fires on.
    static func createSearch(_ db: Database) throws {
        // The text of an incident's rows, in the order they were recorded.
        func joined(_ expression: String, from table: String) -> String {
            """
            (SELECT group_concat(value, char(10)) FROM (
                SELECT \(expression) AS value FROM \(table) WHERE incident_id = i.id ORDER BY id))
            """
        }
        try db.execute(
            sql: """
                CREATE VIEW search_source AS
                SELECT i.id AS id, i.title AS title, i.summary AS summary,
                       i.tags || ' ' || coalesce(i.service, '') || ' ' || coalesce(i.environment, '') AS tags,
                       (SELECT text || ' ' || coalesce(bucket, '') || ' ' || coalesce(mismatch_category, '')
                        FROM root_cause WHERE incident_id = i.id) AS cause,
                       \(joined("text", from: "fix")) AS fix,
                       \(joined("text", from: "evidence")) AS evidence,
                       \(joined("text || ' ' || coalesce(owner, '')", from: "action")) AS action
                FROM incident i
                """)
        try db.create(table: "search_document") { t in
            t.primaryKey("id", .integer).references("incident", onDelete: .cascade)
            for column in searchColumns { t.column(column, .text) }
        }
        try db.create(virtualTable: "search_index", using: FTS5()) { t in
            t.content = "search_document"
            t.contentRowID = "id"
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            for column in searchColumns { t.column(column) }
        }
        try createIndexTriggers(db)
        try db.execute(
            sql: """
                CREATE TRIGGER incident_search_insert AFTER INSERT ON incident BEGIN
                    \(SearchIndexing.insertDocuments("= NEW.id"));
                END;
                CREATE TRIGGER incident_search_update AFTER UPDATE OF title, summary, tags, service, environment
                ON incident BEGIN
                    \(SearchIndexing.refreshDocument("NEW.id"));
                END;
                """)
        // (table, the columns whose change changes the document)
        let sources = [
            ("evidence", "incident_id, text"),
            ("root_cause", "incident_id, text, bucket, mismatch_category"),
            ("fix", "incident_id, text"),
            ("action", "incident_id, text, owner"),
        ]
        for (table, columns) in sources {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_search_insert AFTER INSERT ON \(table) BEGIN
                        \(SearchIndexing.refreshDocument("NEW.incident_id"));
                    END;
                    CREATE TRIGGER \(table)_search_update AFTER UPDATE OF \(columns) ON \(table) BEGIN
                        \(SearchIndexing.refreshDocument("OLD.incident_id"));
                        \(SearchIndexing.refreshDocument("NEW.incident_id", when: "NEW.incident_id IS NOT OLD.incident_id"));
                    END;
                    CREATE TRIGGER \(table)_search_delete AFTER DELETE ON \(table) BEGIN
                        \(SearchIndexing.refreshDocument("OLD.incident_id"));
                    END;
                    """)
        }
    }

    /// Keeps `search_index` in step with `search_document`: each insert is indexed, each delete and update
    /// removes the old text first.
    private static func createIndexTriggers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER search_index_insert AFTER INSERT ON search_document BEGIN
                    \(SearchIndexing.index("NEW"));
                END;
                CREATE TRIGGER search_index_delete AFTER DELETE ON search_document BEGIN
                    \(SearchIndexing.unindex("OLD"));
                END;
                CREATE TRIGGER search_index_update AFTER UPDATE ON search_document BEGIN
                    \(SearchIndexing.unindex("OLD")); \(SearchIndexing.index("NEW"));
                END;
                """)
    }

    /// Takes out what version 1 indexed: a `search_document` table with a row per searchable row, and the triggers
    /// that kept it.
    static func dropSearchVersion1(_ db: Database) throws {
        for table in ["incident", "evidence", "root_cause", "fix", "action"] {
            for event in ["insert", "update", "delete"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_search_\(event)")
            }
        }
        try db.execute(sql: "DROP TABLE IF EXISTS search_index")
        try db.execute(sql: "DROP TABLE IF EXISTS search_document")
        try db.execute(sql: "DROP TABLE IF EXISTS search_deferral")
    }

    /// Keeps `incident.bucket` equal to the root cause's bucket, else the latest triaged evidence's, as they change
    /// or go.
    static func createBucketTriggers(_ db: Database) throws {
        let refresh = { (id: String) in
            """
            UPDATE incident SET bucket = coalesce(
                (SELECT bucket FROM root_cause WHERE incident_id = \(id)),
                (SELECT bucket FROM evidence WHERE incident_id = \(id) AND bucket IS NOT NULL ORDER BY id DESC LIMIT 1))
            WHERE id = \(id);
            """
        }
        for table in ["root_cause", "evidence"] {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_bucket_update AFTER UPDATE OF bucket ON \(table) BEGIN \(refresh("NEW.incident_id")) END;
                    CREATE TRIGGER \(table)_bucket_delete AFTER DELETE ON \(table) BEGIN \(refresh("OLD.incident_id")) END;
                    """)
        }
    }

    /// Keeps `incident.bucket` up to date as evidence and root causes are inserted, touching the incident only when
    /// its bucket changes (an import sets it in the incident's own row).
    static func createBucketInsertTriggers(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER IF EXISTS evidence_bucket_insert;
                DROP TRIGGER IF EXISTS root_cause_bucket_insert;
                CREATE TRIGGER root_cause_bucket_insert AFTER INSERT ON root_cause WHEN NEW.bucket IS NOT NULL BEGIN
                    UPDATE incident SET bucket = NEW.bucket WHERE id = NEW.incident_id AND bucket IS NOT NEW.bucket;
                END;
                CREATE TRIGGER evidence_bucket_insert AFTER INSERT ON evidence
                WHEN NEW.bucket IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM root_cause WHERE incident_id = NEW.incident_id AND bucket IS NOT NULL)
                BEGIN
                    UPDATE incident SET bucket = NEW.bucket WHERE id = NEW.incident_id AND bucket IS NOT NEW.bucket;
                END;
                """)
    }

    /// The columns of `search_document` and `search_index`, and their BM25 weights, in order.
    static let searchColumns = ["title", "summary", "tags", "cause", "fix", "evidence", "action"]
    static let searchWeights = [10.0, 4.0, 5.0, 6.0, 4.0, 1.0, 2.0]
}

/// Writing search documents and indexing them: the SQL the triggers run, and what a bulk load with triggers
/// turned off runs itself (see ``Schema/createSearch(_:)``).
enum SearchIndexing {
    /// Writes and indexes the documents of the incidents whose id is above `id`, one statement each.
    static func indexIncidents(after id: Int64, _ db: Database) throws {
        try db.run(insertDocuments("> ?"), [id])
        try db.run(
            "INSERT INTO search_index(rowid, \(columns)) SELECT id, \(columns) FROM search_document WHERE id > ?", [id])
    }

    /// Rewrites and reindexes the document of the incident with id `incident` from its rows, after they changed.
    static func reindexIncident(_ incident: Int64, _ db: Database) throws {
        let old = "SELECT 'delete', id, \(columns) FROM search_document WHERE id = ?"
        try db.run("INSERT INTO search_index(search_index, rowid, \(columns)) \(old)", [incident])
        try db.run(refreshDocument("?1"), [incident])
        try db.run(
            "INSERT INTO search_index(rowid, \(columns)) SELECT id, \(columns) FROM search_document WHERE id = ?",
            [incident])
    }

    private static let columns = Schema.searchColumns.joined(separator: ", ")

    /// SQL that writes the documents of the incidents whose id compares so (`= NEW.id`, `> ?`).
    static func insertDocuments(_ comparison: String) -> String {
        "INSERT INTO search_document(id, \(columns)) SELECT id, \(columns) FROM search_source WHERE id \(comparison)"
    }

    /// SQL that rewrites the document of the incident `id` (an SQL expression) from its rows.
    static func refreshDocument(_ id: String, when condition: String = "1") -> String {
        """
        UPDATE search_document SET (\(columns)) = (SELECT \(columns) FROM search_source WHERE id = \(id))
        WHERE id = \(id) AND \(condition)
        """
    }

    /// SQL that indexes the document `row` (`NEW`) of a trigger.
    static func index(_ row: String) -> String {
        let values = Schema.searchColumns.map { "\(row).\($0)" }.joined(separator: ", ")
        return "INSERT INTO search_index(rowid, \(columns)) VALUES (\(row).id, \(values))"
    }

    /// SQL that takes the document `row` (`OLD`) of a trigger out of the index.
    static func unindex(_ row: String) -> String {
        let values = Schema.searchColumns.map { "\(row).\($0)" }.joined(separator: ", ")
        return "INSERT INTO search_index(search_index, rowid, \(columns)) VALUES ('delete', \(row).id, \(values))"
    }
}
