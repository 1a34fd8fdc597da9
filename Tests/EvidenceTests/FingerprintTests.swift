import Foundation
import Testing

@testable import Evidence

@Suite struct FingerprintTests {
    @Test(arguments: [
        ("/orders/8812/items", "/orders/{id}/items"),
        ("https://api.example.com/v3/carts/552158?include=items&page=6", "/v3/carts/{id}"),
        ("https://api.example.com", "/"),
        ("/users/ada@example.com/profile", "/users/{id}/profile"),
        ("/v1/objects/7f3e2a9b-1c4d-4e5f-8a6b-0c1d2e3f4a5b#top", "/v1/objects/{id}"),
        ("/v2/me/orders/ord_8f3kd9a2x", "/v2/me/orders/{id}"),
        ("/orders/{id}", "/orders/{id}"),
        ("/café/123/", "/café/{id}/"),
        ("", "/"),
    ])
    func routeTemplateReplacesIdentifiers(path: String, expected: String) {
        #expect(RouteTemplate(path: path).description == expected)
    }

    @Test func urlSummaryReadsHostPathAndQueryNames() {
        let full = URLSummary("  https://user:pw@API.Example.com:8443/v1/x?b=1&a=2&a=3#frag ")
        #expect(full.host == "api.example.com:8443")
        #expect(full.path == "/v1/x")
        #expect(full.queryKeys == ["a", "b"])

        let origin = URLSummary("/search?q=x&%70age=2&=1&&flag")
        #expect(origin.host == nil)
        #expect(origin.path == "/search")
        #expect(origin.queryKeys == ["flag", "page", "q"])

        let bare = URLSummary("http://h")
        #expect(bare.host == "h")
        #expect(bare.path == "/")
        #expect(bare.queryKeys.isEmpty)
    }

    @Test func bodySkeletonEscapesQuotesInKeys() {
        let body = JSONValue.object(["a\"b": .integer(1), "items": .array([.object(["id": .string("x")])])])
        #expect(BodySkeleton(body).description == #"{"a\"b":"number","items":[{"id":"string"}]}"#)
    }

    @Test(arguments: [
        (
            "Timeout after 30012 ms calling 10.2.3.4:8443 (request 7f3e9a1b2c)",
            "timeout after <n> ms calling <ip> (request <hex>)"
        ),
        ("Connection refused: payments.internal:443", "connection refused: <host>"),
        ("Failed to reach https://api.stripe.com/v1/charges for ada@example.com", "failed to reach <url> for <email>"),
        ("Order A-73085 failed at 2026-03-14T08:00:00Z", "order a-<n> failed at <ts>"),
        (
            "  java.lang.NullPointerException\tat Foo.bar(Foo.java:42)",
            "java.lang.nullpointerexception at foo.bar(foo.java:<n>)"
        ),
        ("naïve café timeout 30s", "naïve café timeout <n>s"),
    ])
    func errorSignatureReplacesWhatVaries(message: String, expected: String) {
        #expect(ErrorSignature(message: message).description == expected)
    }

    /// The byte path for ASCII messages gives what the `Character` path gives.
    @Test func asciiSignatureMatchesTheGeneralPath() {
        var generator = SystemRandomNumberGenerator()
        let words = [
            "Timeout", "after", "30012", "ms", "10.2.3.4:8443", "(request", "7f3e9a1b2c)", "payments.internal:443",
            "https://api.example.com/v1?x=1", "ada@example.com", "2026-03-14T08:00:00Z", "\"quoted\",", "[x]", ":",
            "A-73085", "fe80::1", "svc-ledger-20", "v1.2.3", "HTTP/1.1", "ERROR", "order.id", "--", "~", "(", "",
            "java.lang.NullPointerException", "api.stripe.com", "UPPER_CASE_42", "x=1&y=2", "%20", "0x7f8e2a64",
        ]
        let separators = [" ", "  ", "\t", "\n", " \n "]
        for _ in 0..<2_000 {
            var message = ""
            for _ in 0..<Int.random(in: 0..<12, using: &generator) {
                message += words.randomElement(using: &generator)! + separators.randomElement(using: &generator)!
            }
            #expect(ErrorSignature.asciiSignature(message) == ErrorSignature.signature(message), "\(message)")
        }
        // Long messages: the first 2,000 characters and the first 400 of the signature.
        let long = String(repeating: "Timeout after 30012 ms calling payments.internal:443 ", count: 80)
        #expect(ErrorSignature.asciiSignature(long) == ErrorSignature.signature(long))
        #expect(ErrorSignature.asciiSignature("caf\u{E9}") == nil)
        #expect(ErrorSignature.asciiSignature("a\r\nb") == nil)
    }
}
