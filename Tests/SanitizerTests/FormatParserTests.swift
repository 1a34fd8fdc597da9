import Foundation
import PropertyBased
import Testing

@testable import Sanitizer

// MARK: - Helpers

/// A field as a test states it: its role and its decoded value.
struct FormatSeen: Equatable, CustomStringConvertible {
    var role: Field.Role
    var value: String

    init(_ role: Field.Role, _ value: String) {
        self.role = role
        self.value = value
    }

    var description: String { "\(role) \(value.debugDescription)" }
}

private typealias Parser = @Sendable (UnsafeBufferPointer<UInt8>) -> [Field]

/// Runs `parser` over `input`, checks the invariants every field must keep, and returns the fields.
private func run(_ input: [UInt8], _ parser: Parser) -> [Field] {
    input.withUnsafeBufferPointer { buffer in
        let fields = parser(buffer)
        for field in fields { checkInvariants(field, inputCount: buffer.count) }
        return fields
    }
}

private func run(_ input: String, _ parser: Parser) -> [Field] { run(Array(input.utf8), parser) }

private func seen(_ input: String, _ parser: Parser) -> [FormatSeen] {
    run(input, parser).map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) }
}

/// The input bytes a field spans, as a string.
private func raw(_ field: Field, in input: String) -> String {
    String(decoding: Array(input.utf8)[field.range], as: UTF8.self)
}

/// Origins are well formed: one per decoded byte plus the end, inside the input, never going back.
private func checkInvariants(_ field: Field, inputCount: Int) {
    let origin = field.value.origin
    #expect(origin.count == field.value.bytes.count + 1)
    #expect(origin.allSatisfy { $0 >= 0 && $0 <= inputCount })
    #expect(zip(origin, origin.dropFirst()).allSatisfy { $0 <= $1 })
}

/// Whether each decoded byte is the input byte at its origin, or comes from an escape that starts there
/// (`\"`, `^"`, `%2F`, `\x41`), or is a line break or space that replaces a fold or a wrap.
private func mapsToOwnBytes(_ field: Field, in input: [UInt8]) -> Bool {
    let v = field.value
    for (i, b) in v.bytes.enumerated() {
        let at = v.origin[i]
        guard at < input.count else { return false }
        let r = input[at]
        if r == b || r == 0x5C || r == 0x5E || r == 0x25 { continue }
        if b == 0x20 || b == 0x0A || b == 0x0D, ASCII.isWhitespace(r) { continue }
        if b == 0x20, r == 0x2B { continue }  // a form's '+'
        return false
    }
    return true
}

/// Masks a field's whole value the way the engine will and returns the input with the mask applied.
private func masked(_ field: Field, in input: String, with mask: String) -> String {
    let redaction = Redaction(
        range: 0..<field.value.bytes.count, replacement: Array(mask.utf8), rule: "test", kind: .password,
        action: .masked, priority: .context, path: nil)
    var bytes = Array(input.utf8)
    let mapped = bytes.withUnsafeBufferPointer { field.value.mapToContainer(redaction, container: $0) }
    bytes.replaceSubrange(mapped.range, with: mapped.replacement)
    return String(decoding: bytes, as: UTF8.self)
}

private func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/formats/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

private func url(_ s: String) -> DecodedText {
    let bytes = Array(s.utf8)
    return bytes.withUnsafeBufferPointer { DecodedText(slice: $0, range: 0..<$0.count) }
}

/// A small deterministic generator for the structured property tests (seeded by PropertyBased).
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
}

// MARK: - URLParts

@Suite struct FormatURLPartsTests {
    @Test(arguments: [
        (
            "https://alice:s3cr%40t@api.example.com:8443/reset/tok123?token=abc%2Bdef&flag&empty="
                + "#access_token=zz&state=1",
            [
                FormatSeen(.userinfoUser, "alice"), FormatSeen(.userinfoPassword, "s3cr@t"),
                FormatSeen(.text, "api.example.com:8443"),
                FormatSeen(.text, "/reset/tok123"), FormatSeen(.queryParameter(name: "token"), "abc+def"),
                FormatSeen(.text, "flag"),
                FormatSeen(.queryParameter(name: "access_token"), "zz"),
                FormatSeen(.queryParameter(name: "state"), "1"),
            ]
        ),
        // The negative twin: nothing in the userinfo, query or fragment.
        ("https://api.example.com/reset", [FormatSeen(.text, "api.example.com"), FormatSeen(.text, "/reset")]),
        (
            "/v1/items?api_key=k1&page=2",
            [
                FormatSeen(.text, "/v1/items"), FormatSeen(.queryParameter(name: "api_key"), "k1"),
                FormatSeen(.queryParameter(name: "page"), "2"),
            ]
        ),
        ("/v1/items", [FormatSeen(.text, "/v1/items")]),
        ("//cdn.example.com/a.js", [FormatSeen(.text, "cdn.example.com"), FormatSeen(.text, "/a.js")]),
        (
            "localhost:8080/x?a=1",
            [FormatSeen(.text, "localhost:8080"), FormatSeen(.text, "/x"), FormatSeen(.queryParameter(name: "a"), "1")]
        ),
        (
            "api.example.com/v1?key=k",
            [
                FormatSeen(.text, "api.example.com"), FormatSeen(.text, "/v1"),
                FormatSeen(.queryParameter(name: "key"), "k"),
            ]
        ),
        // A hash router's path and query, and an anchor that is only an anchor.
        (
            "https://app.example.com/#/reset?token=t1",
            [
                FormatSeen(.text, "app.example.com"), FormatSeen(.text, "/"), FormatSeen(.text, "/reset"),
                FormatSeen(.queryParameter(name: "token"), "t1"),
            ]
        ),
        (
            "https://app.example.com/docs#section-2",
            [FormatSeen(.text, "app.example.com"), FormatSeen(.text, "/docs"), FormatSeen(.text, "section-2")]
        ),
        // An unencoded slash in a password does not end the userinfo.
        (
            "https://u:pa/ss@host.example/x",
            [
                FormatSeen(.userinfoUser, "u"), FormatSeen(.userinfoPassword, "pa/ss"),
                FormatSeen(.text, "host.example"), FormatSeen(.text, "/x"),
            ]
        ),
        ("http://[::1]:8080/x", [FormatSeen(.text, "[::1]:8080"), FormatSeen(.text, "/x")]),
        (
            "https://ghp_token0000@github.com/o/r.git",
            [
                FormatSeen(.userinfoUser, "ghp_token0000"), FormatSeen(.text, "github.com"),
                FormatSeen(.text, "/o/r.git"),
            ]
        ),
        (
            "mailto:bob@example.com?subject=hi",
            [FormatSeen(.text, "bob@example.com"), FormatSeen(.queryParameter(name: "subject"), "hi")]
        ),
        // '+' in a query stays '+' (base64 tokens carry it); a percent-encoded name is decoded.
        (
            "/s?sig=a+b%3D&x%5Bk%5D=1",
            [
                FormatSeen(.text, "/s"), FormatSeen(.queryParameter(name: "sig"), "a+b="),
                FormatSeen(.queryParameter(name: "x[k]"), "1"),
            ]
        ),
        ("", []),
    ])
    func splitsURLs(input: String, expected: [FormatSeen]) {
        let fields = URLParts.fields(of: url(input))
        for field in fields { checkInvariants(field, inputCount: input.utf8.count) }
        #expect(fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) } == expected)
    }

    @Test func percentDecodedValueMapsBackToItsEscapes() throws {
        let input = "https://h.example/cb?token=ab%2Fcd%3D&next=1"
        let fields = URLParts.fields(of: url(input))
        let token = try #require(fields.first { $0.role == .queryParameter(name: "token") })
        #expect(token.value.bytes == Array("ab/cd=".utf8))
        #expect(token.value.encoding == .percent)
        #expect(raw(token, in: input) == "ab%2Fcd%3D")
        // The decoded '/' starts at its '%'.
        #expect(Array(input.utf8)[token.value.origin[2]] == 0x25)
        // A mask is percent-encoded back into the URL, and nothing else of the URL moves.
        #expect(masked(token, in: input, with: "xx/x") == "https://h.example/cb?token=xx%2Fx&next=1")
    }

    @Test func mapsThroughTheContainerOfTheURL() throws {
        // A URL decoded from a shell word: "...?k=a\"b" in double quotes.
        let input = #"curl "https://h.example/?k=a\"b&z=1""#
        let fields = run(input, CurlCommand.fields(in:))
        let urlField = try #require(fields.first { $0.role == .url })
        let k = try #require(URLParts.fields(of: urlField.value).first { $0.role == .queryParameter(name: "k") })
        #expect(k.value.bytes == Array(#"a"b"#.utf8))
        #expect(raw(k, in: input) == #"a\"b"#)
    }
}

@Suite struct FormatFormFieldsTests {
    @Test(arguments: [
        (
            "user=alice&password=hunter+2%21",
            [
                FormatSeen(.queryParameter(name: "user"), "alice"),
                FormatSeen(.queryParameter(name: "password"), "hunter 2!"),
            ]
        ),
        (
            "grant_type=client_credentials&client_secret=s3&scope=a+b\n",
            [
                FormatSeen(.queryParameter(name: "grant_type"), "client_credentials"),
                FormatSeen(.queryParameter(name: "client_secret"), "s3"),
                FormatSeen(.queryParameter(name: "scope"), "a b"),
            ]
        ),
        ("items[0][id]=7&debug", [FormatSeen(.queryParameter(name: "items[0][id]"), "7"), FormatSeen(.text, "debug")]),
    ])
    func readsForms(input: String, expected: [FormatSeen]) throws {
        let fields = try #require(FormFields.fields(of: url(input)))
        #expect(fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) } == expected)
    }

    @Test(arguments: [
        #"{"password":"a=b"}"#, "hello world", "a=1\nb=2", "", "   ", "key: value=1", "<x a=\"1\"/>", "just-a-token",
        "=value",
    ])
    func rejectsWhatIsNotAForm(input: String) {
        #expect(FormFields.fields(of: url(input)) == nil)
    }

    @Test func formValueMasksBackEncoded() throws {
        let input = "a=1&password=hunter+2%21&b=2"
        let password = try #require(
            FormFields.fields(of: url(input))?.first { $0.role == .queryParameter(name: "password") })
        #expect(raw(password, in: input) == "hunter+2%21")
        #expect(masked(password, in: input, with: "x x") == "a=1&password=x%20x&b=2")
    }
}

// MARK: - HTTPMessage

@Suite struct FormatHTTPMessageTests {
    @Test(arguments: [
        ("GET /v1/orders?id=1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n", true),
        ("\n\nPOST https://api.example.com/x HTTP/2\nContent-Type: application/json\n\n{}", true),
        ("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n", true),
        ("GET /health", true),
        (":method: GET\n:path: /x?token=1\n:authority: h.example\n", true),
        ("Authorization: Bearer abc\nX-Request-Id: 7\n", true),
        ("content-type: application/json\naccept: */*", true),
        // Negative twins: YAML, logs, JSON, prose, a command, a header-like line with no known name.
        ("server:\n  port: 8080\n", false),
        ("apiVersion: v1\nkind: Pod\n", false),
        ("2024-05-01 12:00:00 ERROR request failed\n", false),
        (#"{"Authorization": "Bearer x"}"#, false),
        ("GET ready for the release: we ship on Monday", false),
        ("curl -H 'Host: x' https://h.example", false),
        ("Note: the token expired\n", false),
        ("", false),
        ("HTTP/1.1 is the protocol", false),
    ])
    func recognizesMessages(input: String, expected: Bool) {
        let bytes = Array(input.utf8)
        #expect(bytes.withUnsafeBufferPointer { HTTPMessage.looksLike($0) } == expected)
    }

    @Test(arguments: [
        (
            "POST /login?next=%2Fhome HTTP/1.1\r\nHost: example.com\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nCookie: sid=abc; theme=dark\r\n"
                + "Content-Length: 27\r\n\r\nuser=alice&password=hunter2",
            [
                FormatSeen(.url, "/login?next=%2Fhome"), FormatSeen(.header(name: "Host"), "example.com"),
                FormatSeen(.header(name: "Content-Type"), "application/x-www-form-urlencoded"),
                FormatSeen(.header(name: "Cookie"), "sid=abc; theme=dark"),
                FormatSeen(.header(name: "Content-Length"), "27"),
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), "user=alice&password=hunter2"),
            ]
        ),
        // Request then response, LF only, the response without Content-Length.
        (
            "GET https://api.example.com/me HTTP/1.1\nAuthorization: Bearer t0k\n\nHTTP/1.1 200 OK\n"
                + "Content-Type: application/json\nSet-Cookie: sid=s1; HttpOnly\n\n{\"email\":\"a@example.com\"}\n",
            [
                FormatSeen(.url, "https://api.example.com/me"),
                FormatSeen(.header(name: "Authorization"), "Bearer t0k"),
                FormatSeen(.text, "OK"), FormatSeen(.header(name: "Content-Type"), "application/json"),
                FormatSeen(.header(name: "Set-Cookie"), "sid=s1; HttpOnly"),
                FormatSeen(.body(contentType: "application/json"), "{\"email\":\"a@example.com\"}"),
            ]
        ),
        // Pipelined requests, the first with a body and a Content-Length that is right.
        (
            "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nX-Api-Key: k2\r\n\r\n",
            [
                FormatSeen(.url, "/a"), FormatSeen(.header(name: "Content-Length"), "5"),
                FormatSeen(.body(contentType: nil), "hello"),
                FormatSeen(.url, "/b"), FormatSeen(.header(name: "X-Api-Key"), "k2"),
            ]
        ),
        // A Content-Length that a paste made wrong: the body runs to the next message, not to the length.
        (
            "POST /a HTTP/1.1\nContent-Length: 3\n\npassword=hunter2\nHTTP/1.1 204 No Content\n\n",
            [
                FormatSeen(.url, "/a"), FormatSeen(.header(name: "Content-Length"), "3"),
                FormatSeen(.body(contentType: nil), "password=hunter2"), FormatSeen(.text, "No Content"),
            ]
        ),
        // A header block alone, then another (request headers, then response headers).
        (
            "Authorization: Basic dXNlcjpwYXNz\nAccept: */*\n\nContent-Type: text/plain\nSet-Cookie: a=b\n",
            [
                FormatSeen(.header(name: "Authorization"), "Basic dXNlcjpwYXNz"),
                FormatSeen(.header(name: "Accept"), "*/*"),
                FormatSeen(.header(name: "Content-Type"), "text/plain"), FormatSeen(.header(name: "Set-Cookie"), "a=b"),
            ]
        ),
        // HTTP/2 pseudo-headers, as browsers copy them.
        (
            ":method: GET\n:path: /x?token=1\n:authority: host.example\nauthorization: Bearer abc\n",
            [
                FormatSeen(.header(name: ":method"), "GET"), FormatSeen(.header(name: ":path"), "/x?token=1"),
                FormatSeen(.header(name: ":authority"), "host.example"),
                FormatSeen(.header(name: "authorization"), "Bearer abc"),
            ]
        ),
        // 100 Continue, then the real response.
        (
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nboom",
            [
                FormatSeen(.text, "Continue"), FormatSeen(.text, "Internal Server Error"),
                FormatSeen(.header(name: "Content-Type"), "text/plain"),
                FormatSeen(.body(contentType: "text/plain"), "boom"),
            ]
        ),
        // Stray lines among the headers and before the message are text, never dropped.
        (
            "Here is the request:\nGET /x HTTP/1.1\nHost: h\n...\nX-Token: t\n",
            [
                FormatSeen(.text, "Here is the request:"), FormatSeen(.url, "/x"),
                FormatSeen(.header(name: "Host"), "h"), FormatSeen(.text, "..."),
                FormatSeen(.header(name: "X-Token"), "t"),
            ]
        ),
        (
            "CONNECT proxy.example:443 HTTP/1.1\r\nProxy-Authorization: Basic eDp5\r\n\r\n",
            [
                FormatSeen(.text, "proxy.example:443"), FormatSeen(.header(name: "Proxy-Authorization"), "Basic eDp5"),
            ]
        ),
    ])
    func readsMessages(input: String, expected: [FormatSeen]) {
        #expect(seen(input, HTTPMessage.fields(in:)) == expected)
    }

    @Test func chunkedBodyGivesEachChunkAndTrailers() {
        let input =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
            + "b\r\n{\"token\":\"a\r\n3;ext=1\r\nbc\"\r\n1\r\n}\r\n0\r\nX-Checksum: abc\r\n\r\n"
        #expect(
            seen(input, HTTPMessage.fields(in:)) == [
                FormatSeen(.text, "OK"), FormatSeen(.header(name: "Transfer-Encoding"), "chunked"),
                FormatSeen(.header(name: "Content-Type"), "application/json"),
                FormatSeen(.body(contentType: "application/json"), "{\"token\":\"a"), FormatSeen(.text, ";ext=1"),
                FormatSeen(.body(contentType: "application/json"), "bc\""),
                FormatSeen(.body(contentType: "application/json"), "}"),
                FormatSeen(.header(name: "X-Checksum"), "abc"),
            ])
    }

    @Test func brokenChunkSizesFallBackToOneBody() {
        // A CRLF-to-LF paste: the size says 0x20 but the data is shorter. Nothing after the failure is lost.
        let input = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n20\npassword=hunter2\n0\n\n"
        let fields = seen(input, HTTPMessage.fields(in:))
        #expect(fields.last == FormatSeen(.body(contentType: nil), "20\npassword=hunter2\n0"))
    }

    @Test func foldedHeaderIsOneValueMappedOverTheFold() throws {
        let input = "GET / HTTP/1.1\r\nAuthorization: Bearer\r\n   abc.def\r\nHost: h\r\n\r\n"
        let fields = run(input, HTTPMessage.fields(in:))
        let auth = try #require(fields.first { $0.role == .header(name: "Authorization") })
        #expect(auth.value.bytes == Array("Bearer abc.def".utf8))
        #expect(raw(auth, in: input) == "Bearer\r\n   abc.def")
        #expect(fields.filter { $0.role == .header(name: "Host") }.count == 1)
        // Masking the token alone touches only the token's bytes.
        let tokenRange = 7..<14
        let redaction = Redaction(
            range: tokenRange, replacement: Array("xxx.xxx".utf8), rule: "t", kind: .accessToken,
            action: .masked, priority: .context, path: nil)
        let mapped = Array(input.utf8).withUnsafeBufferPointer { auth.value.mapToContainer(redaction, container: $0) }
        #expect(String(decoding: Array(input.utf8)[mapped.range], as: UTF8.self) == "abc.def")
    }

    @Test func headerValueIsTheExactRangeWithCRLF() throws {
        let input = "HTTP/1.1 200 OK\r\nSet-Cookie:  sid=s1; Path=/  \r\n\r\n"
        let cookie = try #require(run(input, HTTPMessage.fields(in:)).first { $0.role != .text })
        #expect(cookie.role == .header(name: "Set-Cookie"))
        #expect(raw(cookie, in: input) == "sid=s1; Path=/")
        #expect(masked(cookie, in: input, with: "X") == "HTTP/1.1 200 OK\r\nSet-Cookie:  X  \r\n\r\n")
    }
}

// MARK: - CurlCommand

@Suite struct FormatCurlCommandTests {
    @Test(arguments: [
        ("curl https://api.example.com", true),
        ("$ curl -s https://api.example.com", true),
        ("user@host:~$ curl -X POST 'https://h.example'", true),
        ("# get a token\ncurl -d 'a=b' https://h.example", true),
        ("TOKEN=abc curl -H \"Authorization: Bearer $TOKEN\" https://h.example", true),
        ("curl.exe ^\"https://h.example/^\" ^\n  -H ^\"a: b^\"", true),
        ("  /usr/bin/curl --url https://h.example", true),
        // Negative twins: curl named in prose and logs, other commands.
        ("curl failed with exit code 7", false),
        ("The curl command is great", false),
        ("wget https://h.example", false),
        ("echo curl -s x", false),
        ("# curl notes\nsee the docs", false),
        ("curl is what we use\n- for tests\n- with 'quotes'", false),
        ("curl \\\n  -s h.example", true),
        (#"{"cmd": "curl -s x"}"#, false),
        ("", false),
    ])
    func recognizesCommands(input: String, expected: Bool) {
        let bytes = Array(input.utf8)
        #expect(bytes.withUnsafeBufferPointer { CurlCommand.looksLike($0) } == expected)
    }

    @Test(arguments: [
        // Headers: separate, attached, with '=', the value only.
        (
            #"curl -H 'Authorization: Bearer abc' -HX-Api-Key:k1 --header="Cookie: a=b" https://h.example"#,
            [
                FormatSeen(.header(name: "Authorization"), "Bearer abc"), FormatSeen(.header(name: "X-Api-Key"), "k1"),
                FormatSeen(.header(name: "Cookie"), "a=b"), FormatSeen(.url, "https://h.example"),
            ]
        ),
        // An empty header, a removed header, a header file: no header value to give; the file is text.
        (
            #"curl -H 'X-Empty;' -H 'Accept:' -H @headers.txt x.example"#,
            [FormatSeen(.text, "@headers.txt"), FormatSeen(.url, "x.example")]
        ),
        // Userinfo from -u, attached and with '='; a password may hold a colon.
        (
            #"curl -u alice:pa:ss --user=bob:pw -ucarol:pw2 --proxy-user proxy:pp -u onlyuser h"#,
            [
                FormatSeen(.userinfoUser, "alice"), FormatSeen(.userinfoPassword, "pa:ss"),
                FormatSeen(.userinfoUser, "bob"),
                FormatSeen(.userinfoPassword, "pw"), FormatSeen(.userinfoUser, "carol"),
                FormatSeen(.userinfoPassword, "pw2"),
                FormatSeen(.userinfoUser, "proxy"), FormatSeen(.userinfoPassword, "pp"),
                FormatSeen(.userinfoUser, "onlyuser"), FormatSeen(.url, "h"),
            ]
        ),
        // Combined flags, the last one taking the rest of the word or the next word.
        (
            #"curl -sSLu user:pw -sX POST -kH 'X-A: 1' h"#,
            [
                FormatSeen(.userinfoUser, "user"), FormatSeen(.userinfoPassword, "pw"),
                FormatSeen(.option(name: "request"), "POST"),
                FormatSeen(.header(name: "X-A"), "1"), FormatSeen(.url, "h"),
            ]
        ),
        // Data: every flavour; a file reference is text; the content type comes from -H even when it comes last.
        (
            #"curl -d 'a=1' --data-raw '@literal' --data-binary @file.bin --data-ascii x=y "#
                + #"-H 'Content-Type: application/json' h"#,
            [
                FormatSeen(.body(contentType: "application/json"), "a=1"),
                FormatSeen(.body(contentType: "application/json"), "@literal"),
                FormatSeen(.text, "@file.bin"), FormatSeen(.body(contentType: "application/json"), "x=y"),
                FormatSeen(.header(name: "Content-Type"), "application/json"), FormatSeen(.url, "h"),
            ]
        ),
        (
            #"curl -d 'user=a&password=b' h"#,
            [
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), "user=a&password=b"),
                FormatSeen(.url, "h"),
            ]
        ),
        // With -G the data is the URL's query, whatever the Content-Type says.
        (
            #"curl -sG -d 'q=1' -H 'Content-Type: application/json' h"#,
            [
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), "q=1"),
                FormatSeen(.header(name: "Content-Type"), "application/json"), FormatSeen(.url, "h"),
            ]
        ),
        (
            #"curl --json '{"password":"p"}' h"#,
            [FormatSeen(.body(contentType: "application/json"), #"{"password":"p"}"#), FormatSeen(.url, "h")]
        ),
        (
            #"curl --data-urlencode 'password=p w&x' --data-urlencode @f --data-urlencode name@f h"#,
            [
                FormatSeen(.queryParameter(name: "password"), "p w&x"), FormatSeen(.text, "@f"),
                FormatSeen(.text, "name@f"), FormatSeen(.url, "h"),
            ]
        ),
        // Forms, bearer tokens, cookies (a string, or a file name), user agent, referer, proxy, URL.
        (
            #"curl -F 'file=@a.txt' -F token=t1 --oauth2-bearer b1 -b 'sid=s1; x=y' -b jar.txt -A 'UA/1.0' "#
                + #"-e 'https://ref.example/p;auto' -x http://u:p@proxy.example:3128 --url https://h.example/x"#,
            [
                FormatSeen(.option(name: "form"), "file=@a.txt"), FormatSeen(.option(name: "form"), "token=t1"),
                FormatSeen(.option(name: "oauth2-bearer"), "b1"), FormatSeen(.header(name: "Cookie"), "sid=s1; x=y"),
                FormatSeen(.text, "jar.txt"),
                FormatSeen(.header(name: "User-Agent"), "UA/1.0"), FormatSeen(.url, "https://ref.example/p"),
                FormatSeen(.url, "http://u:p@proxy.example:3128"), FormatSeen(.url, "https://h.example/x"),
            ]
        ),
        // Other options keep their canonical name; unknown ones give their argument as text.
        (
            #"curl -o out.json --pass keypw --aws-sigv4 aws:amz --frobnicate knob --new-flag https://h.example -Wz"#,
            [
                FormatSeen(.option(name: "output"), "out.json"), FormatSeen(.option(name: "pass"), "keypw"),
                FormatSeen(.option(name: "aws-sigv4"), "aws:amz"), FormatSeen(.text, "knob"),
                FormatSeen(.url, "https://h.example"), FormatSeen(.text, "z"),
            ]
        ),
        // Words before curl, a pipeline, a redirection, a comment, a second command, `--` ending the options.
        (
            "API_KEY=k0 curl -s h1 | jq -r '.access_token' > token.txt # keep it\ncurl -- -notanoption",
            [
                FormatSeen(.text, "API_KEY=k0"), FormatSeen(.url, "h1"), FormatSeen(.text, "jq"),
                FormatSeen(.text, "-r"), FormatSeen(.text, ".access_token"),
                FormatSeen(.text, "token.txt"), FormatSeen(.text, "keep it"), FormatSeen(.url, "-notanoption"),
            ]
        ),
    ])
    func readsOptions(input: String, expected: [FormatSeen]) {
        #expect(seen(input, CurlCommand.fields(in:)) == expected)
    }

    @Test(arguments: [
        // (command, the decoded argument, the raw bytes it spans)
        (#"curl -H "X-Token: a\"b\\c\$d\`e\q""#, #"a"b\c$d`e\q"#, #"a\"b\\c\$d\`e\q"#),
        (#"curl -H 'X-Token: it'\''s'"#, "it's", #"it'\''s"#),
        (#"curl -H X-Token:\ a\ b\"c"#, #"a b"c"#, #"a\ b\"c"#),
        ("curl -H $'X-Token: a\\x41\\n\\'\\u00e9\\101'", "aA\n'\u{e9}A", "a\\x41\\n\\'\\u00e9\\101"),
        ("curl -H 'X-Token: ab'\"cd\"ef", "abcdef", "ab'\"cd\"ef"),
        ("curl -H \"X-Token: ab\\\ncd\"", "abcd", "ab\\\ncd"),
        ("curl -H X-Token:\\ ab\\\r\ncd", "abcd", "ab\\\r\ncd"),
        ("curl -H \"X-Token: $(cat tok.txt)\"", "$(cat tok.txt)", "$(cat tok.txt)"),
        ("curl -H X-Token:$(cat 'my tok')", "$(cat 'my tok')", "$(cat 'my tok')"),
    ])
    func decodesShellQuotingExactly(input: String, decoded: String, rawSpan: String) throws {
        let bytes = Array(input.utf8)
        let fields = run(input, CurlCommand.fields(in:))
        let header = try #require(fields.first { $0.role == .header(name: "X-Token") })
        #expect(header.value.bytes == Array(decoded.utf8))
        #expect(raw(header, in: input) == rawSpan)
        #expect(mapsToOwnBytes(header, in: bytes))
    }

    @Test func eachDecodedByteMapsToItsRawByte() throws {
        let input = #"curl -H "Authorization: Bearer ab\"cd\\ef""#
        let bytes = Array(input.utf8)
        let header = try #require(run(input, CurlCommand.fields(in:)).first)
        let value = header.value
        #expect(value.bytes == Array(#"Bearer ab"cd\ef"#.utf8))
        // 'a' of "ab" is at its own offset; the decoded '"' starts at its backslash; 'c' follows the escape.
        #expect(bytes[value.origin[7]] == UInt8(ascii: "a") && bytes[value.origin[8]] == UInt8(ascii: "b"))
        #expect(bytes[value.origin[9]] == UInt8(ascii: "\\") && bytes[value.origin[9] + 1] == UInt8(ascii: "\""))
        #expect(bytes[value.origin[10]] == UInt8(ascii: "c"))
        #expect(bytes[value.origin[12]] == UInt8(ascii: "\\") && bytes[value.origin[12] + 1] == UInt8(ascii: "\\"))
        // The end is after the last 'f', before the closing quote.
        #expect(value.origin.last == bytes.count - 1)
        // A mask over the token lands inside the quotes, escapes and all.
        let token = 7..<value.bytes.count
        let redaction = Redaction(
            range: token, replacement: Array("xxxxxxx".utf8), rule: "t", kind: .accessToken,
            action: .masked, priority: .context, path: nil)
        let mapped = bytes.withUnsafeBufferPointer { value.mapToContainer(redaction, container: $0) }
        var out = bytes
        out.replaceSubrange(mapped.range, with: mapped.replacement)
        #expect(String(decoding: out, as: UTF8.self) == #"curl -H "Authorization: Bearer xxxxxxx""#)
    }

    @Test func chromeCopyAsCurlBash() {
        let input = """
            curl 'https://api.example.com/graphql?op=Me' \\
              -H 'accept: */*' \\
              -H 'authorization: Bearer eyFAKE.payload.sig' \\
              -H 'content-type: application/json' \\
              -b 'session=s%3AFAKE; _ga=GA1.1' \\
              --data-raw $'{"query":"me","pw":"it\\'s"}' \\
              --compressed
            """
        #expect(
            seen(input, CurlCommand.fields(in:)) == [
                FormatSeen(.url, "https://api.example.com/graphql?op=Me"), FormatSeen(.header(name: "accept"), "*/*"),
                FormatSeen(.header(name: "authorization"), "Bearer eyFAKE.payload.sig"),
                FormatSeen(.header(name: "content-type"), "application/json"),
                FormatSeen(.header(name: "Cookie"), "session=s%3AFAKE; _ga=GA1.1"),
                FormatSeen(.body(contentType: "application/json"), #"{"query":"me","pw":"it's"}"#),
            ])
    }

    @Test func chromeCopyAsCurlCmd() throws {
        // As Chrome writes it: ^" quoting, \^" for a quote, ^ before specials, ^ at line ends, %^ before a letter.
        let input =
            "curl ^\"https://api.example.com/x?a=1^&b=%^41^\" ^\n"
            + "  -H ^\"authorization: Bearer eyFAKE^\" ^\n"
            + "  --data-raw ^\"^{^\\^\"user^\\^\":^\\^\"bob^\\^\",^\\^\"pw^\\^\":^\\^\"p^%^40ss^\\^\"^}^\" ^\n"
            + "  --compressed"
        let fields = run(input, CurlCommand.fields(in:))
        #expect(
            fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) } == [
                FormatSeen(.url, "https://api.example.com/x?a=1&b=%41"),
                FormatSeen(.header(name: "authorization"), "Bearer eyFAKE"),
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), #"{"user":"bob","pw":"p%40ss"}"#),
            ])
        let body = try #require(fields.last)
        #expect(mapsToOwnBytes(body, in: Array(input.utf8)))
        #expect(raw(body, in: input).hasPrefix("^{^\\^\"user"))
        #expect(raw(body, in: input).hasSuffix("^\\^\"^}"))
    }

    @Test func cmdQuotedWithPlainQuotes() {
        let input = #"curl "https://h.example/x" -H "X-Api-Key: k\"1" -d "{\"a\":1}""#
        #expect(
            seen(input, CurlCommand.fields(in:)) == [
                FormatSeen(.url, "https://h.example/x"), FormatSeen(.header(name: "X-Api-Key"), #"k"1"#),
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), #"{"a":1}"#),
            ])
    }

    @Test func severalCommandsAndAndChains() {
        let input = "curl -u a:b h1 && curl --oauth2-bearer t h2; curl h3 || echo failed\ncurl h4"
        #expect(
            seen(input, CurlCommand.fields(in:)) == [
                FormatSeen(.userinfoUser, "a"), FormatSeen(.userinfoPassword, "b"), FormatSeen(.url, "h1"),
                FormatSeen(.option(name: "oauth2-bearer"), "t"),
                FormatSeen(.url, "h2"), FormatSeen(.url, "h3"), FormatSeen(.text, "echo"), FormatSeen(.text, "failed"),
                FormatSeen(.url, "h4"),
            ])
    }
}

// MARK: - CurlVerbose

@Suite struct FormatCurlVerboseTests {
    @Test(arguments: [
        ("*   Trying 127.0.0.1:8080...\n* Connected to h", true),
        ("> GET / HTTP/1.1\n> Host: h\n", true),
        ("< HTTP/2 200\n< content-type: text/plain\n", true),
        ("== Info:   Trying 127.0.0.1:8080...\n", true),
        ("=> Send header, 78 bytes (0x4e)\n0000: GET / HTTP/1.1\n", true),
        // Negative twins: a Markdown quote, a bullet list, a raw message.
        ("> quoted text in an email\n> more\n", false),
        ("* first point\n* second point\n", false),
        ("GET / HTTP/1.1\nHost: h\n", false),
        ("", false),
    ])
    func recognizesTranscripts(input: String, expected: Bool) {
        let bytes = Array(input.utf8)
        #expect(bytes.withUnsafeBufferPointer { CurlVerbose.looksLike($0) } == expected)
    }

    @Test(arguments: [
        ("* h2h3 [authorization: Bearer t1]", [FormatSeen(.header(name: "authorization"), "Bearer t1")]),
        ("* [HTTP/2] [1] [:path: /x?token=1]", [FormatSeen(.header(name: ":path"), "/x?token=1")]),
        ("* [HTTP/3] [0] [cookie: a=b]", [FormatSeen(.header(name: "cookie"), "a=b")]),
        // Negative twins: notes that only look a little like headers stay text.
        (
            "* [HTTP/2] [1] OPENED stream for https://h.example/x?token=1",
            [FormatSeen(.text, "[HTTP/2] [1] OPENED stream for https://h.example/x?token=1")]
        ),
        ("*  subject: CN=h.example", [FormatSeen(.text, "subject: CN=h.example")]),
        ("* ALPN: server accepted h2", [FormatSeen(.text, "ALPN: server accepted h2")]),
    ])
    func readsNotes(input: String, expected: [FormatSeen]) {
        #expect(seen(input, CurlVerbose.fields(in:)) == expected)
    }

    @Test func readsARealHTTP1Transcript() throws {
        let input = try fixture("curl-v-http1-post.txt")
        let bytes = Array(input.utf8)
        #expect(bytes.withUnsafeBufferPointer { CurlVerbose.looksLike($0) })
        let fields = run(input, CurlVerbose.fields(in:))
        let all = fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) }
        #expect(all.contains(FormatSeen(.url, "/login")))
        #expect(all.contains(FormatSeen(.header(name: "Authorization"), "Basic YWxpY2U6RkFLRXBhc3MwMDAw")))
        #expect(
            all.contains(FormatSeen(.header(name: "Set-Cookie"), "session=sess_FAKE0000example0000; Path=/; HttpOnly")))
        #expect(all.contains(FormatSeen(.text, "Server auth using Basic with user 'alice'")))
        #expect(all.contains(FormatSeen(.text, "Connection #0 to host 127.0.0.1 left intact")))
        // The body comes after curl's last note, and only once; the progress meter is not body.
        let bodies = all.filter { if case .body = $0.role { true } else { false } }
        #expect(
            bodies == [
                FormatSeen(
                    .body(contentType: "application/json"),
                    #"{"ok": true, "echo_len": 42, "access_token": "FAKE-access-token-0000"}"#)
            ])
        // Header values are exact ranges: no CR, no marks.
        for field in fields { #expect(!raw(field, in: input).hasSuffix("\r")) }
        for field in fields { #expect(mapsToOwnBytes(field, in: bytes)) }
    }

    @Test func readsARealHTTP2Transcript() throws {
        let input = try fixture("curl-v-http2.txt")
        let all = seen(input, CurlVerbose.fields(in:))
        // The h2h3 notes are headers too; the request line's target is a URL.
        #expect(all.contains(FormatSeen(.header(name: ":path"), "/v2/users/me?access_token=FAKEtok0000&fields=email")))
        #expect(all.filter { $0 == FormatSeen(.header(name: "authorization"), "Bearer FAKE.h2.token") }.count == 2)
        #expect(all.contains(FormatSeen(.url, "/v2/users/me?access_token=FAKEtok0000&fields=email")))
        #expect(all.contains(FormatSeen(.header(name: "set-cookie"), "sid=FAKEsid0000; Secure")))
        #expect(all.contains(FormatSeen(.text, "Trying 127.0.0.1:18082...")))
        #expect(
            all.last
                == FormatSeen(
                    .body(contentType: "application/problem+json"),
                    #"{"error": "forbidden", "request_id": "req-h2-0001"}"#))
    }

    @Test func readsARealTraceAsciiTranscriptAcrossWraps() throws {
        let input = try fixture("curl-trace-ascii.txt")
        let bytes = Array(input.utf8)
        let fields = run(input, CurlVerbose.fields(in:))
        let auth = try #require(fields.first { $0.role == .header(name: "Authorization") })
        // The trace wrapped this header at 64 bytes: read whole, and mapped around the `00c4: ` of the wrap.
        let token = "FAKE" + String(repeating: "a", count: 95) + "0000"
        #expect(auth.value.bytes == Array("Bearer \(token)".utf8))
        #expect(mapsToOwnBytes(auth, in: bytes))
        #expect(raw(auth, in: input).contains("\n00c4: "))
        let requestBody = try #require(
            fields.first { $0.role == .body(contentType: "application/x-www-form-urlencoded") })
        #expect(
            String(decoding: requestBody.value.bytes, as: UTF8.self).hasSuffix(
                "password=FAKEpass0000" + String(repeating: "longer", count: 8)))
        let responseBodies = fields.filter { $0.role == .body(contentType: "application/json") }
        #expect(responseBodies.count == 2)  // the traced data, and the body curl wrote to stdout
        #expect(
            responseBodies.allSatisfy {
                $0.value.bytes
                    == Array(#"{"ok": true, "echo_len": 104, "access_token": "FAKE-access-token-0000"}"#.utf8)
            })
        #expect(
            fields.contains {
                $0.role == .text && $0.value.bytes == Array("Connection #0 to host 127.0.0.1 left intact".utf8)
            })
    }

    @Test func commandBeforeTheTranscriptIsReadAsCurl() {
        let bytes = Array("$ curl -v https://h.example/\n*   Trying 192.0.2.1:443...\n> GET / HTTP/1.1\n".utf8)
        // A transcript, not a command, although it starts with one; a command alone is a command.
        #expect(bytes.withUnsafeBufferPointer { CurlVerbose.looksLike($0) && !CurlCommand.looksLike($0) })
        #expect(bytes[..<29].withUnsafeBufferPointer { !CurlVerbose.looksLike($0) && CurlCommand.looksLike($0) })
        let input =
            "$ curl -v -u admin:FAKEpw http://h.example/\n* Connected to h.example\n> GET / HTTP/1.1\n"
            + "> Host: h.example\n>\n< HTTP/1.1 200 OK\n< Content-Type: text/plain\n<\nhello\n"
        #expect(
            seen(input, CurlVerbose.fields(in:)) == [
                FormatSeen(.text, "$"), FormatSeen(.userinfoUser, "admin"), FormatSeen(.userinfoPassword, "FAKEpw"),
                FormatSeen(.url, "http://h.example/"),
                FormatSeen(.text, "Connected to h.example"), FormatSeen(.url, "/"),
                FormatSeen(.header(name: "Host"), "h.example"), FormatSeen(.text, "OK"),
                FormatSeen(.header(name: "Content-Type"), "text/plain"),
                FormatSeen(.body(contentType: "text/plain"), "hello"),
            ])
    }

    @Test func bodyGluedToCurlsNoteIsSplit() {
        let input =
            "< HTTP/1.1 200 OK\r\n< Content-Type: application/json\r\n< \r\n"
            + "{\"token\":\"t\"}* Connection #0 to host h left intact\n"
        #expect(
            seen(input, CurlVerbose.fields(in:)) == [
                FormatSeen(.text, "OK"), FormatSeen(.header(name: "Content-Type"), "application/json"),
                FormatSeen(.body(contentType: "application/json"), #"{"token":"t"}"#),
                FormatSeen(.text, "Connection #0 to host h left intact"),
            ])
    }

    @Test func prettyJSONBodyLinesAreBodyNotByteCounts() {
        let input =
            "< HTTP/1.1 200 OK\n< Content-Type: application/json\n<\n{ [20 bytes data]\n{ \"a\": 1,\n  \"b\": 2 }\n}\n"
        let all = seen(input, CurlVerbose.fields(in:))
        #expect(all.last == FormatSeen(.body(contentType: "application/json"), "{ \"a\": 1,\n  \"b\": 2 }\n}"))
    }
}

// MARK: - Structures the readers give other modules

/// The text of `range` in `bytes`.
private func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
}

/// A start line as a test states it.
enum StartSeen: Equatable {
    case request(String, String, String?)
    case status(Int, String, String)
}

private func startSeen(_ line: HTTPMessageParts.StartLine?, in bytes: [UInt8]) -> StartSeen? {
    switch line {
    case .request(let method, let target, let version)?:
        return .request(text(bytes, method), text(bytes, target), version.map { text(bytes, $0) })
    case .status(let code, let version, let reason)?:
        return .status(code, text(bytes, version), text(bytes, reason))
    case nil:
        return nil
    }
}

@Suite struct FormatHTTPTextPartsTests {
    @Test(arguments: [
        ("GET /orders/42 HTTP/1.1\r\nHost: h\r\n\r\n", StartSeen.request("GET", "/orders/42", "1.1")),
        ("GET /health\n", .request("GET", "/health", nil)),
        ("HTTP/2 502\n\n", .status(502, "2", "")),
        ("HTTP/1.1 404 Not Found\r\n\r\n", .status(404, "1.1", "Not Found")),
        // Negative twins: a lowercase method, a versionless request of an unknown method, prose, a header block.
        ("get /orders/42 HTTP/1.1\n", nil),
        ("FETCH /orders/42\n", nil),
        ("HTTP/1.1 is the protocol\n", nil),
        ("Host: h\nAccept: */*\n", nil),
    ])
    func readsTheStartLine(input: String, expected: StartSeen?) {
        let bytes = Array(input.utf8)
        let parts = HTTPTextParts(reading: bytes)
        #expect(startSeen(parts.messages.first?.startLine, in: bytes) == expected)
    }

    @Test func readsHeadersBodyAndWhereTheyLie() throws {
        let input =
            "note before the paste\nPOST /a HTTP/1.1\r\nX-Trace: abc,\r\n  def\r\nnot a header\r\nHost: h\r\n"
            + "Content-Length: 4\r\n\r\nbodyHTTP/1.1 201 Created\r\n\r\n"
        let bytes = Array(input.utf8)
        let parts = HTTPTextParts(reading: bytes)
        #expect(parts.otherLines.map { text(bytes, $0) } == ["note before the paste"])
        try #require(parts.messages.count == 2)
        let request = parts.messages[0]
        #expect(request.headers.map { text(bytes, $0.name) } == ["X-Trace", "Host", "Content-Length"])
        #expect(request.headers.map { String(decoding: $0.value(in: bytes), as: UTF8.self) } == ["abc, def", "h", "4"])
        #expect(request.unplaced.map { text(bytes, $0) } == ["not a header"])
        #expect(request.headEnded)
        #expect(String(decoding: request.body(in: bytes), as: UTF8.self) == "body")
        #expect(text(bytes, request.range).hasPrefix("POST /a") && text(bytes, request.range).hasSuffix("body"))
        #expect(request.header(named: "host", in: bytes).map { text(bytes, $0.name) } == "Host")
        let response = parts.messages[1]
        #expect(text(bytes, response.range) == "HTTP/1.1 201 Created\r\n\r\n")
        #expect(response.body.isEmpty)
    }

    @Test func removesChunkedFramingAndKeepsTrailers() {
        let input = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n7;ext=1\n, world\n0\nX-Sum: 9\n\n"
        let bytes = Array(input.utf8)
        let message = HTTPTextParts(reading: bytes).messages.first
        #expect(message.map { String(decoding: $0.body(in: bytes), as: UTF8.self) } == "hello, world")
        #expect(message?.body.count == 2)
        #expect(message?.trailers.map { text(bytes, $0.name) } == ["X-Sum"])
        #expect(message?.unplaced.map { text(bytes, $0) } == [";ext=1"])
    }

    @Test(arguments: [("HTTP/1.1 200 OK\nServer: x\n\n", true), ("HTTP/1.1 200 OK\nServer: x\n", false)])
    func tellsWhetherTheHeadEnded(input: String, ended: Bool) {
        #expect(HTTPTextParts(reading: Array(input.utf8)).messages.first?.headEnded == ended)
    }

    @Test(arguments: [
        ("GET /x HTTP/1.1", "GET", "/x"), ("POST https://h.example/x", "POST", "https://h.example/x"),
    ])
    func readsARequestLineForOtherFormats(line: String, method: String, target: String) {
        let request = HTTPTextParts.requestLine(Substring(line))
        #expect(request?.method == method)
        #expect(request?.target == target)
    }

    @Test(arguments: ["GET x", "get /x HTTP/1.1", "GET /x HTTP/1.1 trailing"])
    func aRequestLineNeedsItsShape(line: String) {
        #expect(HTTPTextParts.requestLine(Substring(line)) == nil)
    }
}

/// A transcript part as a test states it.
enum PartSeen: Equatable {
    case command(String)
    case note(String)
    case info(String)
    case head(CurlTranscriptParts.Direction, String)
    case bodyLine(String)
    case byteCount(String)
    case error(Int?, String)
}

private func partsSeen(_ input: String) -> [PartSeen] {
    let bytes = Array(input.utf8)
    return CurlTranscriptParts(reading: bytes).parts.map { part in
        switch part {
        case .command(let line): return .command(text(bytes, line))
        case .note(let range): return .note(text(bytes, range))
        case .info(let range): return .info(text(bytes, range))
        case .head(let head): return .head(head.direction, String(decoding: head.bytes, as: UTF8.self))
        case .bodyLine(let line): return .bodyLine(text(bytes, line))
        case .byteCount(let range): return .byteCount(text(bytes, range))
        case .error(let error): return .error(error.code, text(bytes, error.message))
        }
    }
}

@Suite struct FormatCurlTranscriptPartsTests {
    @Test func readsEveryPartInOrder() {
        let input =
            "$ curl -v http://h.example/x\nNote: Unnecessary use of -X\n"
            + "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 1.2.3.4:80...\n"
            + "> GET /x HTTP/1.1\r\n> Host: h.example\r\n> \r\n{ [5 bytes data]\n< HTTP/1.1 502 Bad Gateway\r\n< \r\n"
            + "* Connection #0 to host h.example left intact\nupstream\n\ndown\ncurl: (22) The requested URL returned error\n"
        #expect(
            partsSeen(input) == [
                .command("$ curl -v http://h.example/x"), .note("Trying 1.2.3.4:80..."),
                .head(.sent, "GET /x HTTP/1.1\r\nHost: h.example\r\n\r\n"), .byteCount("[5 bytes data]"),
                .head(.received, "HTTP/1.1 502 Bad Gateway\r\n\r\n"),
                .note("Connection #0 to host h.example left intact"), .bodyLine("upstream"), .bodyLine(""),
                .bodyLine("down"), .error(22, "The requested URL returned error"),
            ])
    }

    @Test func aHeadIsReadAsHTTP() throws {
        let input = "< HTTP/2 100\n< HTTP/2 503\n< content-type: text/plain\n< \n"
        let transcript = CurlTranscriptParts(reading: Array(input.utf8))
        guard case .head(let head)? = transcript.parts.first else {
            Issue.record("no head")
            return
        }
        let codes = head.http.messages.compactMap { message -> Int? in
            if case .status(let code, _, _)? = message.startLine { return code }
            return nil
        }
        #expect(codes == [100, 503])
        #expect(head.http.messages.last?.headEnded == true)
        #expect(String(decoding: Array(input.utf8)[head.range], as: UTF8.self) + "\n" == input)
    }

    @Test(arguments: [
        // Body output without a final line break runs into curl's next note: the note is not body.
        (
            "< HTTP/1.1 200 OK\n< \n{\"a\":1}* Connection #0 to host h left intact\n",
            [PartSeen.bodyLine("{\"a\":1}"), .note("Connection #0 to host h left intact")]
        ),
        // Negative twin: a star inside the body that starts no note of curl's.
        ("< HTTP/1.1 200 OK\n< \nrated 5* by users\n", [.bodyLine("rated 5* by users")]),
    ])
    func aNoteGluedToTheBodyIsANote(input: String, expected: [PartSeen]) {
        #expect(Array(partsSeen(input).dropFirst()) == expected)
    }

    @Test func traceSectionsAndNotesAreTold() throws {
        let input = try fixture("curl-trace-ascii.txt")
        let parts = CurlTranscriptParts(reading: Array(input.utf8)).parts
        #expect(parts.contains { if case .info = $0 { true } else { false } })
        #expect(!parts.contains { if case .note = $0 { true } else { false } })
        let heads = parts.compactMap { part -> CurlTranscriptParts.Head? in
            if case .head(let head) = part { return head }
            return nil
        }
        #expect(!heads.isEmpty && heads.allSatisfy(\.isTraceSection))
    }
}

// MARK: - Properties: exact mapping and coverage

@Suite struct FormatParserProperties {
    /// One generated curl argument: how it is written, and where each decoded byte of its value must come from.
    private struct Written {
        var raw: [UInt8] = []
        var decoded: [UInt8] = []
        var origins: [Int] = []
        var valueStart = 0
        var end = 0
    }

    /// Writes `text` as one shell word in a random quoting style; `base` is the word's offset in the input.
    private static func quote(_ text: [UInt8], base: Int, rng: inout SplitMix) -> Written {
        var w = Written()
        func put(_ rawBytes: [UInt8], decodes b: UInt8) {
            w.decoded.append(b)
            w.origins.append(base + w.raw.count)
            w.raw += rawBytes
            w.end = base + w.raw.count
        }
        switch rng.int(0..<4) {
        case 0:
            w.raw.append(UInt8(ascii: "'"))
            for b in text {
                if b == UInt8(ascii: "'") {
                    // Close, an escaped quote, reopen: the decoded quote starts at the backslash.
                    w.raw.append(b)
                    put([0x5C, b], decodes: b)
                    w.raw.append(b)
                } else {
                    put([b], decodes: b)
                }
            }
            w.raw.append(UInt8(ascii: "'"))
        case 1:
            w.raw.append(UInt8(ascii: "\""))
            for b in text {
                put(Array("\"\\$`".utf8).contains(b) ? [0x5C, b] : [b], decodes: b)
            }
            w.raw.append(UInt8(ascii: "\""))
        case 2:
            for b in text { put(ASCII.isAlnum(b) ? [b] : [0x5C, b], decodes: b) }
        default:
            w.raw += Array("$'".utf8)
            for b in text {
                if b == UInt8(ascii: "'") || b == 0x5C {
                    put([0x5C, b], decodes: b)
                } else if rng.chance(20) {
                    let hex = Array("0123456789abcdef".utf8)
                    put([0x5C, UInt8(ascii: "x"), hex[Int(b >> 4)], hex[Int(b & 15)]], decodes: b)
                } else {
                    put([b], decodes: b)
                }
            }
            w.raw.append(UInt8(ascii: "'"))
        }
        return w
    }

    private static func randomValue(_ rng: inout SplitMix, alphabet: [UInt8]) -> [UInt8] {
        let letters = Array("abcXYZ019".utf8)
        return [rng.pick(letters)] + (0..<rng.int(0..<12)).map { _ in rng.pick(alphabet) }
    }

    @Test func curlValuesDecodeAndMapExactly() async {
        let alphabet = Array("abcXYZ019 \"'\\$`!&|;#*?=/@%+-_.,{}[]()<>\t~^".utf8)
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(state: UInt64(seed))
            var input: [UInt8] = Array("curl".utf8)
            var expected: [(FormatSeen, [Int], Int)] = []
            for _ in 0..<rng.int(1..<6) {
                input += Array(rng.pick([" ", " \\\n  ", "\t"]).utf8)
                let value = Self.randomValue(&rng, alphabet: alphabet)
                let option = rng.int(0..<6)
                let (flag, prefix, role): (String, [UInt8], Field.Role) =
                    switch option {
                    case 0: ("-H", Array("X-Api-Key: ".utf8), .header(name: "X-Api-Key"))
                    case 1: ("--data-raw", [], .body(contentType: "application/x-www-form-urlencoded"))
                    case 2: ("--oauth2-bearer", [], .option(name: "oauth2-bearer"))
                    case 3: ("-b", Array("sid=".utf8), .header(name: "Cookie"))
                    case 4: ("--url", Array("https://h.example/".utf8), .url)
                    default: ("-u", Array("user:".utf8), .userinfoPassword)
                    }
                let attached = option == 0 && rng.chance(30)
                input += Array(flag.utf8)
                if !attached { input.append(0x20) }
                let w = Self.quote(prefix + value, base: input.count, rng: &rng)
                input += w.raw
                // The value part: after the prefix (the header name, `sid=`, `user:` stay outside).
                let skip = option == 3 || option == 4 ? 0 : prefix.count
                let decoded = Array(w.decoded[skip...])
                var origins = Array(w.origins[skip...])
                if option == 0 {
                    // A header's value is trimmed of spaces and tabs at its ends.
                    var lo = 0
                    var hi = decoded.count
                    while lo < hi, ASCII.isWhitespace(decoded[lo]) { lo += 1 }
                    while hi > lo, ASCII.isWhitespace(decoded[hi - 1]) { hi -= 1 }
                    let end = hi > 0 ? (hi < decoded.count ? origins[hi] : w.end) : w.end
                    expected.append(
                        (
                            FormatSeen(role, String(decoding: decoded[lo..<hi], as: UTF8.self)),
                            Array(origins[lo..<hi]), end
                        ))
                    continue
                }
                if option == 5 {
                    expected.append((FormatSeen(.userinfoUser, "user"), Array(w.origins[0..<4]), w.origins[4]))
                }
                origins = Array(origins)
                expected.append((FormatSeen(role, String(decoding: decoded, as: UTF8.self)), origins, w.end))
            }
            let fields = run(input, CurlCommand.fields(in:))
            let got = fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) }
            #expect(got == expected.map(\.0), "\(String(decoding: input, as: UTF8.self))")
            guard got == expected.map(\.0) else { return }
            for (field, (_, origins, end)) in zip(fields, expected) {
                #expect(Array(field.value.origin.dropLast()) == origins)
                // A header value trimmed at its end ends where its last byte's escape ends: checked by mapping.
                if case .header(name: "X-Api-Key") = field.role {
                    #expect(mapsToOwnBytes(field, in: input))
                } else {
                    #expect(field.value.origin.last == end)
                }
            }
        }
    }

    @Test func httpHeadersAndBodiesMapExactly() async {
        let names = ["Authorization", "X-Api-Key", "Cookie", "Set-Cookie", "X-Trace", "Proxy-Authorization"]
        let valueAlphabet = Array("abcXYZ019 =;:/+.,\"'{}[]-_@".utf8)
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(state: UInt64(seed))
            let eol = rng.chance(50) ? "\r\n" : "\n"
            var input: [UInt8] = []
            var expected: [FormatSeen] = []
            for message in 0..<rng.int(1..<4) {
                let isRequest = message % 2 == 0
                if isRequest {
                    let target =
                        "/v1/items?key="
                        + String(decoding: Self.randomValue(&rng, alphabet: Array("abc019".utf8)), as: UTF8.self)
                    input += Array("POST \(target) HTTP/1.1\(eol)".utf8)
                    expected.append(FormatSeen(.url, target))
                } else {
                    input += Array("HTTP/1.1 403 Forbidden\(eol)".utf8)
                    expected.append(FormatSeen(.text, "Forbidden"))
                }
                for _ in 0..<rng.int(0..<5) {
                    let name = rng.pick(names)
                    var value = Self.randomValue(&rng, alphabet: valueAlphabet)
                    while value.last == 0x20 { value.removeLast() }
                    input += Array("\(name): ".utf8) + value + Array(eol.utf8)
                    expected.append(FormatSeen(.header(name: name), String(decoding: value, as: UTF8.self)))
                }
                let body = Self.randomValue(&rng, alphabet: valueAlphabet)
                let chunked = rng.chance(30)
                if chunked {
                    input += Array("Transfer-Encoding: chunked\(eol)\(eol)".utf8)
                    expected.append(FormatSeen(.header(name: "Transfer-Encoding"), "chunked"))
                    var rest = body[...]
                    while !rest.isEmpty {
                        let n = min(rest.count, rng.int(1..<6))
                        input += Array("\(String(n, radix: 16))\r\n".utf8) + rest.prefix(n) + Array("\r\n".utf8)
                        expected.append(
                            FormatSeen(.body(contentType: nil), String(decoding: rest.prefix(n), as: UTF8.self)))
                        rest = rest.dropFirst(n)
                    }
                    input += Array("0\r\n\r\n".utf8)
                } else {
                    input += Array("Content-Length: \(body.count)\(eol)\(eol)".utf8) + body
                    expected.append(FormatSeen(.header(name: "Content-Length"), "\(body.count)"))
                    expected.append(FormatSeen(.body(contentType: nil), String(decoding: body, as: UTF8.self)))
                    if rng.chance(50) { input += Array(eol.utf8) }
                }
            }
            let fields = run(input, HTTPMessage.fields(in:))
            let got = fields.map { FormatSeen($0.role, String(decoding: $0.value.bytes, as: UTF8.self)) }
            #expect(got == expected, "\(String(decoding: input, as: UTF8.self).debugDescription)")
            for field in fields {
                // Nothing was decoded here: every value is its input bytes, exactly.
                #expect(Array(input[field.range]) == field.value.bytes)
            }
        }
    }

    /// Generated `curl -v` transcripts: every value written into one (a note, a target, a header, a reason, a
    /// body line, the command before it) lies in a field, and the body lines in a body field.
    @Test func verboseTranscriptCoversEveryValue() async {
        let alphabet = Array("abcXYZ019 =;:/+.,\"'{}[]()-_@#*<>%&?!".utf8)
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(state: UInt64(seed))
            var input: [UInt8] = []
            var values: [Range<Int>] = []
            var bodyValues: [Range<Int>] = []
            func line(_ prefix: String, _ value: [UInt8]? = nil, _ suffix: String = "", eol: String = "\n") {
                input += Array(prefix.utf8)
                if let value {
                    var v = value
                    while v.last == 0x20 { v.removeLast() }
                    values.append(input.count..<(input.count + v.count))
                    input += v
                }
                input += Array((suffix + eol).utf8)
            }
            func value() -> [UInt8] { Self.randomValue(&rng, alphabet: alphabet) }
            let crlf = rng.chance(50) ? "\r\n" : "\n"
            // The command is shell: its URL is written without shell syntax in it.
            if rng.chance(50) {
                line("$ curl -v https://h.example/", Self.randomValue(&rng, alphabet: Array("ab01/?=".utf8)))
            }
            for _ in 0..<rng.int(1..<3) {
                line("*   Trying ", value())
                line("> GET /", value(), " HTTP/1.1", eol: crlf)
                for _ in 0..<rng.int(0..<4) { line("> X-Req-\(rng.int(0..<9)): ", value(), eol: crlf) }
                line("> ", eol: crlf)
                if rng.chance(30) { line("} [12 bytes data]") }
                line("< HTTP/1.1 401 ", value(), eol: crlf)
                line("< Content-Type: text/plain", eol: crlf)
                for _ in 0..<rng.int(0..<4) { line("< X-Resp-\(rng.int(0..<9)): ", value(), eol: crlf) }
                line("< ", eol: crlf)
                if rng.chance(50) { line("{ [\(rng.int(1..<999)) bytes data]") }
                if rng.chance(50) { line("* Connection #0 to host ", value(), " left intact") }
                for _ in 0..<rng.int(1..<4) {
                    line("", value())
                    bodyValues.append(values[values.count - 1])
                }
            }
            let fields = run(input, CurlVerbose.fields(in:))
            let text = String(decoding: input, as: UTF8.self).debugDescription
            for v in values {
                #expect(fields.contains { $0.range.contains(v) }, "\(v) of \(text)")
            }
            for v in bodyValues {
                #expect(
                    fields.contains { $0.range.contains(v) && $0.role == .body(contentType: "text/plain") }, "\(text)")
            }
        }
    }

    /// Token soup: pieces of curl syntax put together at random. Whatever comes out, every letter or digit that
    /// is not in an option word or the word `curl` is inside a field, and nothing crashes.
    @Test func curlCoversEveryNonStructuralByte() async {
        let pieces = [
            "curl", " ", " ", "\t", "\n", " \\\n", "-s", "-X", "-d", "--data-raw", "-b", "--url", "-o", "-x", "-sSL",
            "--unknown", "--", "-", "'a b'", "\"c\\\"d\"", "$'e\\x41'", "f", "g=h", "i:j", "|", ";", "&&", "#k",
            ">", "'", "\"", "\\", "$", "(", ")", "`", "^", "^\"", "https://l.example/m?n=o", "@p", "--json",
        ]
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(state: UInt64(seed))
            let input = Array((0..<rng.int(1..<40)).map { _ in rng.pick(pieces) }.joined().utf8)
            let fields = run(input, CurlCommand.fields(in:))
            var covered = [Bool](repeating: false, count: input.count)
            for field in fields {
                for p in field.range where p < covered.count { covered[p] = true }
            }
            for (i, b) in input.enumerated() where ASCII.isAlnum(b) && !covered[i] {
                #expect(
                    isStructuralWord(input, at: i),
                    "byte \(i) of \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
    }

    /// Whether the run around `i` (up to whitespace or an operator) is an option word or the word `curl`.
    private func isStructuralWord(_ input: [UInt8], at i: Int) -> Bool {
        let operators = Array("()|;&<>".utf8)
        var s = i
        while s > 0, !ASCII.isWhitespace(input[s - 1]), !operators.contains(input[s - 1]) { s -= 1 }
        var e = i
        while e < input.count, !ASCII.isWhitespace(input[e]), !operators.contains(input[e]) { e += 1 }
        let word = Array(input[s..<e])
        let letters = word.filter { ASCII.isAlnum($0) || $0 == 0x2D }
        if letters.first == 0x2D { return true }
        // The program word, however it is quoted (`"curl`, `cu\rl`, `curl$'`: an ANSI-C quote left open adds nothing).
        return word.filter { !Array("\"'\\^$".utf8).contains($0) } == Array("curl".utf8)
    }

    @Test func garbageNeverCrashesAnyParser() async {
        let pieces: [[UInt8]] = [
            [0], [0xFF], [0xC3], [0x0D], [0x0A], Array("\r\n".utf8), Array("HTTP/1.1 200 OK".utf8),
            Array("GET / HTTP/1.1".utf8),
            Array("Content-Length: 9999".utf8), Array("Transfer-Encoding: chunked".utf8),
            Array("ffffffffffffffffff".utf8),
            Array("> ".utf8), Array("< ".utf8), Array("* ".utf8), Array("{ [".utf8), Array("=> Send header".utf8),
            Array("0000: ".utf8), Array(":path: ".utf8), Array("curl -H '".utf8), Array("$'\\u".utf8), Array("^".utf8),
            Array("\\".utf8), Array("%".utf8), Array("%4".utf8), Array("a=b&".utf8), Array("://".utf8), Array("@".utf8),
            Array(" ".utf8), Array("h2h3 [".utf8), Array("[HTTP/2] [1] [".utf8), Array("]".utf8), Array("\"".utf8),
        ]
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(state: UInt64(seed))
            var input: [UInt8] = []
            for _ in 0..<rng.int(0..<60) {
                input += rng.chance(20) ? [UInt8(truncatingIfNeeded: rng.next())] : rng.pick(pieces)
            }
            let parsers: [Parser] = [HTTPMessage.fields(in:), CurlCommand.fields(in:), CurlVerbose.fields(in:)]
            for parser in parsers {
                for field in run(input, parser) {
                    for part in URLParts.fields(of: field.value) { checkInvariants(part, inputCount: input.count) }
                    for part in FormFields.fields(of: field.value) ?? [] {
                        checkInvariants(part, inputCount: input.count)
                    }
                }
            }
            _ = input.withUnsafeBufferPointer {
                (HTTPMessage.looksLike($0), CurlCommand.looksLike($0), CurlVerbose.looksLike($0))
            }
        }
    }
}

// MARK: - Hostile input

/// Serialized: the timing tests compare two runs, which other tests running beside them would disturb.
@Suite(.serialized) struct FormatHostileInputTests {
    @Test func unterminatedQuotesKeepEveryByte() {
        #expect(
            seen("curl -H 'Authorization: Bearer abc", CurlCommand.fields(in:)) == [
                FormatSeen(.header(name: "Authorization"), "Bearer abc")
            ])
        #expect(
            seen("curl -d \"password=x\\", CurlCommand.fields(in:)) == [
                FormatSeen(.body(contentType: "application/x-www-form-urlencoded"), "password=x\\")
            ])
        #expect(
            seen("curl -u $'a:b\\", CurlCommand.fields(in:)) == [
                FormatSeen(.userinfoUser, "a"), FormatSeen(.userinfoPassword, "b\\"),
            ])
    }

    @Test func nulAndBinaryBytesStayInFields() {
        let input: [UInt8] =
            Array("GET /x HTTP/1.1\r\nX-Key: a".utf8) + [0, 0xFF, 0xFE] + Array("b\r\n\r\n".utf8) + [0, 1, 2, 0x80]
        let fields = run(input, HTTPMessage.fields(in:))
        #expect(fields.map(\.role) == [.url, .header(name: "X-Key"), .body(contentType: nil)])
        #expect(fields[1].value.bytes == Array("a".utf8) + [0, 0xFF, 0xFE] + Array("b".utf8))
        #expect(fields[2].value.bytes == [0, 1, 2, 0x80])
    }

    /// Eight times the input must take about eight times as long: a quadratic parser fails the ratio long before
    /// it fails the budget.
    @Test(arguments: ["http-line", "http-lines", "curl-word", "curl-words", "verbose-line", "verbose-lines", "trace"])
    func staysLinear(shape: String) {
        func input(_ n: Int) -> [UInt8] {
            switch shape {
            case "http-line":
                return Array("GET / HTTP/1.1\r\nX-Long: ".utf8) + [UInt8](repeating: 0x61, count: n)
                    + Array("\r\n\r\n".utf8)
            case "http-lines": return Array(String(repeating: "Host: h\nzz\n", count: n / 11).utf8)
            case "curl-word": return Array("curl -H 'X-A: ".utf8) + [UInt8](repeating: 0x62, count: n)
            case "curl-words": return Array(("curl" + String(repeating: " -sH x:y", count: n / 8)).utf8)
            case "verbose-line": return Array("> GET / HTTP/1.1\n> X-Long: ".utf8) + [UInt8](repeating: 0x63, count: n)
            case "verbose-lines":
                return Array(("< HTTP/1.1 200 OK\n<\n" + String(repeating: "* note\nbody\n", count: n / 12)).utf8)
            default:
                return Array(("=> Send data, 1 bytes\n" + String(repeating: "0000: abcdefgh\n", count: n / 16)).utf8)
            }
        }
        let parsers: [String: Parser] = ["http": HTTPMessage.fields(in:), "curl": CurlCommand.fields(in:)]
        let parser = parsers[String(shape.prefix(4))] ?? CurlVerbose.fields(in:)
        func time(_ n: Int) -> Double {
            let bytes = input(n)
            let clock = ContinuousClock()
            let elapsed = clock.measure { _ = bytes.withUnsafeBufferPointer { parser($0) } }
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        // One long line is read at 2 MB; many short lines (a field each) at 256 KB, to keep a debug build quick.
        let size = shape.hasSuffix("line") || shape == "curl-word" ? 1 << 21 : (shape == "trace" ? 1 << 20 : 1 << 18)
        _ = time(1 << 14)  // warm up
        // The best of three runs of each size: allocation noise only ever adds time.
        var small = Double.infinity
        var large = Double.infinity
        for _ in 0..<3 {
            small = min(small, time(size / 8))
            large = min(large, time(size))
        }
        // The absolute budget is loose (a debug build copies slowly). Eight times the input takes eight times the
        // time, give or take caches (up to about three times more); a quadratic parser takes sixty-four times.
        #expect(large < 20, "\(size) bytes took \(large) s")
        #expect(large < max(small, 0.002) * 24, "\(size / 8) bytes: \(small) s, \(size) bytes: \(large) s")
    }
}
