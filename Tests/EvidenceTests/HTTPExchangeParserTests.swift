import Testing

@testable import Evidence

/// Raw HTTP requests, responses and exchanges, HTTP/1.x and HTTP/2.
struct HTTPExchangeParserTests {
    @Test func readsARequestAndItsResponse() throws {
        let pack = try Fixture.pack("http-exchange-415.http")
        #expect(pack.source == "http")
        #expect(pack.request?.method == "POST")
        #expect(pack.request?.url == "https://api.example.com/v2/orders?source=app")
        // A folded header line continues the field; repeated fields are joined.
        #expect(pack.request?.headers?["X-Trace"] == "abc, def")
        #expect(pack.request?.headers?["Accept"] == "application/json, text/plain")
        #expect(pack.request?.body == .object(["sku": .string("FAKE-1"), "qty": .integer(2)]))
        // The interim 100 Continue is skipped.
        #expect(pack.response?.status == 415)
        #expect(pack.response?.errorCode == "UNSUPPORTED_MEDIA_TYPE")
        #expect(pack.timing?.serverMs == 48.5)
        #expect(pack.environment?.gateway == "envoy")
    }

    @Test func readsHTTP2PseudoHeaders() throws {
        let pack = try Fixture.pack("http-h2-503.txt")
        #expect(pack.request?.method == "GET")
        #expect(pack.request?.url == "https://inventory.example.com/inventory/items/8812?fields=stock")
        #expect(pack.request?.headers?.keys.contains { $0.hasPrefix(":") } == false)
        #expect(pack.response?.status == 503)
        #expect(pack.response?.headers?["retry-after"] == "5")
        #expect(pack.response?.errorCode == "SERVICE_UNAVAILABLE")
    }

    @Test func removesChunkedFraming() throws {
        let pack = try Fixture.pack("http-response-chunked.txt")
        #expect(pack.request == nil)
        #expect(pack.response?.status == 502)
        #expect(pack.response?.body == .string("<html>Bad Gateway</html>"))
    }

    @Test(arguments: [
        // Headers only a response sends make a header block a response; request headers keep it a request.
        ("Set-Cookie: s=[REDACTED]; Path=/\nRetry-After: 30\nX-RateLimit-Remaining: 0\n", true),
        ("Host: api.example.com\nAuthorization: Bearer [REDACTED]\nAccept: application/json\n", false),
    ])
    func aHeaderBlockIsAResponseOnlyWhenItsHeadersSaySo(_ text: String, _ isResponse: Bool) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8), format: .http).first)
        #expect((pack.response != nil) == isResponse)
        #expect((pack.request != nil) == !isResponse)
    }

    @Test func aResponseHeaderBlockFromAFile() throws {
        let pack = try Fixture.pack("http-headers-only.txt")
        #expect(pack.response?.headers?["Retry-After"] == "30")
        #expect(pack.response?.status == nil)
    }

    @Test(arguments: [
        // The port or a forwarded scheme says http; otherwise an API host is taken as https.
        ("GET /a HTTP/1.1\nHost: api.example.com:80\n\n", "http://api.example.com:80/a"),
        ("GET /a HTTP/1.1\nHost: api.example.com\nX-Forwarded-Proto: http\n\n", "http://api.example.com/a"),
        ("GET /a HTTP/1.1\nHost: api.example.com\n\n", "https://api.example.com/a"),
        ("GET https://api.example.com/a HTTP/1.1\n\n", "https://api.example.com/a"),
        // Without a Host there is only the path.
        ("GET /a HTTP/1.1\n\n", "/a"),
    ])
    func buildsTheURL(_ text: String, _ url: String) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.request?.url == url)
    }

    @Test(arguments: [
        (
            "HTTP/1.1 500 Internal Server Error\nContent-Type: text/plain\n\nboom\nGET /not/a/new/message\n", 500,
            "boom\nGET /not/a/new/message"
        ),
        ("HTTP/1.1 404 Not Found\n\n", 404, nil),
    ])
    func aBodyRunsToTheNextMessage(_ text: String, _ status: Int, _ body: String?) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.response?.status == status)
        #expect(pack.response?.body == body.map(JSONValue.string))
    }

    @Test(arguments: ["just words\nmore words", "{}"])
    func forcedHTTPFormatNeedsAMessage(_ text: String) {
        #expect(readError(text, format: .http)?.description.hasPrefix("no HTTP request or response found") == true)
    }
}
