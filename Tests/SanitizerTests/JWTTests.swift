import Foundation
import Testing

@testable import Sanitizer

/// A JWT made by a real JWT library (PyJWT; `Fixtures/jwt/make_jwts.py` is its provenance), with what sanitizing
/// must keep and what it must change.
struct JWTFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let token: String
    /// JSON objects: the header and payload claims that must survive unchanged.
    let keptHeader: Data
    let keptPayload: Data
    /// Paths to claims that must change: a top-level claim name, or the way into a nested claim.
    let pseudonymized: [[String]]

    var testDescription: String { name }

    /// The fixtures, or none when the file is missing or malformed (``JWTTests/fixturesLoad()`` then fails).
    static let all: [JWTFixture] = (try? load()) ?? []

    static func load() throws -> [JWTFixture] {
        guard let url = Bundle.module.url(forResource: "tokens", withExtension: "json", subdirectory: "Fixtures/jwt"),
            let entries = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]]
        else { throw CocoaError(.fileReadCorruptFile) }
        return try entries.map { entry in
            guard let name = entry["name"] as? String, let token = entry["token"] as? String,
                let kept = entry["kept"] as? [String: Any], let header = kept["header"], let payload = kept["payload"],
                let changed = entry["pseudonymized"] as? [Any]
            else { throw CocoaError(.fileReadCorruptFile) }
            let paths = changed.compactMap { ($0 as? [String]) ?? ($0 as? String).map { [$0] } }
            return JWTFixture(
                name: name, token: token, keptHeader: try JSONSerialization.data(withJSONObject: header),
                keptPayload: try JSONSerialization.data(withJSONObject: payload), pseudonymized: paths)
        }
    }
}

/// Where a JWT turns up in a paste: the text around it, which must come out byte for byte unchanged.
enum JWTContext: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case authorizationHeader, jsonValue, logLine, cookie

    var testDescription: String { rawValue }

    var surroundings: (before: String, after: String) {
        switch self {
        case .authorizationHeader: ("Authorization: Bearer ", "\n")
        case .jsonValue: (#"{"access_token": ""#, #"", "token_type": "Bearer", "expires_in": 3600}"# + "\n")
        case .logLine:
            ("2026-03-14T09:12:03.118Z WARN [gateway,3f0c9a7e] AuthFilter - token rejected token=", " reason=expired\n")
        case .cookie: ("Cookie: theme=dark; id_token=", "; lang=en-GB\n")
        }
    }

    func embed(_ token: String) -> String { surroundings.before + token + surroundings.after }
}

/// A compact JWS taken apart: header and payload decoded as JSON, the signature as it is.
struct DecodedJWT {
    let header: [String: Any]
    let payload: [String: Any]
    let payloadSegment: String
    let signature: String

    init(_ token: String) throws {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try #require(segments.count == 3, "a JWS has three segments")
        let headerJSON = try Self.base64URLDecode(segments[0])
        let payloadJSON = try Self.base64URLDecode(segments[1])
        header = try #require(try JSONSerialization.jsonObject(with: headerJSON) as? [String: Any])
        payload = try #require(try JSONSerialization.jsonObject(with: payloadJSON) as? [String: Any])
        payloadSegment = segments[1]
        signature = segments[2]
        _ = try Self.base64URLDecode(signature)
    }

    static func base64URLDecode(_ text: String) throws -> Data {
        #expect(!text.contains("="), "base64url in a JWT is unpadded")
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return try #require(Data(base64Encoded: base64), "\(text.prefix(20))... is not base64url")
    }

    /// Whether `text` is what encoding its bytes gives back. Strict decoders (PyJWT since 2.10, Go's
    /// `base64.RawURLEncoding.Strict`) reject a last character whose unused low bits are not zero.
    static func isCanonicalBase64URL(_ text: String) throws -> Bool {
        let encoded = try base64URLDecode(text).base64EncodedString()
        return encoded.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "") == text
    }

    /// Every compact JWS in `text`: three base64url segments joined by dots, the first starting `eyJ`.
    static func tokens(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        func isBase64URL(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D
                || b == 0x5F
        }
        var found: [String] = []
        var i = 0
        while i + 3 <= bytes.count {
            guard bytes[i] == 0x65, bytes[i + 1] == 0x79, bytes[i + 2] == 0x4A, i == 0 || !isBase64URL(bytes[i - 1])
            else {
                i += 1
                continue
            }
            var end = i
            var dots = 0
            while end < bytes.count, isBase64URL(bytes[end]) || (bytes[end] == 0x2E && dots < 2) {
                if bytes[end] == 0x2E { dots += 1 }
                end += 1
            }
            if dots == 2 { found.append(String(decoding: bytes[i..<end], as: UTF8.self)) }
            i = max(end, i + 1)
        }
        return found
    }
}

/// JWTs keep what a debugger needs (algorithm, key id, issuer, audience, times, scopes) and lose who they are
/// about and their signature, in every place a token turns up.
@Suite struct JWTTests {
    /// Compares JSON values by their serialization, so numbers, booleans and nesting compare as JSON does.
    static func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed])
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The value at `path` in a claims object, or nil.
    static func value(at path: [String], in claims: [String: Any]) -> Any? {
        var current: Any? = claims
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    /// The strings a JSON value holds, numbers written out: what must not survive pseudonymizing.
    static func leaves(_ value: Any) -> [String] {
        switch value {
        case let object as [String: Any]: object.values.flatMap(leaves)
        case let array as [Any]: array.flatMap(leaves)
        case let string as String: [string]
        case let number as NSNumber: [number.stringValue]
        default: []
        }
    }

    /// The words of at least four letters or digits in a value: a pseudonym must share none with its original,
    /// so `Person-…` for `Zoë Ångström` may not keep `Ångström`. The pseudonyms' own prefixes are no leak:
    /// `user_2Nf8…` may become `user-…`.
    static func words(_ text: String) -> [String] {
        text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { $0.count >= 4 && !["user", "person"].contains($0.lowercased()) }
    }

    /// Sanitizes `fixture` in `context` and returns the output and the one JWT in it.
    static func sanitizedToken(_ fixture: JWTFixture, in context: JWTContext) throws -> (output: String, token: String)
    {
        let input = context.embed(fixture.token)
        let result = try sanitizer.sanitize(Array(input.utf8))
        let output = String(decoding: result.output, as: UTF8.self)
        let tokens = DecodedJWT.tokens(in: output)
        try #require(tokens.count == 1, "expected one JWT in: \(output.prefix(200))")
        #expect(result.findings.contains { $0.kind == .jwt }, "the JWT is reported as a JWT")
        return (output, tokens[0])
    }

    @Test func fixturesLoad() throws {
        #expect(JWTFixture.all.count >= 8)
        for fixture in JWTFixture.all {
            #expect(!fixture.pseudonymized.isEmpty)
            let original = try DecodedJWT(fixture.token)
            for path in fixture.pseudonymized {
                #expect(Self.value(at: path, in: original.payload) != nil, "\(fixture.name): no claim \(path)")
            }
        }
    }

    @Test(arguments: JWTFixture.all, JWTContext.allCases)
    func keptClaimsSurviveAndTheContextIsUntouched(fixture: JWTFixture, context: JWTContext) throws {
        let (output, token) = try Self.sanitizedToken(fixture, in: context)
        let sanitized = try DecodedJWT(token)
        for (part, kept) in [(sanitized.header, fixture.keptHeader), (sanitized.payload, fixture.keptPayload)] {
            for (claim, expected) in try Self.object(kept) {
                let actual = try #require(part[claim], "\(claim) is gone")
                #expect(try Self.canonical(actual) == Self.canonical(expected), "\(claim) changed")
            }
        }
        // Same claim names, in the header and the payload: the token keeps its shape.
        let original = try DecodedJWT(fixture.token)
        #expect(Set(sanitized.header.keys) == Set(original.header.keys))
        #expect(Set(sanitized.payload.keys) == Set(original.payload.keys))
        let (before, after) = context.surroundings
        #expect(output == before + token + after, "only the token changes")
    }

    @Test(arguments: JWTFixture.all, JWTContext.allCases)
    func identityClaimsAndSignatureAreReplaced(fixture: JWTFixture, context: JWTContext) throws {
        let (output, token) = try Self.sanitizedToken(fixture, in: context)
        let original = try DecodedJWT(fixture.token)
        let sanitized = try DecodedJWT(token)
        for path in fixture.pseudonymized {
            let name = path.joined(separator: ".")
            let before = try #require(Self.value(at: path, in: original.payload))
            let after = try #require(Self.value(at: path, in: sanitized.payload), "\(name) is gone")
            #expect(try Self.canonical(after) != Self.canonical(before), "\(name) unchanged")
            let afterText = Self.leaves(after).joined(separator: " ").lowercased()
            for leaf in Self.leaves(before) where !leaf.isEmpty {
                #expect(!output.contains(leaf), "\(name)'s value is in the output")
                guard !afterText.contains(leaf.lowercased()) else {
                    Issue.record("\(name) still holds its value")
                    continue
                }
                for word in Self.words(leaf) {
                    #expect(!afterText.contains(word.lowercased()), "\(name) still holds '\(word)'")
                }
            }
        }
        #expect(sanitized.signature != original.signature)
        #expect(sanitized.signature.count == original.signature.count, "the signature keeps its length")
        #expect(!output.contains(original.signature))
        #expect(!output.contains(original.payloadSegment), "the original payload is in the output")
    }

    @Test(arguments: JWTFixture.all)
    func everySegmentIsCanonicalBase64URL(fixture: JWTFixture) throws {
        let (_, token) = try Self.sanitizedToken(fixture, in: .authorizationHeader)
        for (index, segment) in token.split(separator: ".").enumerated() {
            #expect(
                try DecodedJWT.isCanonicalBase64URL(String(segment)),
                "segment \(index + 1) ends ...\(segment.suffix(4))")
        }
        // The twin: the library-made original is canonical, so the check can tell.
        for segment in fixture.token.split(separator: ".") {
            #expect(try DecodedJWT.isCanonicalBase64URL(String(segment)))
        }
    }

    @Test(arguments: JWTFixture.all, JWTContext.allCases)
    func sanitizingTwiceChangesNothing(fixture: JWTFixture, context: JWTContext) throws {
        let (once, _) = try Self.sanitizedToken(fixture, in: context)
        let twice = try sanitizer.sanitize(Array(once.utf8))
        #expect(String(decoding: twice.output, as: UTF8.self) == once)
        #expect(!twice.findings.contains { $0.kind == .jwt }, "a sanitized JWT is not reported again")
    }

    @Test(arguments: JWTFixture.all)
    func pseudonymsAreStableUnderOneKey(fixture: JWTFixture) throws {
        // The same token in two places gets the same pseudonyms, so "one user is affected" survives sanitizing.
        let (_, fromHeader) = try Self.sanitizedToken(fixture, in: .authorizationHeader)
        let (_, fromLog) = try Self.sanitizedToken(fixture, in: .logLine)
        #expect(try DecodedJWT(fromHeader).payloadSegment == DecodedJWT(fromLog).payloadSegment)
    }

    /// Negative twins: dotted base64url that is no JWT (no `alg` in its header, or a header that is not JSON) is not
    /// rewritten as one.
    @Test(arguments: [
        // {"typ":"JWT"} with no alg: a JWS header always names its algorithm.
        "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJjb3JuZWxpdXMifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTAwMDAwMDAwMDAwMDAw",
        // "eyJ" followed by bytes that do not decode to a JSON object.
        "eyJzZWdtZW50.bm90LWpzb24.c2lnbmF0dXJlLW5vdC1yZWFsLTAwMDAwMDAwMDAwMDAw",
    ])
    func dottedBase64ThatIsNoJWTIsNotRewritten(text: String) throws {
        let result = try sanitizer.sanitize(Array("artifact \(text) uploaded\n".utf8))
        #expect(!result.findings.contains { $0.kind == .jwt })
    }
}
