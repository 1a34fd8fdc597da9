import Evidence
import Foundation
import Store
import Testing

@Suite struct SearchTests {
    let kb: TestBase

    init() throws {
        kb = try TestBase()
        let base = kb.base
        let dns = try base.open(NewIncident(title: "Payments time out in eu-west-1", service: "payments"))
        try base.recordCause(
            "DNS resolver refused connections after the VPC change", bucket: .upstream, mismatch: .networking, for: dns)
        let login = try base.open(NewIncident(title: "Login returns 401 after key rotation", service: "auth"))
        try base.recordCause(
            "The gateway still had the old signing key", bucket: .auth, mismatch: .configuration, for: login)
        _ = try base.addAction("Alert when connections are refused", owner: "sre", due: nil, for: login)
        try base.resolve(login)
    }

    @Test func findsWordsByTheirStemAndRanksTitlesAndCausesFirst() throws {
        let hits = try kb.base.search("refused connection")
        #expect(hits.map(\.reference) == ["INC-0001", "INC-0002"])
        #expect(hits[0].matchedIn == "cause")
        #expect(hits[0].snippet.contains("**refused**"))
        #expect(hits[0].score > hits[1].score)
    }

    @Test func filtersApplyToSearch() throws {
        #expect(
            try kb.base.search("refused", filter: IncidentFilter(status: .resolved)).map(\.reference) == ["INC-0002"])
        #expect(
            try kb.base.search("refused", filter: IncidentFilter(service: "payments")).map(\.reference) == ["INC-0001"])
    }

    @Test(arguments: [
        ("\"signing key\"", ["INC-0002"]),
        ("cause:dns", ["INC-0001"]),
        ("payments OR login", ["INC-0001", "INC-0002"]),
        ("rotat*", ["INC-0002"]),
        ("rotation", ["INC-0002"]),
        ("rota", []),
        ("x509: nothing", []),
        ("eu-west-1", ["INC-0001"]),
    ])
    func understandsFTS5SyntaxAndPlainWords(query: String, expected: [String]) throws {
        #expect(Set(try kb.base.search(query).map(\.reference)) == Set(expected))
    }

    @Test(arguments: ["AND", "\"unterminated", "title:(", "nosuchcolumn:x OR (", "NEAR(", "   ", "*"])
    func badSyntaxIsAClearInputError(query: String) throws {
        let error = #expect(throws: StoreError.self) { try kb.base.search(query) }
        #expect(error?.kind == .input)
        #expect(error?.description.contains("search") == true)
    }

    /// Every kind of write, a root cause recorded twice (an upsert) among them, keeps the incident's one search
    /// document and the index in step: the old text is no longer found, the new is, and FTS5's check passes.
    @Test func everyWriteKeepsTheIndexInStep() throws {
        let base = kb.base
        let reference = try base.open(NewIncident(title: "Exports stall", service: "reports"))
        try base.recordCause("a stuck worker queue", bucket: .server, mismatch: nil, for: reference)
        try base.recordCause("the bucket policy denies writes", bucket: .auth, mismatch: .auth, for: reference)
        try base.recordFix("grant the role write access", kind: .mitigation, for: reference)
        _ = try base.addAction("alert on export lag", owner: "data", due: nil, for: reference)
        _ = try base.resolve(reference)
        #expect(try base.integrityCheck() == ["ok"])
        #expect(try base.search("stuck worker").isEmpty)
        #expect(try base.search("policy denies").map(\.reference) == [reference])
        #expect(try base.search("export lag role").map(\.reference) == [reference], "words from several rows")
        #expect(try base.search("policy denies", filter: IncidentFilter(bucket: .auth)).map(\.reference) == [reference])
    }

    /// A filter that few incidents pass is read into a set of ids, one that most pass is joined: both give the
    /// incidents that match and pass, and only those.
    @Test func selectiveAndBroadFiltersGiveTheSameAnswers() throws {
        let base = kb.base
        var references: [String] = []
        for index in 0..<8 {
            references.append(
                try base.open(
                    NewIncident(title: "Quokka gateway refused the call \(index)", service: "svc-\(index % 4)")))
        }
        _ = try base.resolve(references[1])
        let selective = try base.search("quokka refused", filter: IncidentFilter(service: "svc-1"))
        #expect(Set(selective.map(\.reference)) == [references[1], references[5]])
        let broad = try base.search("quokka refused", filter: IncidentFilter(status: .open), limit: 50)
        #expect(Set(broad.map(\.reference)) == Set(references).subtracting([references[1]]))
        let both = try base.search("quokka refused", filter: IncidentFilter(status: .resolved, service: "svc-1"))
        #expect(both.map(\.reference) == [references[1]])
    }
}

@Suite struct NoveltyTests {
    /// The first incident of a failure is the first of its kind, the next three recurring, the fifth frequent; a
    /// pack that names no failure is not counted.
    @Test func statsSayHowNewEachFailureWas() throws {
        let kb = try TestBase()
        let base = kb.base
        let failure = EvidencePack(
            request: RequestFacts(method: "GET", url: "https://api.example.com/orders/1"),
            response: ResponseFacts(status: 503, errorCode: "POOL_EXHAUSTED"))
        for day in 1...5 {
            let reference = try base.open(
                NewIncident(title: "pool \(day)", startedAt: date("2026-06-0\(day)T10:00:00Z")))
            try base.addEvidence([failure], to: reference)
        }
        let other = try base.open(NewIncident(title: "other", startedAt: date("2026-06-03T10:00:00Z")))
        try base.addEvidence(
            [EvidencePack(response: ResponseFacts(status: 401, errorCode: "TOKEN_EXPIRED"))], to: other)
        let quiet = try base.open(NewIncident(title: "quiet"))
        try base.addEvidence([EvidencePack(notes: ["works on staging"])], to: quiet)
        let novelty = try base.statistics().novelty
        #expect(novelty.firstOfItsKind == 2)
        #expect(novelty.recurring == 3)
        #expect(novelty.frequent == 1)
        #expect(try base.statistics().text.contains("first of its kind        2"))
    }
}
