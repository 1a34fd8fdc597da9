import Foundation
import Testing

@testable import Evidence

/// HTTP Archives: one pack per failed entry.
struct HARParserTests {
    @Test func givesOnePackPerFailedEntry() throws {
        let packs = try EvidenceReader.packs(from: Fixture.bytes("har-checkout.har"))
        // Entries: 200, 500, status 0, 304: the 500 and the missing response failed.
        #expect(packs.map { $0.response?.status } == [500, nil])
        #expect(packs.allSatisfy { $0.source == "har" })

        let server = packs[0]
        #expect(server.request?.method == "POST")
        #expect(server.request?.url == "https://api.example.com/orders?source=web")
        #expect(server.request?.headers?["accept"] == "application/json, text/plain")
        #expect(server.request?.headers?.keys.contains { $0.hasPrefix(":") } == false)
        #expect(server.request?.body == .object(["sku": .string("FAKE-SKU-1"), "qty": .integer(2)]))
        // The base64 body is decoded and read as JSON.
        #expect(server.response?.errorCode == "PAYMENT_TIMEOUT")
        #expect(server.timing == Timing(latencyMs: 31000.7, serverMs: 30990))
        #expect(server.environment?.other?["server_ip"] == .string("203.0.113.10"))
        #expect(server.notes?.first?.hasPrefix("HAR entry 2 of 4") == true)

        let refused = packs[1]
        #expect(refused.response?.failure == "net::ERR_CONNECTION_REFUSED")
        #expect(refused.request?.body == .object(["name": .string("report"), "kind": .string("pdf")]))
        // `wait: -1` means "does not apply", not a time.
        #expect(refused.timing?.serverMs == nil)
    }

    @Test(arguments: [(1, 200), (2, 500), (4, 304)])
    func entryPicksOneEntryEvenWhenItDidNotFail(_ entry: Int, _ status: Int) throws {
        let packs = try EvidenceReader.packs(from: Fixture.bytes("har-checkout.har"), entry: entry)
        #expect(packs.count == 1)
        #expect(packs.first?.response?.status == status)
    }

    @Test(
        arguments: [
            ("har-checkout.har", 5, "entry 5 does not exist: the HAR file has 4 entries"),
            ("har-checkout.har", 0, "--entry 0 is not a valid entry number"),
            ("har-all-ok.har", nil, "none of the HAR file's 2 entries failed"),
            ("har-empty.har", nil, "the HAR file has no entries;"),
            ("har-truncated.har", nil, "the HAR file is not valid JSON: it ends before"),
        ] as [(String, Int?, String)])
    func explainsWhatIsWrong(_ fixture: String, _ entry: Int?, _ message: String) throws {
        let error = readError(try Fixture.bytes(fixture), entry: entry)
        #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func noFailedEntrySuggestsEntry() throws {
        let error = readError(try Fixture.bytes("har-all-ok.har"))
        #expect(error?.description.contains("--entry N") == true)
    }

    @Test(arguments: [#"{"log": {"version": "1.2", "creator": {}}}"#, #"{"log": {"entries": {}}}"#])
    func aHARWithoutAnEntryListHasNoEntries(_ text: String) {
        #expect(readError(text, format: .har)?.description.hasPrefix("the HAR file has no entries") == true)
    }

    @Test func binaryBase64ContentIsNotKeptAsText() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]).base64EncodedString()
        let text = """
            {"log": {"creator": {}, "entries": [{"request": {"method": "GET", "url": "https://x.example/i.png"},
            "response": {"status": 404, "content": {"mimeType": "image/png", "encoding": "base64", "text": "\(png)"}}},
            {"request": {"method": "GET", "url": "https://x.example/t"}, "response": {"status": 404,
            "content": {"mimeType": "text/plain", "encoding": "base64", "text": "bm90IGZvdW5k"}}}]}}
            """
        let packs = try EvidenceReader.packs(from: Array(text.utf8))
        #expect(packs.count == 2)
        #expect(packs[0].response?.body == nil)
        #expect(packs[1].response?.body == .string("not found"))
    }
}
