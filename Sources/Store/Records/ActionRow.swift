import Foundation
import GRDB

/// A row of `action`: a follow-up action of an incident, with its owner and due date.
struct ActionRow: Codable, FetchableRecord, BulkInsertable {
    static let databaseTableName = "action"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64? = nil
    var incidentId: Int64
    var text: String
    var owner: String?
    /// A date, `2026-07-01`, as given.
    var due: String?
    var done: Bool
    var doneAt: String?
    var createdAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let columnNames = ["id", "incident_id", "text", "owner", "due", "done", "done_at", "created_at"]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments { [id, incidentId, text, owner, due, done, doneAt, createdAt] }

    init(incident: Int64, _ action: Action, createdAt: Date) {
        incidentId = incident
        text = action.text
        owner = action.owner
        due = action.due
        done = action.done
        doneAt = action.doneAt.map(Timestamp.format)
        self.createdAt = Timestamp.format(createdAt)
    }

    var action: Action {
        Action(id: id, text: text, owner: owner, due: due, done: done, doneAt: doneAt.flatMap(Timestamp.parse))
    }
}

extension ActionRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        id = row["id"]
        incidentId = row["incident_id"]
        text = row["text"]
        owner = row["owner"]
        due = row["due"]
        done = row["done"]
        doneAt = row["done_at"]
        createdAt = row["created_at"]
    }
}
