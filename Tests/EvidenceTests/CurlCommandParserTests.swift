import Testing

@testable import Evidence

/// curl command lines read as the request they send.
struct CurlCommandParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var command: String
        var method: String
        var url: String
        var body: JSONValue?
        var timeoutMs: Double?
        var testDescription: String { command }
    }

    @Test(arguments: [
        // Data makes curl POST; without it, GET.
        Case(
            command: #"curl https://api.example.com/orders -H 'Content-Type: application/json' -d '{"sku":"FAKE-1"}'"#,
            method: "POST", url: "https://api.example.com/orders", body: .object(["sku": .string("FAKE-1")])),
        Case(command: "curl https://api.example.com/orders", method: "GET", url: "https://api.example.com/orders"),
        // -X wins over the data's implied POST.
        Case(
            command: "curl -X PUT https://api.example.com/orders/42 -d 'qty=2'", method: "PUT",
            url: "https://api.example.com/orders/42", body: .object(["qty": .string("2")])),
        Case(
            command: "curl -XDELETE https://api.example.com/orders/42", method: "DELETE",
            url: "https://api.example.com/orders/42"),
        // Form data becomes an object (several -d are joined with &, values percent-decoded); other text stays.
        Case(
            command: "curl https://auth.example.com/token -d grant_type=client_credentials -d 'scope=read+write%21'",
            method: "POST", url: "https://auth.example.com/token",
            body: .object(["grant_type": .string("client_credentials"), "scope": .string("read write!")])),
        Case(
            command: "curl https://api.example.com/notes --data-raw 'just some text'", method: "POST",
            url: "https://api.example.com/notes", body: .string("just some text")),
        // JSON sent as text/plain is still JSON: the body's shape is what a contract check compares.
        Case(
            command: #"curl -H 'Content-Type: text/plain' --data '[1,2]' https://api.example.com/batch"#,
            method: "POST", url: "https://api.example.com/batch", body: .array([.integer(1), .integer(2)])),
        Case(
            command: #"curl --json '{"a":true}' https://api.example.com/flags"#, method: "POST",
            url: "https://api.example.com/flags", body: .object(["a": .bool(true)])),
        // --max-time (or -m) is the timeout; --connect-timeout is not the request's.
        Case(
            command: "curl --max-time 30 https://api.example.com/slow", method: "GET",
            url: "https://api.example.com/slow", timeoutMs: 30000),
        Case(
            command: "curl -m 2.5 https://api.example.com/slow", method: "GET", url: "https://api.example.com/slow",
            timeoutMs: 2500),
        Case(
            command: "curl --connect-timeout 5 https://api.example.com/slow", method: "GET",
            url: "https://api.example.com/slow"),
        // A prompt and line continuations as pasted from a terminal; a URL without scheme is http, as curl says.
        Case(
            command: "$ curl -sS \\\n  -H 'Accept: application/json' \\\n  api.example.com/health", method: "GET",
            url: "http://api.example.com/health"),
    ])
    func readsTheRequest(_ test: Case) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(test.command.utf8), format: .curl).first)
        #expect(pack.source == "curl")
        #expect(pack.request?.method == test.method)
        #expect(pack.request?.url == test.url)
        #expect(pack.request?.body == test.body)
        #expect(pack.timing?.timeoutMs == test.timeoutMs)
        #expect(pack.response == nil)
    }

    @Test func repeatedHeadersAreJoinedAndEmptyOnesDropped() throws {
        let command =
            "curl https://api.example.com/x -H 'Accept: application/json' -H 'accept: text/plain' "
            + "-H 'X-Removed:' -A 'FakeAgent/1.0' -b 'a=1'"
        let pack = try #require(try EvidenceReader.packs(from: Array(command.utf8)).first)
        let headers = try #require(pack.request?.headers)
        #expect(headers["Accept"] == "application/json, text/plain")
        #expect(headers["User-Agent"] == "FakeAgent/1.0")
        #expect(headers["Cookie"] == "a=1")
        #expect(headers["X-Removed"] == nil)
    }

    @Test(arguments: ["curl", "curl --verbose", "echo hello"])
    func withoutAURLItIsNotACurlCommand(_ text: String) {
        let error = readError(text, format: .curl)
        #expect(error?.description.hasPrefix("no curl command found") == true)
    }
}

extension CurlCommandParserTests {
    @Test(
        arguments: [
            (
                "$ curl -i https://api.example.com/me\nHTTP/2 401\ncontent-type: application/json\n\n{\"error\":\"invalid_token\"}\n",
                401
            ),
            ("$ curl -s https://api.example.com/me\n{\"error\":\"invalid_token\"}\n", nil),
        ] as [(String, Int?)])
    func readsTheResponseCurlIPrintsAfterTheCommand(_ text: String, _ status: Int?) throws {
        #expect(EvidenceReader.detect(Array(text.utf8)) == .curl)
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8)).first)
        #expect(pack.request?.url == "https://api.example.com/me")
        #expect(pack.response?.status == status)
        #expect(pack.response?.errorCode == (status == nil ? nil : "invalid_token"))
    }
}
