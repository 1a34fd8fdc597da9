import Testing

@testable import Evidence

/// Evidence packs written as JSON: one pack, a list, or an incident's evidence.
struct PackJSONParserTests {
    @Test func readsAPackLeniently() throws {
        let pack = try Fixture.pack("pack.json")
        #expect(pack.source == "json")
        #expect(pack.response?.status == 415)  // written as "415"
        #expect(pack.response?.errorCode == "UNSUPPORTED_MEDIA_TYPE")
        #expect(pack.logs?.count == 2)  // written as one string
        #expect(pack.notes == ["works on staging"])
        #expect(pack.timing == Timing(latencyMs: 31000, serverMs: 30990, timeoutMs: 30000))
        #expect(pack.environment?.featureFlags?["new_checkout"] == .bool(true))
        #expect(pack.environment?.other?["pod"] == .string("checkout-7f"))
        #expect(pack.userJourneyStep == "Checkout: submit order")
    }

    @Test(arguments: [("incident.json", [415, 503]), ("pack-list.json", [401, 403])])
    func readsEveryPackOfAListOrIncident(_ fixture: String, _ statuses: [Int]) throws {
        let packs = try EvidenceReader.packs(from: Fixture.bytes(fixture))
        #expect(packs.map { $0.response?.status } == statuses)
        #expect(packs.allSatisfy { $0.source == "json" })
    }

    @Test func entryPicksOneItemOfAList() throws {
        let packs = try EvidenceReader.packs(from: Fixture.bytes("pack-list.json"), entry: 2)
        #expect(packs.map { $0.response?.status } == [403])
        let error = readError(try Fixture.bytes("pack-list.json"), entry: 3)
        #expect(error?.description.hasPrefix("entry 3 does not exist: the JSON list has 2 entries") == true)
    }

    @Test(arguments: [
        (#"{"evidence": {"response": {"status": 502}}}"#, 502),
        (#"{"evidence": [{"id": 1, "pack": {"response": {"status": 504}}}]}"#, 504),
        (#"[{"response": {"status": 429}}]"#, 429),
    ])
    func acceptsTheShapesAnIncidentUses(_ text: String, _ status: Int) throws {
        let packs = try EvidenceReader.packs(from: Array(text.utf8))
        #expect(packs.map { $0.response?.status } == [status])
    }

    @Test(arguments: [
        (#"{"name": "checkout", "count": 3}"#, "not an evidence pack: expected keys such as request, response, logs"),
        ("42", "not an evidence pack"),
        ("[]", "the JSON list holds no evidence packs"),
        (#"[{"response": {}}, {"other": 1}]"#, "item 2 of the list is not an evidence pack"),
        (#"{"request": "GET /x"}"#, "the JSON: field `request` has the wrong type (expected an object)"),
        (#"{"request": {"method": "GET", "#, "the evidence JSON is not valid JSON: it ends before"),
    ])
    func explainsWhatIsWrong(_ text: String, _ message: String) {
        let error = readError(text, format: .json)
        #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func errorsNeverQuoteTheInput() {
        let secretish = "FAKE-SECRET-VALUE-0000"
        for text in [
            #"{"request": "\#(secretish)"}"#, #"{"\#(secretish)": 1}"#, #"{"request": {"method": "\#(secretish)"#,
        ] {
            let error = readError(text, format: .json)
            #expect(error != nil)
            #expect(error?.description.contains(secretish) == false)
        }
    }
}
