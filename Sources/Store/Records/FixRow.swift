import Foundation
import GRDB

/// A row of `fix`: a mitigation or a permanent fix of an incident.
struct FixRow: Codable, FetchableRecord, BulkInsertable {
    static let databaseTableName = "fix"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64? = nil
    var incidentId: Int64
    var text: String
    var kind: Fix.Kind
    var recordedAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let columnNames = ["id", "incident_id", "text", "kind", "recorded_at"]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments { [id, incidentId, text, kind.rawValue, recordedAt] }

    init(incident: Int64, text: String, kind: Fix.Kind, recordedAt: Date) {
        incidentId = incident
        self.text = text
        self.kind = kind
        self.recordedAt = Timestamp.format(recordedAt)
    }

    var fix: Fix { Fix(text: text, kind: kind, recordedAt: Timestamp.parse(recordedAt)) }
}

extension FixRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        id = row["id"]
        incidentId = row["incident_id"]
        text = row["text"]
        kind = Fix.Kind(rawValue: row["kind"]) ?? .permanent
        recordedAt = row["recorded_at"]
    }
}
