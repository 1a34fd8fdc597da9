import GRDB

/// The knowledge base's tables, created and upgraded by a `DatabaseMigrator`.
///
/// The schema is meant to be read by people with `sqlite3` or Datasette (the README documents it): one row per
/// incident, evidence pack, root cause, fix, action and timeline entry; text timestamps in UTC ISO 8601; JSON where
/// a value is a list or a document. `search_document` gathers the text of every row that can be searched, and the
/// FTS5 table `search_index` indexes it as external content; triggers keep both in step with the tables.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: incidents, evidence, causes, fixes, actions, timeline, search") { db in
            try createTables(db)
            try createSearch(db)
            try createBucketTriggers(db)
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

    /// The searchable text of every row, one `search_document` row per source row, and its FTS5 index.
    ///
    /// Columns are split by meaning so that ranking can weigh them: a word in a title or a root cause says more
    /// than the same word somewhere in a log.
    private static func createSearch(_ db: Database) throws {
        try db.create(table: "search_document") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("incident_id", .integer).notNull().indexed().references("incident", onDelete: .cascade)
            t.column("source", .text).notNull()
            t.column("source_id", .integer).notNull()
            for column in searchColumns { t.column(column, .text) }
            t.uniqueKey(["source", "source_id"])
        }
        try db.create(virtualTable: "search_index", using: FTS5()) { t in
            t.content = "search_document"
            t.contentRowID = "id"
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            for column in searchColumns { t.column(column) }
        }
        try createIndexTriggers(db)
        // Every table with text feeds search_document.
        let tags = "NEW.tags || ' ' || coalesce(NEW.service, '') || ' ' || coalesce(NEW.environment, '')"
        try db.execute(
            sql: """
                CREATE TRIGGER incident_search_insert AFTER INSERT ON incident BEGIN
                    INSERT INTO search_document(incident_id, source, source_id, title, summary, tags)
                    VALUES (NEW.id, 'incident', NEW.id, NEW.title, NEW.summary, \(tags));
                END;
                CREATE TRIGGER incident_search_update AFTER UPDATE OF title, summary, tags, service, environment
                ON incident BEGIN
                    UPDATE search_document SET title = NEW.title, summary = NEW.summary, tags = \(tags)
                    WHERE source = 'incident' AND source_id = NEW.id;
                END;
                """)
        let sources: [(table: String, column: String, text: String)] = [
            ("evidence", "evidence", "NEW.text"),
            (
                "root_cause", "cause",
                "NEW.text || ' ' || coalesce(NEW.bucket, '') || ' ' || coalesce(NEW.mismatch_category, '')"
            ),
            ("fix", "fix", "NEW.text"),
            ("action", "action", "NEW.text || ' ' || coalesce(NEW.owner, '')"),
        ]
        for source in sources {
            let key = source.table == "root_cause" ? "incident_id" : "id"
            try db.execute(
                sql: """
                    CREATE TRIGGER \(source.table)_search_insert AFTER INSERT ON \(source.table) BEGIN
                        INSERT INTO search_document(incident_id, source, source_id, \(source.column))
                        VALUES (NEW.incident_id, '\(source.table)', NEW.\(key), \(source.text));
                    END;
                    CREATE TRIGGER \(source.table)_search_update AFTER UPDATE ON \(source.table) BEGIN
                        UPDATE search_document SET \(source.column) = \(source.text)
                        WHERE source = '\(source.table)' AND source_id = NEW.\(key);
                    END;
                    CREATE TRIGGER \(source.table)_search_delete AFTER DELETE ON \(source.table) BEGIN
                        DELETE FROM search_document WHERE source = '\(source.table)' AND source_id = OLD.\(key);
                    END;
                    """)
        }
    }

    /// Keeps `search_index` in step with `search_document`, as external-content FTS5 tables require: each insert is
    /// indexed, each delete and update removes the old values first.
    ///
    /// A bulk load (an import batch) puts a row in `search_deferral` inside its transaction: rows inserted after
    /// `since` are then indexed all at once by ``BulkIndexing/finish(_:)`` before the transaction commits, which
    /// is three times faster than a trigger per row. Deletes and updates of such rows skip the index (they are not
    /// in it yet). No other connection ever sees the deferral row, and a crash rolls it back with the rest.
    static func createIndexTriggers(_ db: Database) throws {
        try db.create(table: "search_deferral") { t in
            t.column("since", .integer).notNull()
        }
        let columns = searchColumns.joined(separator: ", ")
        let new = searchColumns.map { "NEW.\($0)" }.joined(separator: ", ")
        let old = searchColumns.map { "OLD.\($0)" }.joined(separator: ", ")
        try db.execute(
            sql: """
                CREATE TRIGGER search_index_insert AFTER INSERT ON search_document
                WHEN NOT EXISTS (SELECT 1 FROM search_deferral) BEGIN
                    INSERT INTO search_index(rowid, \(columns)) VALUES (NEW.id, \(new));
                END;
                CREATE TRIGGER search_index_delete AFTER DELETE ON search_document
                WHEN NOT EXISTS (SELECT 1 FROM search_deferral WHERE OLD.id > since) BEGIN
                    INSERT INTO search_index(search_index, rowid, \(columns)) VALUES ('delete', OLD.id, \(old));
                END;
                CREATE TRIGGER search_index_update AFTER UPDATE ON search_document
                WHEN NOT EXISTS (SELECT 1 FROM search_deferral WHERE OLD.id > since) BEGIN
                    INSERT INTO search_index(search_index, rowid, \(columns)) VALUES ('delete', OLD.id, \(old));
                    INSERT INTO search_index(rowid, \(columns)) VALUES (NEW.id, \(new));
                END;
                """)
    }

    /// Keeps `incident.bucket` equal to the root cause's bucket, else the latest triaged evidence's.
    static func createBucketTriggers(_ db: Database) throws {
        let refresh = { (id: String) in
            """
            UPDATE incident SET bucket = coalesce(
                (SELECT bucket FROM root_cause WHERE incident_id = \(id)),
                (SELECT bucket FROM evidence WHERE incident_id = \(id) AND bucket IS NOT NULL ORDER BY id DESC LIMIT 1))
            WHERE id = \(id);
            """
        }
        // New evidence decides only while no root cause does, and then it is the latest: no lookup needed.
        try db.execute(
            sql: """
                CREATE TRIGGER evidence_bucket_insert AFTER INSERT ON evidence
                WHEN NEW.bucket IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM root_cause WHERE incident_id = NEW.incident_id AND bucket IS NOT NULL)
                BEGIN
                    UPDATE incident SET bucket = NEW.bucket WHERE id = NEW.incident_id;
                END;
                CREATE TRIGGER root_cause_bucket_insert AFTER INSERT ON root_cause BEGIN \(refresh("NEW.incident_id")) END;
                """)
        for table in ["root_cause", "evidence"] {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_bucket_update AFTER UPDATE OF bucket ON \(table) BEGIN \(refresh("NEW.incident_id")) END;
                    CREATE TRIGGER \(table)_bucket_delete AFTER DELETE ON \(table) BEGIN \(refresh("OLD.incident_id")) END;
                    """)
        }
    }

    /// The columns of `search_document` and `search_index`, and their BM25 weights, in order.
    static let searchColumns = ["title", "summary", "tags", "cause", "fix", "evidence", "action"]
    static let searchWeights = [10.0, 4.0, 5.0, 6.0, 4.0, 1.0, 2.0]
}

/// Deferring the search index's inserts to the end of a bulk load's transaction (see
/// ``Schema/createIndexTriggers(_:)``).
enum BulkIndexing {
    /// Starts deferring: documents inserted from now on in this transaction are indexed by ``finish(_:)``.
    static func start(_ db: Database) throws {
        try db.run("DELETE FROM search_deferral")
        try db.run("INSERT INTO search_deferral(since) SELECT coalesce(max(id), 0) FROM search_document")
    }

    /// Indexes the documents inserted since ``start(_:)``, in one statement, and stops deferring.
    static func finish(_ db: Database) throws {
        let columns = Schema.searchColumns.joined(separator: ", ")
        try db.run(
            """
            INSERT INTO search_index(rowid, \(columns))
            SELECT id, \(columns) FROM search_document WHERE id > (SELECT since FROM search_deferral)
            """)
        try db.run("DELETE FROM search_deferral")
    }
}
