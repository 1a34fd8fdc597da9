import Evidence
import Testing

@Suite struct TriageTests {
    static func pack(status: Int?, failure: String? = nil, logs: [String] = [], headers: [String: String] = [:])
        -> EvidencePack
    {
        EvidencePack(response: ResponseFacts(status: status, headers: headers, failure: failure), logs: logs)
    }

    /// Each case: the evidence, and the bucket of the boundary that failed first. Twins differ in one signal.
    @Test(arguments: [
        (pack(status: 500), TriageBucket.server),
        (pack(status: 500, logs: ["ERROR dial tcp 10.0.0.7:5432: connect: connection refused"]), .upstream),
        (pack(status: 500, logs: ["ERROR x509: certificate signed by unknown authority"]), .upstream),
        (pack(status: 500, logs: ["ERROR AccessDenied: not authorized to perform s3:GetObject"]), .auth),
        (pack(status: 500, logs: ["WARN payments returned 429 Too Many Requests (429 from upstream)"]), .rateLimit),
        (pack(status: 500, logs: ["ERROR java.lang.NullPointerException at Checkout.total"]), .server),
        (pack(status: 401), .auth),
        (pack(status: 401, logs: ["upstream connect took 12ms"]), .auth),
        (pack(status: 403), .auth),
        (pack(status: 429), .rateLimit),
        (pack(status: 503, headers: ["Retry-After": "30", "X-RateLimit-Remaining": "0"]), .rateLimit),
        (pack(status: 503), .upstream),
        (pack(status: 504), .upstream),
        (pack(status: nil, failure: "Connection refused"), .upstream),
        (pack(status: 415), .client),
        (pack(status: 422, logs: ["WARN validation failed on field currency"]), .client),
        (pack(status: 404), .client),
    ])
    func readsTheEvidenceNotOnlyTheStatus(pack: EvidencePack, expected: TriageBucket) {
        let verdict = Triage.classify(pack)
        #expect(verdict.bucket == expected)
        #expect(verdict.playbook == expected.rawValue)
        #expect(!verdict.reasons.isEmpty)
    }

    @Test func latencyAtTheTimeoutIsUpstream() {
        var pack = Self.pack(status: 500)
        pack.timing = Timing(latencyMs: 30_004, timeoutMs: 30_000)
        #expect(Triage.classify(pack).bucket == .upstream)
        pack.timing = Timing(latencyMs: 120, timeoutMs: 30_000)
        #expect(Triage.classify(pack).bucket == .server)
    }

    @Test func nothingToJudgeByIsNoBucket() {
        #expect(Triage.classify(EvidencePack(notes: ["works on staging"])).bucket == nil)
        #expect(Triage.classify(Self.pack(status: 200)).bucket == nil)
    }
}
