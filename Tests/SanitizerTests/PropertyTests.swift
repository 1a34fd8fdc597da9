import Foundation
import PropertyBased
import Testing

@testable import Sanitizer

/// The invariants that matter most, over generated secrets in generated contexts.
@Suite struct PropertyTests {
    /// Secrets whose shape names them: found anywhere, keyed or not.
    static let shapedSecrets = Gen.oneOf(
        Gen.letterOrNumber.string(of: 30...30).map { GitHubToken.make(entropy: $0) },
        Gen.uppercaseLetter.string(of: 16...16).map { "AKIA" + $0.replacingOccurrences(of: "E", with: "Q") },
        Gen.lowercaseLetter.string(of: 3...12).map { $0 + "@mail-" + $0.prefix(4) + ".example.com" }
    )

    /// Secrets of any shape, with or without a name: found by their key.
    static let secrets = Gen.oneOf(
        shapedSecrets,
        Gen.letterOrNumber.string(of: 16...48).map { "Pw" + $0 + "9z" }
    )

    /// Places a keyed secret can sit, each a template with the secret's place marked.
    static let contexts = [
        "password=%@\n", "{\"api_key\": \"%@\"}", "Authorization: Bearer %@\r\n", "export SECRET_TOKEN='%@'\n",
        "curl -H 'X-Api-Key: %@' https://api.example.com\n", "GET /v1/x?access_token=%@&page=2 HTTP/1.1\n",
        "- client_secret: %@\n", "{\"nested\": \"{\\\"token\\\": \\\"%@\\\"}\"}", "<apiKey>%@</apiKey>",
        "ts=2026-06-19T09:12:03Z level=warn secret=\"%@\" retry=2\n", "{\"name\": \"X-Auth-Token\", \"value\": \"%@\"}",
    ]

    /// Places only a shaped secret is found in: prose.
    static let proseContexts = ["error for user %@ at step 3\n", "see <%@> (retrying)", "[%@]", "'%@',"]

    @Test func noShapedSecretSurvivesProse() async {
        await propertyCheck(
            count: 150, input: Self.shapedSecrets, Gen.element(of: Self.proseContexts).compactMap { $0 }
        ) { secret, context in
            Self.expectMasked(secret, in: context)
        }
    }

    @Test func noGeneratedSecretSurvivesAnyContext() async {
        await propertyCheck(count: 200, input: Self.secrets, Gen.element(of: Self.contexts).compactMap { $0 }) {
            secret, context in
            Self.expectMasked(secret, in: context)
        }
    }

    /// Puts `secret` in `context`'s place and expects it nowhere in the sanitized text.
    static func expectMasked(_ secret: String, in context: String) {
        let input = context.replacingOccurrences(of: "%@", with: secret)
        guard let (text, _) = try? sanitize(input) else {
            Issue.record("sanitize threw for \(context)")
            return
        }
        #expect(!text.contains(secret), "survived in \(context): \(text)")
    }

    @Test func sanitizingTwiceChangesNothing() async {
        await propertyCheck(count: 200, input: Self.secrets, Gen.element(of: Self.contexts).compactMap { $0 }) {
            secret, context in
            let input = context.replacingOccurrences(of: "%@", with: secret)
            guard let once = try? sanitize(input).text, let twice = try? sanitize(once) else {
                Issue.record("sanitize threw")
                return
            }
            #expect(twice.text == once)
            #expect(twice.findings.isEmpty, "\(twice.findings)")
        }
    }

    /// A JSON document of random keys and values keeps its key paths and value types.
    @Test func jsonKeepsKeyPathsAndTypes() async {
        let keys = Gen.element(of: [
            "password", "token", "name", "email", "id", "note", "phone", "api_key", "url", "count", "otp", "user",
        ]).compactMap { $0 }
        let values = Gen.oneOf(
            Gen.letterOrNumber.string(of: 0...30).map { "\"\($0)\"" },
            Gen.int(in: -99999...999999).map { "\($0)" },
            Gen.element(of: ["true", "false", "null", "\"a\\\"b\\\\c\"", "\"x@y.example.org\"", "[1, \"two\"]"])
                .compactMap { $0 }
        )
        let members = zip(keys, values).array(of: 1...8)
        await propertyCheck(count: 150, input: members) { members in
            let json = "{" + members.enumerated().map { "\"\($1.0)\($0)\": \($1.1)" }.joined(separator: ", ") + "}"
            guard let (text, _) = try? sanitize(json), let before = try? JSONShapeTests.shape(json) else {
                Issue.record("failed on \(json)")
                return
            }
            #expect((try? JSONShapeTests.shape(text)) == before, "\(json) -> \(text)")
        }
    }

    /// Percent signs, `@` and UTF-8 next to letters and digits: the mask keeps escapes and is still recognized.
    @Test func maskAroundPercentEscapesIsRecognized() {
        let masks = MaskFactory(key: testKey)
        let alphabet = Array("%%@a1Z9fE40-_".utf8) + [0xC3, 0xA9]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = Int(state >> 59) + 16
            var bytes: [UInt8] = []
            for _ in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let value = Array(String(decoding: bytes, as: UTF8.self).utf8)
            let mask = masks.token(value, kind: .secret)
            let shown = String(decoding: value, as: UTF8.self)
            if Self.hasMaskablePosition(mask) { #expect(MaskFactory.isMasked(mask), "\(shown)") }
            #expect(masks.token(mask, kind: .secret) == mask || MaskFactory.isMasked(mask), "\(shown)")
            // An escape left in the mask is one of punctuation, as it was: never a new byte such as `%00`.
            for i in mask.indices where mask[i] == 0x25 && i + 2 < mask.count {
                guard let high = ASCII.hexValue(mask[i + 1]), let low = ASCII.hexValue(mask[i + 2]) else { continue }
                let byte = high << 4 | low
                #expect(byte >= 0x20 && byte < 0x7F && !ASCII.isAlnum(byte), "\(shown)")
                #expect(Array(mask[i...(i + 2)]) == Array(value[i...(i + 2)]) || value.contains { $0 >= 0x80 })
            }
        }
    }

    /// Bytes that are no UTF-8 (binary, Latin-1) become one letter each: a mask of them keeps their count, where a
    /// UTF-8 character becomes one letter for all its bytes.
    @Test func maskOfInvalidUTF8KeepsItsLength() {
        let masks = MaskFactory(key: testKey)
        let binary: [UInt8] =
            Array("Zq8v".utf8) + [0xEB, 0xBB, 0x3B, 0xE8, 0x1E, 0x80, 0x81, 0xFF] + Array("Tx9w".utf8)
        #expect(masks.token(binary, kind: .password).count == binary.count)
        let text = Array("Zq8vLr2m-josé-Tx9wKp4n".utf8)
        #expect(masks.token(text, kind: .password).count == text.count - 1)
    }

    /// Whether a mask has a letter or digit that is not in a percent-escape's place (one or two bytes after a `%`,
    /// with a letter or digit between): a position `token` filled, which its check tag covers.
    static func hasMaskablePosition(_ mask: [UInt8]) -> Bool {
        mask.indices.contains { i in
            ASCII.isAlnum(mask[i])
                && !(i >= 1 && mask[i - 1] == 0x25)
                && !(i >= 2 && mask[i - 2] == 0x25 && ASCII.isAlnum(mask[i - 1]))
        }
    }

    @Test func maskIsConsistentAndRecognized() async {
        let masks = MaskFactory(key: testKey)
        await propertyCheck(count: 300, input: Gen.ascii.string(of: 1...60)) { value in
            let bytes = Array(value.utf8)
            let mask = masks.token(bytes, kind: .secret)
            #expect(mask == masks.token(bytes, kind: .secret))
            #expect(mask.count == bytes.count || bytes.contains { $0 >= 0x80 })
            // The two bytes after a `%` are no positions of a mask: a value with nothing else (`%2F`, `%@a`) has
            // nothing left to mask.
            if Self.hasMaskablePosition(mask) { #expect(MaskFactory.isMasked(mask)) }
            #expect(masks.token(mask, kind: .secret) == mask || MaskFactory.isMasked(mask))
        }
    }
}

/// Builds GitHub classic tokens with a valid CRC32 checksum, as GitHub issues them.
enum GitHubToken {
    static func make(entropy: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var crc = crc32(Array(entropy.utf8))
        var suffix = ""
        for _ in 0..<6 {
            suffix = String(alphabet[Int(crc % 62)]) + suffix
            crc /= 62
        }
        return "ghp_" + entropy + suffix
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// Whatever the key, sanitizing never refuses to print: masks are drawn from the key, and no draw may look live.
@Suite struct AnyKeyTests {
    @Test func noKeyMakesTheResidualScanFail() throws {
        var payload = ""
        for i in 0..<300 {
            let token = fake("", 20 + i % 30, alphabet: "AbCdEfGhJkMnPqRsTuVwXyZ23456789+/=")
            payload += "ts=\(i) level=warn access_token=\(token) csrf=\(token)= cookie=\"sid=\(token); x=1\"\n"
            payload += #"{"refresh_token": "\#(token)==", "user": {"email": "u\#(i)@corp.example.com"}}"# + "\n"
        }
        let input = Array(payload.utf8)
        for _ in 0..<20 {
            let result = try Sanitizer(key: .random()).sanitize(input, format: .text)
            #expect(!result.output.isEmpty)
        }
    }
}
