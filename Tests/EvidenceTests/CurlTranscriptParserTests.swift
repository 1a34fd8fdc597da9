import Testing

@testable import Evidence

/// `curl -v` transcripts recorded from a real curl against local servers (Fixtures/curl-v-*.txt).
struct CurlTranscriptParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var method: String?
        var url: String?
        var status: Int?
        var failure: String?
        var errorCode: String?
        var testDescription: String { fixture }
    }

    @Test(arguments: [
        Case(
            fixture: "curl-v-502-json.txt", method: "GET", url: "http://127.0.0.1:18080/orders/42?expand=items",
            status: 502, errorCode: "UPSTREAM_UNAVAILABLE"),
        Case(
            fixture: "curl-v-post-415.txt", method: "POST", url: "http://localhost:18080/orders", status: 415,
            errorCode: "UNSUPPORTED_MEDIA_TYPE"),
        Case(
            fixture: "curl-v-429.txt", method: "GET", url: "http://127.0.0.1:18080/limited?page=2", status: 429,
            errorCode: "RATE_LIMITED"),
        // The 302 curl followed is not the failure; the final 502 is.
        Case(
            fixture: "curl-v-redirect-502.txt", method: "GET", url: "http://localhost:18080/orders/42", status: 502,
            errorCode: "UPSTREAM_UNAVAILABLE"),
        // `100 Continue` is interim.
        Case(
            fixture: "curl-v-100-continue.txt", method: "POST", url: "http://localhost:18080/orders", status: 415,
            errorCode: "UNSUPPORTED_MEDIA_TYPE"),
        // TLS notes make the URL https.
        Case(
            fixture: "curl-v-https-502.txt", method: "GET", url: "https://localhost:18443/orders/42", status: 502,
            errorCode: "UPSTREAM_UNAVAILABLE"),
        // No response: status nil, and curl's reason.
        Case(
            fixture: "curl-v-refused.txt", method: "GET", url: "http://localhost:1/orders",
            failure: "Connection refused"),
        Case(
            fixture: "curl-v-dns.txt", url: "http://nonexistent.invalid",
            failure: "Could not resolve host: nonexistent.invalid"),
        Case(
            fixture: "curl-v-tls-selfsigned.txt", url: "https://localhost:18443",
            failure: "SSL certificate problem: self-signed certificate"),
        Case(
            fixture: "curl-v-timeout.txt", method: "GET", url: "http://localhost:18080/slow",
            failure: "Operation timed out after 1001 milliseconds"),
        Case(
            fixture: "curl-v-send-failure.txt", method: "GET", url: "http://127.0.0.1:18080/x",
            failure: "Send failure: Broken pipe"),
    ])
    func readsTheExchange(_ test: Case) throws {
        let bytes = try Fixture.bytes(test.fixture)
        #expect(EvidenceReader.detect(bytes) == .curlVerbose)
        let pack = try Fixture.pack(test.fixture)
        #expect(pack.source == "curl-v")
        #expect(pack.request?.method == test.method)
        #expect(pack.request?.url == test.url)
        #expect(pack.response?.status == test.status)
        #expect(pack.response?.failure == test.failure)
        #expect(pack.response?.errorCode == test.errorCode)
        // A response and a failure never come together; one of them always does here.
        #expect((pack.response?.status == nil) == (pack.response?.failure != nil))
    }

    @Test func keepsHeadersBodyAndTiming() throws {
        let pack = try Fixture.pack("curl-v-502-json.txt")
        #expect(pack.request?.headers?["Accept"] == "application/json")
        #expect(pack.response?.headers?["X-Request-Id"] == "req-0000-fake")
        #expect(pack.response?.body?["message"] == .string("payments-api did not answer"))
        #expect(pack.timing?.serverMs == 30990)
        // The progress meter and `{ [80 bytes data]` are not part of the body or the headers.
        #expect(pack.response?.headers?.keys.contains { $0.contains("%") || $0.contains("[") } == false)
    }

    @Test func takesTheRequestBodyAndTimeoutFromTheCommandLine() throws {
        let post = try Fixture.pack("curl-v-post-415.txt")
        #expect(post.request?.body == .object(["sku": .string("FAKE-1"), "qty": .integer(2)]))
        #expect(post.request?.headers?["Content-Type"] == "text/plain")
        let timeout = try Fixture.pack("curl-v-timeout.txt")
        #expect(timeout.timing?.timeoutMs == 1000)
        #expect(timeout.timing?.latencyMs == 1001)
        // Without the command there is no timeout to state.
        let refused = try Fixture.pack("curl-v-refused.txt")
        #expect(refused.timing == nil)
    }

    @Test(arguments: [
        // A redirect curl did not follow is the final response.
        ("< HTTP/1.1 302 Found\n< Location: /new\n< \n", 302),
        (
            "< HTTP/1.1 302 Found\n< Location: /new\n< \n* Issue another request to this URL: 'http://x.example/new'\n"
                + "< HTTP/1.1 404 Not Found\n< \n", 404
        ),
        ("< HTTP/2 100\n< HTTP/2 503\n< content-type: text/plain\n< \nbusy\n", 503),
    ])
    func theLastFinalResponseCounts(_ transcript: String, _ status: Int) throws {
        let text = "> GET /x HTTP/1.1\n> Host: x.example\n> \n" + transcript
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.response?.status == status)
    }

    @Test func plainTextBodyAfterCurlsLastNoteIsKept() throws {
        let text = """
            * Connected to api.example.com (203.0.113.5) port 443 (#0)
            > GET /v1/me HTTP/2
            > Host: api.example.com
            >\u{20}
            < HTTP/2 401
            < www-authenticate: Bearer
            <\u{20}
            * Connection #0 to host api.example.com left intact
            unauthorized
            """
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.request?.url == "https://api.example.com/v1/me")
        #expect(pack.response?.status == 401)
        #expect(pack.response?.body == .string("unauthorized"))
        #expect(pack.response?.headers?["www-authenticate"] == "Bearer")
    }

    @Test(arguments: [
        // Body output without a final line break runs into curl's next note: the note is not body.
        (
            "{\"code\":\"DOWN\"}* Connection #0 to host x.example left intact\n",
            JSONValue.object(["code": .string("DOWN")])
        ),
        // curl's own lines after the head (`-f`'s error) are not the body.
        ("* The requested URL returned error: 502\ncurl: (22) The requested URL returned error: 502\n", nil),
        ("Note: a warning of curl's\nbusy\n", .string("busy")),
    ])
    func curlsOwnLinesAreNotTheBody(_ after: String, _ body: JSONValue?) throws {
        let text = "> GET /x HTTP/1.1\n> Host: x.example\n> \n< HTTP/1.1 502 Bad Gateway\n< \n" + after
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.response?.status == 502)
        #expect(pack.response?.body == body)
    }

    @Test(arguments: ["hello world\nno curl here", "$ curl https://api.example.com/x"])
    func forcedTranscriptFormatNeedsCurlsLines(_ text: String) {
        let error = readError(text, format: .curlVerbose)
        #expect(error?.description.hasPrefix("no `curl -v` transcript found") == true)
    }
}
