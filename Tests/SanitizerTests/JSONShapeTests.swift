import Foundation
import Testing

@testable import Sanitizer

/// JSON stays JSON: same keys, same value types, every byte outside a masked value unchanged.
@Suite struct JSONShapeTests {
    /// The document's shape: each key path with its value's type.
    static func shape(_ json: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        var shape: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            switch value {
            case let dictionary as [String: Any]:
                shape[path] = "object"
                for (key, child) in dictionary { walk(child, path + "." + key) }
            case let array as [Any]:
                shape[path] = "array"
                for (index, child) in array.enumerated() { walk(child, "\(path)[\(index)]") }
            case let number as NSNumber:
                // Foundation on Linux answers booleans as NSNumber too; their objCType is "c".
                shape[path] = String(cString: number.objCType) == "c" ? "bool" : "number"
            case is String: shape[path] = "string"
            default: shape[path] = "null"
            }
        }
        walk(object, "$")
        return shape
    }

    static let document = """
        {
          "request": {"method": "POST", "url": "https://api.example.com/v1/login?api_key=Kx9vQ2mLr7TzW4pN&lang=en",
            "headers": {"Authorization": "Bearer Zr5tY8uI1oP4aS7dF0gH", "Content-Type": "application/json"},
            "body": {"username": "ada.lovelace", "password": "correct horse battery staple", "otp": 482913,
                     "remember": true, "profile": null, "age": 36}},
          "response": {"status": 401, "error_code": "INVALID_CREDENTIALS",
                       "body": "{\\"error\\":\\"bad password\\",\\"email\\":\\"ada@analytical.engine.org\\"}"},
          "user": {"name": "Ada Lovelace", "phone": "+44 20 7946 0018", "dob": "1815-12-10"},
          "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "latency_ms": 31000, "escaped\\"key": "x",
          "unicode": "caf\\u00e9 \\ud83d\\ude00", "list": [1, 2.5e3, -0, "x"]
        }
        """

    @Test func keepsKeysAndTypes() throws {
        let (text, findings) = try sanitize(Self.document)
        #expect(try Self.shape(text) == Self.shape(Self.document))
        for secret in [
            "Kx9vQ2mLr7TzW4pN", "Zr5tY8uI1oP4aS7dF0gH", "correct horse battery staple", "482913",
            "ada@analytical.engine.org", "Ada Lovelace", "ada.lovelace", "7946 0018", "1815-12-10",
        ] {
            #expect(!text.contains(secret), "\(secret) survived")
        }
        for kept in [
            "4bf92f3577b34da6a3ce929d0e0e4736", "\"latency_ms\": 31000", "INVALID_CREDENTIALS",
            "\"status\": 401", "\"remember\": true", "\"profile\": null", "\"age\": 36", "lang=en",
            "application/json", "caf\\u00e9 \\ud83d\\ude00",
        ] {
            #expect(text.contains(kept), "\(kept) changed")
        }
        #expect(findings.contains { $0.path == "$.request.body.password" })
    }

    @Test func everyUnmaskedByteIsUnchanged() throws {
        let result = try sanitizer.sanitize(Array(Self.document.utf8))
        let inputLines = Self.document.split(separator: "\n", omittingEmptySubsequences: false)
        let outputLines = String(decoding: result.output, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(inputLines.count == outputLines.count)
        let firstMaskedColumn = Dictionary(result.findings.map { ($0.line, $0.column) }, uniquingKeysWith: min)
        for (index, (before, after)) in zip(inputLines, outputLines).enumerated() {
            guard let column = firstMaskedColumn[index + 1] else {
                #expect(before == after, "line \(index + 1) changed without a finding")
                continue
            }
            // Up to the first masked value, the line is byte for byte what it was.
            #expect(Array(before.utf8).prefix(column - 1) == Array(after.utf8).prefix(column - 1))
        }
        #expect(result.findings.count >= 9)
    }

    @Test func jsonLinesEachLineStaysJSON() throws {
        let lines = (0..<20).map {
            #"{"i": \#($0), "email": "user\#($0)@corp.example.com", "token": "Tk\#($0)x9Qz2LmP7vRw"}"#
        }
        let (text, _) = try sanitize(lines.joined(separator: "\n") + "\n")
        let outLines = text.split(separator: "\n")
        #expect(outLines.count == 20)
        for (index, line) in outLines.enumerated() {
            #expect(try Self.shape(String(line)) == Self.shape(lines[index]))
            #expect(!line.contains("@corp.example.com"))
            #expect(line.contains("\"i\": \(index)"))
        }
    }

    @Test func harPairsUseTheirNameAndBase64BodiesAreLookedInto() throws {
        let body = Data(#"{"refresh_token":"Rf9xLq2Zm8Vw3Tn7Kp4s","ok":true}"#.utf8).base64EncodedString()
        let har = """
            {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [{
              "request": {"method": "GET", "url": "https://api.example.com/x",
                "headers": [{"name": "X-Api-Key", "value": "Hk3nB8vQ1zX6cW9m"}, {"name": "Accept", "value": "*/*"}],
                "cookies": [{"name": "sid", "value": "Sd7fG2hJ9kL4zX1cV6bN", "httpOnly": true}],
                "queryString": [{"name": "access_token", "value": "Qa5sD8fG1hJ4kL7z"}]},
              "response": {"status": 200, "content": {"mimeType": "application/json", "encoding": "base64",
                "text": "\(body)"}}}]}}
            """
        let (text, _) = try sanitize(har)
        #expect(try Self.shape(text) == Self.shape(har))
        for secret in ["Hk3nB8vQ1zX6cW9m", "Sd7fG2hJ9kL4zX1cV6bN", "Qa5sD8fG1hJ4kL7z", body] {
            #expect(!text.contains(secret))
        }
        #expect(text.contains(#"{"name": "Accept", "value": "*/*"}"#))
        // The body still decodes, to JSON with the token masked.
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let entries = (object?["log"] as? [String: Any])?["entries"] as? [[String: Any]]
        let content = (entries?.first?["response"] as? [String: Any])?["content"] as? [String: Any]
        let encoded = try #require(content?["text"] as? String)
        let decoded = try #require(Data(base64Encoded: encoded))
        let inner = String(decoding: decoded, as: UTF8.self)
        #expect(inner.hasPrefix(#"{"refresh_token":""#) && inner.hasSuffix(#"","ok":true}"#))
        #expect(!inner.contains("Rf9xLq2Zm8Vw3Tn7Kp4s"))
    }

    /// A HAR cookie is masked as it would be in a header, whatever its name; a byte order mark before the
    /// document (Windows tools write one) does not turn it into text.
    @Test func harCookiesByTheirValueAndAByteOrderMark() throws {
        let har = """
            \u{FEFF}{"log": {"version": "1.2", "entries": [{"request": {"cookies": [
              {"name": "lang", "value": "en"}, {"name": "__Secure-xsc", "value": "PP93-DaXhjEeaqWPYYd_PHXCVrTFDWaX"}]},
              "response": {"content": {"encoding": "base64", "text": "eyJlbWFpbCI6ImVyaW5Ad2Fsc2guaW8ifQ=="}}}]}}
            """
        let result = try sanitizer.sanitize(Array(har.utf8))
        let text = String(decoding: result.output, as: UTF8.self)
        #expect(result.format == .har)
        #expect(text.hasPrefix("\u{FEFF}"))
        #expect(
            !text.contains("PP93-DaXhjEeaqWPYYd_PHXCVrTFDWaX") && !text.contains("eyJlbWFpbCI6ImVyaW5Ad2Fsc2guaW8ifQ"))
        #expect(text.contains(#"{"name": "lang", "value": "en"}"#))
        #expect(try Self.shape(String(text.dropFirst())) == Self.shape(String(har.dropFirst())))
    }

    /// Pretty-printed documents put several members on a line; numbers under personal keys stay numbers; an
    /// escaped quote inside a secret is part of it. Each stays valid JSON with the same shape, and masked.
    @Test(arguments: [
        "{\n\"phone\": 4155552671, \"a\": 1\n}",
        "{\n\"dob\": 19850714, \"a\": 1\n}",
        "{\n\"ssn\": 123456789, \"a\": 1, \"b\": [2]\n}",
        "{\n\"password\": null, \"a\": 1\n}",
        #"{"password": "ab\"cdefghijklmnopq", "b": "c\\defghijklmnopqrst"}"#,
        #"{"secret": "x\\y\"zQ7vLm2Tz9", "token": "q\\\"Kx9vQ2mLr7TzW"}"#,
    ])
    func membersOnOneLineAndEscapesKeepTheShape(json: String) throws {
        let (text, _) = try sanitize(json)
        #expect(try Self.shape(text) == Self.shape(json), "\(text)")
        #expect(text.contains("\"a\": 1") == json.contains("\"a\": 1"))
        for secret in ["4155552671", "19850714", "123456789", "cdefghijklmnopq", "zQ7vLm2Tz9", "Kx9vQ2mLr7TzW"] {
            #expect(!text.contains(secret))
        }
        let (again, _) = try sanitize(text)
        #expect(again == text)
    }

    /// A sensitive value used as a map's key shows in a finding's path as the output shows it: masked.
    @Test func pathsShowKeysMasked() throws {
        let json =
            #"{"by_ssn": {"078-05-1120": {"email": "ann@corp.io"}}, "by_ip": {"81.2.69.142": {"token": "Kq8Lm2Vt9Rw3Yp7Nc1Jd4"}}}"#
        let (text, findings) = try sanitize(json)
        let paths = findings.compactMap(\.path)
        #expect(paths.count >= 2)
        for path in paths {
            #expect(!path.contains("078-05-1120") && !path.contains("81.2.69.142"), "\(path)")
            if path.hasPrefix("$.by_") { #expect(text.contains(path.split(separator: "\"")[1]), "\(path)") }
        }
    }

    /// A `name` is a person's when its object is a person (whatever its case), a thing's when its object is a
    /// thing; otherwise a capitalized two to four words are a person's name.
    @Test func aNameIsJudgedByItsObject() throws {
        let json = #"""
            {"customer": {"name": "jane doe"}, "users": [{"name": "JANE DOE"}], "recipient": "Mary Ann van der Berg",
             "product": {"name": "Blue Widget"}, "step": {"name": "Build And Test"}, "name": "Ada Lovelace"}
            """#
        let (text, _) = try sanitize(json)
        for name in ["jane doe", "JANE DOE", "Mary Ann", "Ada Lovelace"] { #expect(!text.contains(name), "\(text)") }
        for kept in ["Blue Widget", "Build And Test"] { #expect(text.contains(kept), "\(text)") }
        #expect(try Self.shape(text) == Self.shape(json))
    }

    @Test func truncatedJSONIsStillScannedAsText() throws {
        let (text, _) = try sanitize(#"{"password": "Tr0ub4dor&3xyzw", "email": "someone@corp.example.com", "#)
        #expect(!text.contains("Tr0ub4dor"))
        #expect(!text.contains("someone@corp.example.com"))
    }

    /// A HAR cut off anywhere is read as far as it goes: its values keep their keys' context, and a base64 body
    /// before the cut is still decoded and looked into.
    @Test func truncatedHARKeepsItsContext() throws {
        let body = Data(#"{"email":"erin@walsh.io","given_name":"Erin Walsh"}"#.utf8).base64EncodedString()
        let har = """
            {"log": {"version": "1.2", "entries": [
              {"request": {"headers": [{"name": "X-Api-Key", "value": "Hk3nB8vQ1zX6cW9m"}],
                "postData": {"params": [{"name": "name", "value": "Erin Walsh"}]}},
               "response": {"content": {"encoding": "base64", "text": "\(body)"}}},
              {"request": {"headers": [{"name": "Authorization", "value": "Bearer Tk8mW3xQ9zL2vB7nQr5s"}]}}]}}
            """
        let cut = har.firstRange(of: "Tk8mW3xQ9zL2")!.upperBound
        for end in [
            har.index(cut, offsetBy: -4), cut, har.index(cut, offsetBy: 12), har.index(har.endIndex, offsetBy: -3),
        ] {
            let input = String(har[..<end])
            let result = try sanitizer.sanitize(Array(input.utf8))
            let text = String(decoding: result.output, as: UTF8.self)
            #expect(result.format == .har)
            #expect(!text.contains(body) && !text.contains("Hk3nB8vQ1zX6cW9m") && !text.contains("Erin"), "\(text)")
            #expect(!text.contains("Tk8mW3xQ9zL2"), "\(text)")
            #expect(result.findings.contains { $0.path == "$.log.entries[0].response.content.text" })
        }
    }
}

/// PEM private keys, multi-line or with `\n` escapes.
@Suite struct PrivateKeyTests {
    static let body = (0..<6).map {
        fake("", 64, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "\($0)"
    }

    @Test(arguments: [
        "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
    ])
    func multiLine(label: String) throws {
        let pem = "-----BEGIN \(label)-----\n" + Self.body.joined(separator: "\n") + "\n-----END \(label)-----\n"
        let (text, _) = try sanitize("key file:\n" + pem + "done\n")
        #expect(text.contains("-----BEGIN \(label)-----\n"))
        #expect(text.contains("-----END \(label)-----\ndone\n"))
        for line in Self.body { #expect(!text.contains(line)) }
        #expect(text.utf8.count == ("key file:\n" + pem + "done\n").utf8.count)
    }

    @Test func escapedInJSON() throws {
        let pem =
            "-----BEGIN PRIVATE KEY-----\\n" + Self.body.joined(separator: "\\n") + "\\n-----END PRIVATE KEY-----\\n"
        let json =
            #"{"type": "service_account", "private_key": "\#(pem)", "client_email": "svc@proj.iam.gserviceaccount.com"}"#
        let (text, _) = try sanitize(json)
        for line in Self.body { #expect(!text.contains(line)) }
        #expect(text.contains(#""private_key": "-----BEGIN PRIVATE KEY-----\n"#))
        #expect(try JSONShapeTests.shape(text) == JSONShapeTests.shape(json))
    }

    @Test func certificatesStay() throws {
        let pem = "-----BEGIN CERTIFICATE-----\n" + Self.body.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
        let (text, _) = try sanitize(pem)
        #expect(text == pem)
    }
}
