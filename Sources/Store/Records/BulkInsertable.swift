import GRDB

/// A record that a bulk load inserts through one cached statement, its columns listed once beside its values.
///
/// GRDB's `insert` encodes every row into a `PersistenceContainer`, an ordered dictionary keyed by
/// case-insensitive column names: over the six rows an imported incident has, that cost an import a fifth more
/// instructions (3,349 M against 2,743 M for 2,000 incidents). An import writes hundreds of thousands of rows, so
/// it inserts with ``bulkInsert(_:)``, whose arguments are an array literal (GRDB specializes that initializer; the
/// one that takes a sequence from another module is generic at run time, and cost 4% more by itself). Every other
/// write and every read is GRDB's own `insert`, `update` and `fetch`, through `Codable`; a test checks that both
/// ways store the same row.
protocol BulkInsertable: MutablePersistableRecord {
    /// The table's columns, in the order of ``statementArguments``.
    static var columnNames: [String] { get }
    /// `INSERT INTO table(columns) VALUES (?, ...)`, made once (``makeBulkInsertSQL()``).
    static var bulkInsertSQL: String { get }
    /// The row's values, in the order of ``columnNames``.
    var statementArguments: StatementArguments { get }
}

extension BulkInsertable {
    static func makeBulkInsertSQL() -> String {
        let placeholders = Array(repeating: "?", count: columnNames.count).joined(separator: ", ")
        return "INSERT INTO \(databaseTableName)(\(columnNames.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Inserts the row through the connection's cached statement, and returns its row id.
    @discardableResult
    func bulkInsert(_ db: Database) throws -> Int64 {
        try db.cachedStatement(sql: Self.bulkInsertSQL).execute(arguments: statementArguments)
        return db.lastInsertedRowID
    }
}
