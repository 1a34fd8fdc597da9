import GRDB

extension Database {
    /// Executes `sql` through the connection's statement cache: an import runs the same few statements hundreds
    /// of thousands of times, and compiling each one anew (with GRDB's authorizer) cost more than running it.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
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

    /// Inserts the row and sets its id.
    mutating func insertRow(_ db: Database) throws {
        let placeholders = Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")
        try db.run(
            "INSERT INTO incident(\(Self.columns.joined(separator: ", "))) VALUES (\(placeholders))", values)
        id = db.lastInsertedRowID
    }

    /// Updates every column of the row with id ``id``.
    func updateRow(_ db: Database) throws {
        let assignments = Self.columns.map { "\($0) = ?" }.joined(separator: ", ")
        try db.run("UPDATE incident SET \(assignments) WHERE id = ?", values + [id])
    }
}

extension EvidenceRow {
    static let columns = [
        "incident_id", "recorded_at", "source", "pack", "headline", "method", "route", "host", "status",
        "error_code", "error_signature", "exception", "bucket", "coarse_fingerprint", "fine_fingerprint", "text",
    ]

    /// Inserts the row and sets its id.
    mutating func insertRow(_ db: Database) throws {
        let placeholders = Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")
        try db.run(
            "INSERT INTO evidence(\(Self.columns.joined(separator: ", "))) VALUES (\(placeholders))",
            [
                incidentId, recordedAt, source, pack, headline, method, route, host, status, errorCode,
                errorSignature, exception, bucket, coarseFingerprint, fineFingerprint, text,
            ])
        id = db.lastInsertedRowID
    }
}
