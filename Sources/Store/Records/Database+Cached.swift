import GRDB

extension Database {
    /// Executes `sql` through the connection's statement cache: an import runs the same few statements hundreds
    /// of thousands of times, and compiling each one anew (with GRDB's authorizer) cost more than running it.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// `INSERT INTO table(columns) VALUES (?, ...)`: made once per statement, as the cache looks statements up by
    /// their text.
    static func insertSQL(into table: String, _ columns: [String]) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }
}

extension IncidentRow {
    static let columns = [
        "reference", "title", "summary", "service", "environment", "severity", "status", "tags", "started_at",
        "detected_at", "clarified_at", "resolved_at", "created_at", "extra", "bucket",
    ]

    private var values: StatementArguments {
        [
            reference, title, summary, service, environment, severity, status, tags, startedAt, detectedAt,
            clarifiedAt, resolvedAt, createdAt, extra, bucket,
        ]
    }

    private static let insertSQL = Database.insertSQL(into: "incident", columns)
    private static let updateSQL =
        "UPDATE incident SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"

    /// Inserts the row and sets its id.
    mutating func insertRow(_ db: Database) throws {
        try db.run(Self.insertSQL, values)
        id = db.lastInsertedRowID
    }

    /// Updates every column of the row with id ``id``.
    func updateRow(_ db: Database) throws {
        try db.run(Self.updateSQL, values + [id])
    }
}

extension EvidenceRow {
    static let columns = [
        "incident_id", "recorded_at", "source", "pack", "headline", "method", "route", "host", "status",
        "error_code", "error_signature", "exception", "bucket", "coarse_fingerprint", "fine_fingerprint", "text",
    ]

    private static let insertSQL = Database.insertSQL(into: "evidence", columns)

    /// Inserts the row and sets its id.
    mutating func insertRow(_ db: Database) throws {
        try db.run(
            Self.insertSQL,
            [
                incidentId, recordedAt, source, pack, headline, method, route, host, status, errorCode,
                errorSignature, exception, bucket, coarseFingerprint, fineFingerprint, text,
            ])
        id = db.lastInsertedRowID
    }
}
