import Foundation
import Testing

@testable import Evidence

/// Format detection, input checks, limits and hostile input.
struct EvidenceReaderTests {
    @Test(arguments: [
        ("curl-v-502-json.txt", EvidenceFormat.curlVerbose), ("curl-v-dns.txt", .curlVerbose),
        ("har-checkout.har", .har), ("har-truncated.har", .har), ("http-exchange-415.http", .http),
        ("http-h2-503.txt", .http), ("http-headers-only.txt", .http), ("pack.json", .json), ("incident.json", .json),
        ("pack-list.json", .json), ("log-java.log", .logs), ("log-python.log", .logs), ("log-node.log", .logs),
        ("log-go.log", .logs), ("log-access.log", .logs), ("log-logfmt.log", .logs),
    ])
    func detectsFixtures(_ fixture: String, _ format: EvidenceFormat) throws {
        #expect(EvidenceReader.detect(try Fixture.bytes(fixture)) == format)
    }

    @Test(arguments: [
        ("curl https://api.example.com/x -H 'Accept: */*'", EvidenceFormat.curl),
        ("$ curl -v https://api.example.com/x\n* Trying 203.0.113.5:443...\n", .curlVerbose),
        (
            "curl: (7) Failed to connect to api.example.com port 443 after 3 ms: Couldn't connect to server",
            .curlVerbose
        ),
        ("GET /x HTTP/1.1\nHost: api.example.com\n", .http),
        ("HTTP/2 502\ncontent-type: text/plain\n", .http),
        (#"{"response": {"status": 502}}"#, .json),
        ("{\"level\":\"error\"}\n{\"level\":\"info\"}\n", .logs),
        ("[2026-06-19 09:12:03] ERROR boom", .logs),
        ("[1, 2]", .json),
        ("* a markdown bullet\n> a quote", .logs),
        ("2026-06-19 ERROR payment failed", .logs),
    ])
    func detectsByContent(_ text: String, _ format: EvidenceFormat) {
        #expect(EvidenceReader.detect(Array(text.utf8)) == format)
    }

    @Test(arguments: EvidenceFormat.allCases.filter { $0 != .auto })
    func sourceIsTheFormatRead(_ format: EvidenceFormat) throws {
        let inputs: [EvidenceFormat: String] = [
            .curl: "curl https://api.example.com/x",
            .curlVerbose: "> GET /x HTTP/1.1\n> Host: api.example.com\n> \n< HTTP/1.1 500 Oops\n< \n",
            .http: "HTTP/1.1 500 Oops\n\n",
            .har:
                #"{"log": {"entries": [{"request": {"method": "GET", "url": "https://x.example/"}, "response": {"status": 500}}]}}"#,
            .json: #"{"response": {"status": 500}}"#,
            .logs: "ERROR status=500",
        ]
        let text = try #require(inputs[format])
        #expect(EvidenceReader.detect(Array(text.utf8)) == format)
        let packs = try EvidenceReader.packs(from: Array(text.utf8), format: format)
        #expect(packs.map(\.source) == [format.rawValue])
    }

    @Test(arguments: [
        ([UInt8](), "the input is empty"),
        (Array(" \n\t\r\n".utf8), "the input is empty"),
        (Array("\u{FEFF}".utf8), "the input is empty"),
        ([0x7B, 0x00, 0x7D], "input looks binary"),
        (Array("GET /x\u{01}\u{02}\u{03}\u{04}\u{05}\u{06}".utf8), "input looks binary"),
        (
            Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk")!),
            "input looks binary"
        ),
    ])
    func refusesEmptyAndBinaryInput(_ input: [UInt8], _ message: String) {
        #expect(readError(input)?.description.hasPrefix(message) == true)
    }

    @Test(arguments: [
        "\u{1B}[31mERROR\u{1B}[0m payment failed status=503",  // colour codes are text
        "ERROR a bell \u{07} in a long enough line of log text",
    ])
    func aFewControlBytesAreStillText(_ text: String) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.logs?.count == 1)
    }

    @Test func entryOnASinglePackInputIsRefused() {
        #expect(readError("ERROR boom", entry: 2)?.description.hasPrefix("--entry applies to HAR files") == true)
        #expect(readError("ERROR boom", entry: 1) == nil)
    }

    @Test(arguments: [100_000, 600])
    func deeplyNestedJSONIsRefusedWithoutCrashing(_ depth: Int) {
        let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        for format in [EvidenceFormat.auto, .json, .har] {
            #expect(readError(deep, format: format)?.description.contains("nests deeper than 512 levels") == true)
        }
        // As a body or a log line it is text, kept within its limit.
        let response = "HTTP/1.1 500 Oops\nContent-Type: application/json\n\n" + deep
        let pack = try? EvidenceReader.packs(from: Array(response.utf8)).first
        #expect(pack?.response?.status == 500)
        #expect((pack?.response?.body?.stringValue?.utf8.count ?? 0) <= MessageBody.textLimit)
        #expect((try? EvidenceReader.packs(from: Array(deep.utf8), format: .logs))?.count == 1)
    }

    @Test func shallowNestingStillParses() throws {
        let depth = 100
        let nested = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        let text = #"{"response": {"status": 500, "body": "# + nested + "}}"
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.response?.body?["a"] != nil)
    }

    @Test(arguments: [
        "{\"log\": {\"entries\": [", "[{\"request\": ", "\"unterminated", "{\"a\": 1}}", "curl '", "> GET",
        "< HTTP/1.1 500", ":status: 5", "HTTP/1.1 500 x\nTransfer-Encoding: chunked\n\nzz\n",
        "Traceback (most recent call last):",
        "panic:", "\tat ", "status=", "took ms", "\"GET / HTTP/1.1\"",
    ])
    func hostileFragmentsNeverCrash(_ text: String) {
        for format in EvidenceFormat.allCases {
            _ = readError(text, format: format)
        }
    }

    @Test func longResponseBodiesAreCutWithANote() throws {
        let body = String(repeating: "é", count: 10_000)  // 20,000 bytes, two per character
        let text = "HTTP/1.1 500 Oops\nContent-Type: text/plain\n\n" + body
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        let kept = try #require(pack.response?.body?.stringValue)
        #expect(kept.utf8.count == 16 * 1024)
        #expect(body.hasPrefix(kept))
        #expect(pack.notes == ["response body cut to 16 KiB: \(20_000 - 16 * 1024) more bytes not kept"])

        let short = "HTTP/1.1 500 Oops\nContent-Type: text/plain\n\n" + String(repeating: "x", count: 16 * 1024)
        let whole = try #require(try EvidenceReader.packs(from: Array(short.utf8)).first)
        #expect(whole.response?.body?.stringValue?.utf8.count == 16 * 1024)
        #expect(whole.notes == nil)
    }

    @Test func largeInputsAreReadQuickly() throws {
        // About 8 MB of log with no errors until the end: the cost must stay linear.
        let line = "2026-06-19T09:00:00Z INFO request ok path=/orders/42 took 12ms region=eu-west-1\n"
        var text = String(repeating: line, count: 100_000)
        text += "2026-06-19T09:12:03Z ERROR payment failed status=503\n"
        let start = ContinuousClock.now
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(pack.response?.status == 503)
        #expect(pack.logs?.count == 103)

        let big = "HTTP/1.1 500 Oops\nContent-Type: text/plain\n\n" + String(repeating: "y", count: 4_000_000)
        let clock = ContinuousClock.now
        _ = try EvidenceReader.packs(from: Array(big.utf8))
        #expect(ContinuousClock.now - clock < .seconds(20))
    }
}
