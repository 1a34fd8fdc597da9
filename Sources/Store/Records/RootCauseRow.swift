import Evidence
import Foundation
import GRDB

/// A row of `root_cause`: an incident's one root cause, keyed by the incident.
struct RootCauseRow: Codable, FetchableRecord, PersistableRecord, BulkInsertable {
    static let databaseTableName = "root_cause"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var incidentId: Int64
    var text: String
    var bucket: String?
    var mismatchCategory: String?
    var recordedAt: String

    static let columnNames = ["incident_id", "text", "bucket", "mismatch_category", "recorded_at"]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments { [incidentId, text, bucket, mismatchCategory, recordedAt] }

    init(incident: Int64, _ cause: RootCause, recordedAt: Date) {
        incidentId = incident
        text = cause.text
        bucket = cause.bucket?.rawValue
        mismatchCategory = cause.mismatchCategory?.rawValue
        self.recordedAt = Timestamp.format(recordedAt)
    }

    var rootCause: RootCause {
        RootCause(
            text: text, bucket: bucket.flatMap(TriageBucket.init(rawValue:)),
            mismatchCategory: mismatchCategory.flatMap(MismatchCategory.init(rawValue:)),
            recordedAt: Timestamp.parse(recordedAt))
    }
}

extension RootCauseRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        incidentId = row["incident_id"]
        text = row["text"]
        bucket = row["bucket"]
        mismatchCategory = row["mismatch_category"]
        recordedAt = row["recorded_at"]
    }
}
