import Evidence
import Foundation
import GRDB

/// A row of `incident`.
struct IncidentRow: Codable, FetchableRecord, BulkInsertable {
    static let databaseTableName = "incident"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var reference: String
    var title: String
    var summary: String?
    var service: String?
    var environment: String?
    var severity: String?
    var status: String
    /// A JSON array of strings.
    var tags: String
    var startedAt: String?
    var detectedAt: String?
    var clarifiedAt: String?
    var resolvedAt: String?
    var createdAt: String
    /// A JSON object of the fields an import carried that Casebook does not know.
    var extra: String? = nil
    /// The root cause's bucket, else the latest evidence's: triggers keep it, and an import sets it.
    var bucket: String? = nil

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let columnNames = [
        "id", "reference", "title", "summary", "service", "environment", "severity", "status", "tags", "started_at",
        "detected_at", "clarified_at", "resolved_at", "created_at", "extra", "bucket",
    ]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments {
        [
            id, reference, title, summary, service, environment, severity, status, tags, startedAt, detectedAt,
            clarifiedAt, resolvedAt, createdAt, extra, bucket,
        ]
    }

    /// The id and canonical reference of the incident `reference` names.
    static func find(_ reference: String, in db: Database) throws -> (id: Int64, reference: String) {
        let id = try id(of: reference, in: db)
        return (id, try String.fetchOne(db, sql: "SELECT reference FROM incident WHERE id = ?", arguments: [id]) ?? "")
    }

    /// The id of the incident `reference` names: exactly, or by number (`42`, `inc-42` for `INC-0042`).
    static func id(of reference: String, in db: Database) throws -> Int64 {
        let trimmed = String(reference.trimmingWhitespace())
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM incident WHERE reference = ?", arguments: [trimmed]) {
            return id
        }
        if let number = ReferenceCounter.number(in: trimmed, loose: true),
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM incident WHERE reference = ?", arguments: [ReferenceCounter.reference(number)])
        {
            return id
        }
        let shown = trimmed.count <= 40 && trimmed.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        throw StoreError.input(
            "no incident \(shown ? trimmed : "with that reference"); `casebook list` shows the references")
    }

    var tagList: [String] {
        guard case .array(let items)? = JSONValue.parse(tags.utf8) else { return [] }
        return items.compactMap(\.stringValue)
    }
}

/// Allocates references: `INC-` and at least four digits, one more than the highest ever used.
///
/// The highest number is kept in `reference_counter`, which imports raise when they bring their own references,
/// so a new incident never takes a number an imported one has.
enum ReferenceCounter {
    static func next(_ db: Database) throws -> String {
        let counter = try db.cachedStatement(sql: "SELECT value FROM reference_counter WHERE name = 'INC'")
        var number = (try Int64.fetchOne(counter) ?? 0) + 1
        let taken = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM incident WHERE reference = ?)")
        while try Bool.fetchOne(taken, arguments: [reference(number)]) ?? false {
            number += 1
        }
        try raise(to: number, db)
        return reference(number)
    }

    /// Keeps the counter at or above `number`.
    static func raise(to number: Int64, _ db: Database) throws {
        try db.run(
            """
            INSERT INTO reference_counter(name, value) VALUES ('INC', ?)
            ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)
            """, [number])
    }

    static func reference(_ number: Int64) -> String {
        let digits = String(number)
        return "INC-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The number of `INC-0042` (or, loosely, of `inc-42` and `42`).
    static func number(in reference: String, loose: Bool = false) -> Int64? {
        var text = Substring(reference)
        if text.uppercased().hasPrefix("INC-") {
            text = text.dropFirst(4)
        } else if !loose {
            return nil
        }
        guard !text.isEmpty, text.count <= 15, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
            return nil
        }
        return Int64(text)
    }
}

extension IncidentRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        id = row["id"]
        reference = row["reference"]
        title = row["title"]
        summary = row["summary"]
        service = row["service"]
        environment = row["environment"]
        severity = row["severity"]
        status = row["status"]
        tags = row["tags"]
        startedAt = row["started_at"]
        detectedAt = row["detected_at"]
        clarifiedAt = row["clarified_at"]
        resolvedAt = row["resolved_at"]
        createdAt = row["created_at"]
        extra = row["extra"]
        bucket = row["bucket"]
    }
}
