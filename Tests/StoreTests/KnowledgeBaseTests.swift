import Evidence
import Foundation
import Store
import Testing

@Suite struct KnowledgeBaseTests {
    @Test func recordsAnIncidentsWholeLife() throws {
        let kb = try TestBase()
        let base = kb.base
        let reference = try base.open(
            NewIncident(
                title: "Checkout returns 415 after the iOS SDK upgrade", service: "checkout-api",
                environment: "production", severity: .sev2, startedAt: date("2026-06-19T09:12:00Z"),
                detectedAt: date("2026-06-19T09:20:00Z"), tags: ["ios", "sdk"]))
        #expect(reference == "INC-0001")
        try base.recordCause(
            "SDK 5.2 sends text/plain", bucket: .client, mismatch: .dependencies, for: reference,
            at: date("2026-06-19T09:31:00Z"))
        try base.recordFix("Roll back the SDK", kind: .mitigation, for: reference, at: date("2026-06-19T09:40:00Z"))
        #expect(try base.incident(reference).status == "mitigated")
        try base.recordFix("Pin the content type", kind: .permanent, for: reference)
        let action = try base.addAction(
            "Contract test for content types", owner: "mobile", due: date("2026-07-01"), for: reference)
        try base.completeAction(action)
        try base.resolve(reference, at: date("2026-06-19T11:02:00Z"))

        let incident = try base.incident("inc-1")
        #expect(incident.id == "INC-0001")
        #expect(incident.status == "resolved")
        #expect(incident.severity == "SEV2")
        #expect(incident.tags == ["ios", "sdk"])
        #expect(incident.clarifiedAt == date("2026-06-19T09:31:00Z"))
        #expect(incident.resolvedAt == date("2026-06-19T11:02:00Z"))
        #expect(incident.rootCause?.bucket == .client)
        #expect(incident.rootCause?.mismatchCategory == .dependencies)
        #expect(incident.fixes.map(\.kind) == [.mitigation, .permanent])
        #expect(incident.actions.first?.done == true)
        #expect(incident.actions.first?.owner == "mobile")
        #expect(incident.actions.first?.due == "2026-07-01")
        #expect(incident.timeline.map(\.event).contains("resolved"))
        #expect(incident.timeline.count == 7)
    }

    @Test func referencesAreNumberedAndFoundLoosely() throws {
        let kb = try TestBase()
        let base = kb.base
        #expect(try base.open(NewIncident(title: "one")) == "INC-0001")
        #expect(try base.open(NewIncident(title: "two")) == "INC-0002")
        for spelling in ["INC-0002", "inc-2", "2", " INC-2 "] {
            #expect(try base.incident(spelling).title == "two")
        }
        for missing in ["INC-0003", "3", "nope", "INC-"] {
            let error = #expect(throws: StoreError.self) { try base.incident(missing) }
            #expect(error?.kind == .input)
            #expect(error?.description.contains("casebook list") == true)
        }
    }

    /// A new knowledge base is made with 8 KiB pages (the page size is bytes 16 and 17 of SQLite's file header).
    @Test func aNewKnowledgeBaseHasEightKilobytePages() throws {
        let kb = try TestBase()
        _ = try kb.base.open(NewIncident(title: "one"))
        let header = try Data(contentsOf: URL(fileURLWithPath: kb.path)).prefix(18)
        #expect(Int(header[16]) << 8 | Int(header[17]) == 8192)
    }

    @Test func badInputIsAnInputError() throws {
        let kb = try TestBase()
        let base = kb.base
        #expect(throws: StoreError.self) { try base.open(NewIncident(title: "   ")) }
        let reference = try base.open(NewIncident(title: "x"))
        #expect(throws: StoreError.self) { try base.recordCause(" ", bucket: nil, mismatch: nil, for: reference) }
        #expect(throws: StoreError.self) { try base.completeAction(99) }
    }

    @Test func secretsAndPersonalDataAreMaskedBeforeTheyReachTheDisk() throws {
        let kb = try TestBase()
        let secret = "sk_live_" + "51HqLyjWDarjtT1zdp7dc" + "Zq9Xk2Lm4Nb6Vc8Rt0Yw"
        let email = "jane.doe@corp-mail.com"
        let reference = try kb.base.open(
            NewIncident(title: "Login fails for \(email)", summary: "token \(secret) in the logs", tags: [email]))
        try kb.base.recordCause("password=Sup3rS3cretValue! leaked", bucket: .auth, mismatch: nil, for: reference)
        _ = try kb.base.addAction("Rotate \(secret)", owner: email, due: nil, for: reference)
        let incident = try kb.base.incident(reference)
        #expect(!incident.title.contains(email))
        #expect(incident.title.contains("@example.invalid"))
        let disk = try kb.bytesOnDisk()
        for value in [secret, email, "Sup3rS3cretValue!"] {
            #expect(disk.range(of: Data(value.utf8)) == nil, "found a raw value on disk")
        }
    }

    @Test func listFiltersAndOrdersNewestFirst() throws {
        let kb = try TestBase()
        let base = kb.base
        let old = try base.open(NewIncident(title: "old", service: "a", startedAt: date("2026-01-05")))
        let new = try base.open(NewIncident(title: "new", service: "b", startedAt: date("2026-06-05")))
        try base.recordCause("dns", bucket: .upstream, mismatch: .networking, for: old)
        try base.resolve(new)
        #expect(try base.list().map(\.title) == ["new", "old"])
        #expect(try base.list(limit: 1).map(\.title) == ["new"])
        #expect(try base.list(IncidentFilter(status: .resolved)).map(\.title) == ["new"])
        #expect(try base.list(IncidentFilter(service: "a")).map(\.title) == ["old"])
        #expect(try base.list(IncidentFilter(bucket: .upstream)).map(\.title) == ["old"])
        #expect(try base.list(IncidentFilter(since: date("2026-03-01"))).map(\.title) == ["new"])
    }

    @Test func statisticsMeasureTimeToDetectClarifyAndResolve() throws {
        let kb = try TestBase()
        let base = kb.base
        for (minutes, service) in [(10, "a"), (30, "a"), (50, "b")] {
            let start = date("2026-06-01T10:00:00Z")
            let reference = try base.open(
                NewIncident(
                    title: "t", service: service, startedAt: start,
                    detectedAt: start.addingTimeInterval(Double(minutes * 60))))
            try base.recordCause(
                "c", bucket: .server, mismatch: nil, for: reference, at: start.addingTimeInterval(3600))
            try base.resolve(reference, at: start.addingTimeInterval(7200))
        }
        let stats = try base.statistics()
        #expect(stats.incidents == 3)
        #expect(stats.timeToDetect?.meanSeconds == 1800)
        #expect(stats.timeToDetect?.medianSeconds == 1800)
        #expect(stats.timeToClarity?.meanSeconds == 3600)
        #expect(stats.timeToResolve?.meanSeconds == 7200)
        #expect(stats.byService.map(\.name) == ["a", "b"])
        #expect(stats.byBucket.first?.name == "server")
        #expect(stats.byMonth.first?.name == "2026-06")
    }

    @Test func twoKnowledgeBasesWritingAtOnceLoseNothing() async throws {
        let kb = try TestBase()
        let other = try KnowledgeBase(path: kb.path)
        let perWriter = 150
        await withTaskGroup(of: Void.self) { group in
            for (writer, base) in [kb.base, other].enumerated() {
                group.addTask {
                    for i in 0..<perWriter { _ = try? base.open(NewIncident(title: "writer \(writer) incident \(i)")) }
                }
            }
        }
        #expect(try kb.base.count() == 2 * perWriter)
        #expect(Set(try kb.base.list(limit: nil).compactMap(\.id)).count == 2 * perWriter)
    }

    @Test func theDatabaseFilesArePrivate() throws {
        let kb = try TestBase()
        _ = try kb.base.open(NewIncident(title: "x"))
        for file in [kb.path, kb.path.replacingOccurrences(of: ".sqlite", with: ".key")] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
    }

    @Test func aFileThatIsNotADatabaseIsAStoreError() throws {
        let kb = try TestBase()
        let path = kb.folder.url.appendingPathComponent("not.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try KnowledgeBase(path: path) }
        #expect(error?.kind == .database)
    }
}

@Suite struct ImportTests {
    static func line(_ id: String, _ title: String, cause: String = "a cause") -> String {
        #"{"id": "\#(id)", "title": "\#(title)", "root_cause": {"text": "\#(cause)", "bucket": "upstream"}, "fix": "a fix", "actions": ["an action"], "evidence": {"response": {"status": 502}, "logs": ["ERROR connection refused"]}}"#
    }

    /// Replacing an incident in the same batch, in a later batch, and through normal writes in between keeps the
    /// search index exactly in step with its documents.
    @Test func replacingIncidentsKeepsTheSearchIndexSound() throws {
        let kb = try TestBase()
        let base = kb.base
        let reference = try base.open(NewIncident(title: "opened by hand before the import"))
        try base.recordCause("the gateway dropped headers", bucket: .client, mismatch: nil, for: reference)
        let first = [
            Self.line("INC-0100", "first version", cause: "original cause"),
            Self.line("INC-0101", "other"),
            Self.line("INC-0100", "second version in the same batch", cause: "replaced cause"),
        ]
        var report = try base.importIncidents(from: jsonLines(first.joined(separator: "\n")), batchSize: 2)
        #expect(report.added == 2)
        #expect(report.updated == 1)
        try base.recordFix("a later fix", kind: .permanent, for: "INC-0100")
        report = try base.importIncidents(
            from: jsonLines(
                [Self.line("INC-0100", "third version", cause: "final cause"), Self.line("INC-0102", "new")]
                    .joined(separator: "\n")), batchSize: 10)
        #expect(report.added == 1 && report.updated == 1)
        #expect(try base.integrityCheck() == ["ok"])
        #expect(try base.search("final cause").map(\.reference) == ["INC-0100"])
        #expect(try base.search("replaced").isEmpty)
        #expect(try base.search("original").isEmpty)
        #expect(try base.search("gateway headers").map(\.reference) == [reference])
        #expect(try base.incident("INC-0100").title == "third version")
        #expect(try base.incident("INC-0100").fixes.map(\.text) == ["a fix"])
    }
}
