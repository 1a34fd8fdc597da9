import Foundation
import GRDB

/// A row of `timeline`: one thing recorded about an incident, when.
struct TimelineRow: Codable, FetchableRecord, PersistableRecord, BulkInsertable {
    static let databaseTableName = "timeline"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64? = nil
    var incidentId: Int64
    var at: String
    var event: String
    /// What was recorded, cut to 500 characters.
    var detail: String?

    static let columnNames = ["id", "incident_id", "at", "event", "detail"]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments { [id, incidentId, at, event, detail] }

    init(incident: Int64, at: Date, event: String, detail: String?) {
        incidentId = incident
        self.at = Timestamp.format(at)
        self.event = event
        self.detail = detail.map { String($0.prefix(500)) }
    }
}

extension TimelineRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        id = row["id"]
        incidentId = row["incident_id"]
        at = row["at"]
        event = row["event"]
        detail = row["detail"]
    }
}
