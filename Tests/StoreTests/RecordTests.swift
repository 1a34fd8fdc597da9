import Evidence
import Foundation
import GRDB
import Testing

@testable import Store

/// The rows an import writes with one cached statement are the rows GRDB's own `insert` writes.
@Suite struct RecordTests {
    /// Inserts `record` both ways and returns the two rows as stored, by column, without their ids.
    static func storedBothWays<Record: BulkInsertable>(_ record: Record, in db: Database) throws
        -> ([String: DatabaseValue], [String: DatabaseValue])
    {
        var copy = record
        try copy.insert(db)
        let first = db.lastInsertedRowID
        let second = try record.bulkInsert(db)
        func row(_ id: Int64) throws -> [String: DatabaseValue] {
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT * FROM \(Record.databaseTableName) WHERE rowid = ?", arguments: [id]))
            var columns: [String: DatabaseValue] = [:]
            for (name, value) in row where name != "id" { columns[name] = value }
            return columns
        }
        return (try row(first), try row(second))
    }

    @Test func bulkInsertsStoreWhatRecordsStore() throws {
        let kb = try TestBase()
        let reference = try kb.base.open(NewIncident(title: "an incident"))
        try kb.base.pool.write { db in
            let incident = try IncidentRow.id(of: reference, in: db)
            let pack = EvidencePack(
                request: RequestFacts(method: "POST", url: "https://api.example.com/orders/42"),
                response: ResponseFacts(status: 503, errorCode: "UPSTREAM"), logs: ["ERROR connection refused"])
            var evidence = try EvidenceRow(pack: pack, bucket: .upstream, recordedAt: Date())
            evidence.incidentId = incident
            var copy = try #require(try IncidentRow.fetchOne(db, key: incident))
            copy.id = nil
            copy.reference = "INC-0900"
            var bulkCopy = copy
            bulkCopy.reference = "INC-0901"
            try copy.insert(db)
            let bulkID = try bulkCopy.bulkInsert(db)
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM incident WHERE id IN (?, ?)", arguments: [copy.id, bulkID])
            #expect(rows.count == 2)
            #expect(Set(rows[0].columnNames) == Set(IncidentRow.columnNames))
            for column in IncidentRow.columnNames where !["id", "reference"].contains(column) {
                #expect(rows[0][column] as DatabaseValue == rows[1][column] as DatabaseValue, "\(column)")
            }
            let pairs: [([String: DatabaseValue], [String: DatabaseValue])] = [
                try Self.storedBothWays(evidence, in: db),
                try Self.storedBothWays(TimelineRow(incident: incident, at: Date(), event: "x", detail: "y"), in: db),
                try Self.storedBothWays(
                    FixRow(incident: incident, text: "fix", kind: .mitigation, recordedAt: Date()), in: db),
                try Self.storedBothWays(
                    ActionRow(
                        incident: incident, Action(text: "do", owner: "me", due: "2026-07-01"), createdAt: Date()),
                    in: db),
            ]
            for (byRecord, byStatement) in pairs {
                #expect(byRecord == byStatement)
            }
            for type in [EvidenceRow.self, TimelineRow.self, FixRow.self, ActionRow.self] as [any BulkInsertable.Type] {
                let columns = try db.columns(in: type.databaseTableName).map(\.name)
                #expect(Set(columns) == Set(type.columnNames), "\(type.databaseTableName)")
            }
            let cause = RootCauseRow(incident: incident, RootCause(text: "why", bucket: .auth), recordedAt: Date())
            try cause.bulkInsert(db)
            #expect(try RootCauseRow.fetchOne(db, key: incident)?.rootCause.text == "why")
            #expect(Set(try db.columns(in: "root_cause").map(\.name)) == Set(RootCauseRow.columnNames))
        }
    }
}
