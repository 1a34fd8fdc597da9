import Evidence
import Foundation
import GRDB
import SQLiteSupport
import Sanitizer
import Synchronization

/// The knowledge base: one SQLite file of incidents, their evidence, causes, fixes and actions.
///
/// ```swift
/// let base = try KnowledgeBase(path: KnowledgeBase.defaultPath())
/// let reference = try base.open(NewIncident(title: "Checkout returns 415"))
/// ```
///
/// Every text that goes in is sanitized first, under the pseudonym key kept beside the database, so the same
/// value gets the same pseudonym in every incident and nothing raw ever reaches the disk. Writes that span rows
/// are one transaction each; the pool runs in WAL mode with a busy timeout, so several processes can write at
/// once and none sees "database is locked".
public final class KnowledgeBase: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Made on first use: reading commands never load the key or compile the rules.
    private let lazySanitizer: LazySanitizer
    /// Made on first use: commands that classify nothing never read the playbooks.
    private let lazyTriage: LazyTriage

    /// What classifies the evidence it stores: the playbooks' signals.
    public var triage: Triage { lazyTriage.value }

    /// Opens the knowledge base at `path`, creating it, its folder and its key on first use (files 0600), to
    /// classify evidence with `triage`.
    ///
    /// - Throws: ``StoreError`` when the file cannot be created or opened, or is not a Casebook database.
    public init(path: String, triage: @escaping @Sendable () -> Triage = { .builtIn }) throws(StoreError) {
        self.path = path
        lazyTriage = LazyTriage(make: triage)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .database("cannot create the folder \(folder); check its permissions or pass --db")
        }
        // SQLite gives the -wal and -shm files the database file's mode, so creating it 0600 covers all three.
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = Foundation.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .database("cannot create \(path); check the folder's permissions") }
            close(descriptor)
        }
        lazySanitizer = LazySanitizer(keyPath: url.deletingPathExtension().appendingPathExtension("key").path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Keep the -wal file when the last connection closes. Without it, the next process to open the pool
            // would write a transaction to recreate it (GRDB makes sure a non-empty one exists) and checkpoint
            // that on exit: two syncs to disk for every `show`, `list` or `search`.
            casebook_sqlite_persist_wal(db.sqliteConnection)
            // A new database gets 8 KiB pages (an existing one keeps its own; this changes nothing there): at
            // 100,000 incidents an import made half as many page writes (of the same bytes in all) and took 11-18%
            // less time, and queries were no slower.
            try db.execute(sql: "PRAGMA page_size = 8192")
            // WAL with NORMAL loses no committed transaction on a crash, only on power loss before a checkpoint.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Statement journals (every insert that fires a trigger keeps one) and sorts stay in memory: on disk
            // they cost a write of every page a statement touches, far more than the rows it stores.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Reads map the file instead of copying each page in: a whole-process query over a large knowledge
            // base spent a third of its time in read(2).
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .database("\(path) is not a SQLite database; pass --db with another path")
        } catch {
            throw .database("cannot open the knowledge base \(path): \(Self.describe(error))")
        }
    }

    /// Where the knowledge base lives when `--db` is not given: `$CASEBOOK_DB`, else
    /// `$XDG_DATA_HOME/casebook/casebook.sqlite`, else `~/.local/share/casebook/casebook.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["CASEBOOK_DB"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/casebook/casebook.sqlite"
    }

    /// Runs a write, mapping database failures to ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try mappingWriteErrors { try pool.write(body) }
    }

    /// Runs a write in one transaction on a connection whose triggers are off, for a bulk load that does their
    /// work itself, set-wise; mapping database failures to ``StoreError``.
    func writeWithoutTriggers<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try mappingWriteErrors {
            try pool.writeWithoutTransaction { db in
                casebook_sqlite_enable_triggers(db.sqliteConnection, 0)
                defer { casebook_sqlite_enable_triggers(db.sqliteConnection, 1) }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!  // set: the transaction committed
            }
        }
    }

    /// Copies the -wal file into the database and empties it. The file is kept between processes (see
    /// ``init(path:)``), and each process that opens the database reads every frame of the last transaction in it:
    /// tens of megabytes after an import batch, which made every later `show` a hundred milliseconds slower.
    func emptyWriteAheadLog() throws(StoreError) {
        try mappingWriteErrors {
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    private func mappingWriteErrors<T>(_ write: () throws -> T) throws(StoreError) -> T {
        do {
            return try write()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("the knowledge base could not be written: \(Self.describe(error))")
        }
    }

    /// Runs a read, mapping database failures to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("the knowledge base could not be read: \(Self.describe(error))")
        }
    }

    /// A database error without its SQL or arguments (which could hold user text): the message and code only.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.message ?? "SQLite error") (code \(error.extendedResultCode.rawValue))"
        }
        return "\(type(of: error))"
    }

    // MARK: - Sanitizing what goes in

    /// The sanitizer, under the key beside the database (created on first use, 0600).
    var sanitizer: Sanitizer {
        get throws(StoreError) { try lazySanitizer.value() }
    }

    /// `text` with its secrets and personal data masked.
    func sanitized(_ text: String) throws(StoreError) -> String {
        guard text.utf8.contains(where: { $0 >= 0x30 }) else { return text }  // nothing to mask in punctuation
        do {
            return String(decoding: try sanitizer.sanitize(Array(text.utf8), format: .text).output, as: UTF8.self)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .input("a value could not be sanitized safely, so it was not stored: \(error)")
        }
    }

    func sanitized(_ text: String?) throws(StoreError) -> String? {
        guard let text else { return nil }
        return try sanitized(text)
    }

    /// A JSON document with its secrets and personal data masked; its keys and value types are unchanged.
    func sanitized(json: [UInt8]) throws(StoreError) -> [UInt8] {
        do {
            return try sanitizer.sanitize(json, format: .json).output
        } catch let error as StoreError {
            throw error
        } catch {
            throw .input("a document could not be sanitized safely, so it was not stored: \(error)")
        }
    }
}

extension KnowledgeBase {
    /// SQLite's `PRAGMA integrity_check` and FTS5's check that the search index matches its documents:
    /// `["ok"]` for a sound knowledge base, else what is wrong.
    public func integrityCheck() throws(StoreError) -> [String] {
        try write { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            do {
                try db.execute(sql: "INSERT INTO search_index(search_index) VALUES ('integrity-check')")
            } catch let error as DatabaseError {
                problems.append("search index: \(error.message ?? "does not match its documents")")
            }
            return problems.isEmpty ? ["ok"] : problems
        }
    }
}

/// The triage made the first time it is needed, once, whichever thread asks (an import's readers classify on
/// several).
private final class LazyTriage: Sendable {
    private let make: @Sendable () -> Triage
    private let made = Mutex<Triage?>(nil)

    init(make: @escaping @Sendable () -> Triage) { self.make = make }

    var value: Triage {
        made.withLock { made in
            if let made { return made }
            let triage = make()
            made = triage
            return triage
        }
    }
}

/// A sanitizer made the first time it is needed, once, whichever thread asks.
private final class LazySanitizer: @unchecked Sendable {
    private let keyPath: String
    private let lock = NSLock()
    private var made: Sanitizer?

    init(keyPath: String) { self.keyPath = keyPath }

    func value() throws(StoreError) -> Sanitizer {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        do {
            let sanitizer = Sanitizer(key: try PseudonymKey.loadOrCreate(at: keyPath))
            made = sanitizer
            return sanitizer
        } catch {
            throw .database("cannot read or create the pseudonym key \(keyPath): \(error)")
        }
    }
}
