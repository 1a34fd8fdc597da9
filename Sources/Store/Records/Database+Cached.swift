import GRDB

extension Database {
    /// Executes `sql` through the connection's statement cache: an import runs the same few statements hundreds
    /// of thousands of times, and compiling each one anew (with GRDB's authorizer) cost more than running it.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
