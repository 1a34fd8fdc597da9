import Evidence
import Foundation
import GRDB

/// A row of `evidence`: the sanitized pack as JSON, with its fingerprint's parts in columns for filtering,
/// matching and `sqlite3` users.
struct EvidenceRow: Codable, FetchableRecord, BulkInsertable {
    static let databaseTableName = "evidence"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var incidentId: Int64 = 0
    var recordedAt: String
    var source: String?
    var pack: String
    /// `POST /orders/{id} -> 504 UPSTREAM_TIMEOUT (31000 ms)`.
    var headline: String
    var method: String?
    var route: String?
    var host: String?
    var status: Int?
    var errorCode: String?
    var errorSignature: String?
    var exception: String?
    var bucket: String?
    var coarseFingerprint: String
    var fineFingerprint: String
    var text: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let columnNames = [
        "id", "incident_id", "recorded_at", "source", "pack", "headline", "method", "route", "host", "status",
        "error_code", "error_signature", "exception", "bucket", "coarse_fingerprint", "fine_fingerprint", "text",
    ]
    static let bulkInsertSQL = makeBulkInsertSQL()
    var statementArguments: StatementArguments {
        [
            id, incidentId, recordedAt, source, pack, headline, method, route, host, status, errorCode, errorSignature,
            exception, bucket, coarseFingerprint, fineFingerprint, text,
        ]
    }

    /// A row for `pack`, which must already be sanitized.
    init(pack: EvidencePack, bucket: TriageBucket?, recordedAt: Date) throws(StoreError) {
        let fingerprint = EvidenceFingerprint(pack)
        self.recordedAt = Timestamp.format(recordedAt)
        source = pack.source
        self.pack = pack.json.jsonText
        headline = pack.headline(fingerprint)
        method = fingerprint.method
        route = fingerprint.route
        host = fingerprint.host
        status = fingerprint.status
        errorCode = fingerprint.errorCode
        errorSignature = fingerprint.errorSignature
        exception = fingerprint.exception
        self.bucket = bucket?.rawValue
        coarseFingerprint = fingerprint.coarse
        fineFingerprint = fingerprint.fine
        text = pack.searchableText(fingerprint)
    }

    func decodedPack() throws -> EvidencePack {
        guard let json = JSONValue.parse(pack) else { throw StoreError.database("evidence #\(id ?? 0) is not JSON") }
        return try EvidencePack(json: json)
    }
}

extension EvidenceRow {
    /// The columns, read by name: GRDB's `Decodable` reading cost `list` a fifth of its instructions.
    init(row: Row) {
        id = row["id"]
        incidentId = row["incident_id"]
        recordedAt = row["recorded_at"]
        source = row["source"]
        pack = row["pack"]
        headline = row["headline"]
        method = row["method"]
        route = row["route"]
        host = row["host"]
        status = row["status"]
        errorCode = row["error_code"]
        errorSignature = row["error_signature"]
        exception = row["exception"]
        bucket = row["bucket"]
        coarseFingerprint = row["coarse_fingerprint"]
        fineFingerprint = row["fine_fingerprint"]
        text = row["text"]
    }
}
