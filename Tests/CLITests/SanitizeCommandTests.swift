import Foundation
import TestSupport
import Testing

/// `casebook sanitize` run as a user runs it: the built binary, real files, standard input and output.
@Suite struct SanitizeCommandTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("sanitize")

    /// Every `NAME.input` fixture sanitized with the fixed test key gives `NAME.expected`, byte for byte.
    ///
    /// Set `CASEBOOK_UPDATE_GOLDEN=1` to rewrite the expected files (then read the diff before committing).
    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".input") }.sorted())
    func golden(input: String) throws {
        let name = String(input.dropLast(".input".count))
        let key = Self.fixtures.appendingPathComponent("test.key").path
        let outcome = try CasebookProcess.run([
            "sanitize", "--key-file", key, Self.fixtures.appendingPathComponent(input).path,
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let expectedURL = Self.fixtures.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["CASEBOOK_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/sanitize/\(name).expected")
            try outcome.stdout.write(to: source)
            return
        }
        let expected = try Data(contentsOf: expectedURL)
        #expect(outcome.output == String(decoding: expected, as: UTF8.self), "\(name) differs from its golden file")
        // Sanitizing the output again changes nothing.
        let again = try CasebookProcess.run(["sanitize", "--key-file", key, "-"], input: outcome.stdout)
        #expect(again.stdout == outcome.stdout)
    }

    @Test func checkExitsOneWithFindingsAndPrintsNoPayload() throws {
        let outcome = try CasebookProcess.run(["sanitize", "--check"], input: Data("password=Hx7kQ2vLm9Tz\n".utf8))
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("keyed-password"))
        #expect(!outcome.output.contains("Hx7kQ2vLm9Tz"))
        let clean = try CasebookProcess.run(["sanitize", "--check"], input: Data("all good\n".utf8))
        #expect(clean.status == 0)
        #expect(clean.output.isEmpty)
    }

    @Test func explainGoesToStandardErrorWithoutValues() throws {
        let outcome = try CasebookProcess.run(
            ["sanitize", "--explain"], input: Data("{\"password\": \"Hx7kQ2vLm9Tz\", \"email\": \"a.b@corp.io\"}".utf8))
        #expect(outcome.status == 0)
        #expect(outcome.errors.contains("$.password"))
        #expect(outcome.errors.contains("personal/email"))
        #expect(!outcome.errors.contains("Hx7kQ2vLm9Tz") && !outcome.errors.contains("a.b@corp.io"))
    }

    @Test func reportIsJSONWithoutValues() throws {
        let folder = try TemporaryFolder()
        let report = folder.url.appendingPathComponent("report.json")
        let outcome = try CasebookProcess.run(
            ["sanitize", "--report", report.path], input: Data("token=Hx7kQ2vLm9Tz\n".utf8))
        #expect(outcome.status == 0)
        let data = try Data(contentsOf: report)
        #expect(!String(decoding: data, as: UTF8.self).contains("Hx7kQ2vLm9Tz"))
        let document = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        let findings = document?.first?["findings"] as? [[String: Any]]
        #expect(findings?.first?["rule"] as? String == "keyed-access-token")
        let attributes = try FileManager.default.attributesOfItem(atPath: report.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func sameKeyFileSamePseudonyms() throws {
        let folder = try TemporaryFolder()
        let key = folder.url.appendingPathComponent("nested/casebook.key").path
        let input = Data("user=jane.doe@corp.example.com\n".utf8)
        let first = try CasebookProcess.run(["sanitize", "--key-file", key], input: input)
        let second = try CasebookProcess.run(["sanitize", "--key-file", key], input: input)
        #expect(first.status == 0 && first.stdout == second.stdout)
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let fresh = try CasebookProcess.run(["sanitize"], input: input)
        #expect(fresh.stdout != first.stdout)
    }

    @Test(arguments: [
        (["sanitize", "/no/such/file"], "no such file"),
        // Reading /proc/self/mem at offset 0 fails with EIO: a read error, not the end of the input.
        (["sanitize", "/proc/self/mem"], "/proc/self/mem: read failed (Input/output error)"),
        (["sanitize", "--format", "yaml"], "invalid"),
        (["sanitize", "--key-file", "/dev/null"], "key file /dev/null"),
        (["sanitize", "--rules", "/no/such/rules.toml"], "rules /no/such/rules.toml: cannot be read"),
        (["frobnicate"], "Unexpected argument"),
        (["sanitize", "--report", "/no/such/folder/report.json", "/dev/null"], "is not a writable folder"),
    ])
    func usageAndInputErrorsExitTwo(arguments: [String], message: String) throws {
        let outcome = try CasebookProcess.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
        #expect(!outcome.errors.contains("Fatal error") && !outcome.errors.contains("Stack"))
    }

    /// JSON that does not parse under `--format json` or `har` is still sanitized, as text, and the user is told.
    @Test func aFormatThatDoesNotParseIsSaid() throws {
        let input = Data("GET /x?password=Zq8vLr2mTx9wKp4n HTTP/1.1\n".utf8)
        let outcome = try CasebookProcess.run(["sanitize", "--format", "har"], input: input)
        #expect(outcome.status == 0)
        #expect(outcome.errors.contains("not valid JSON"), "\(outcome.errors)")
        #expect(!outcome.output.contains("Zq8vLr2mTx9wKp4n"))
    }

    @Test func jsonOutputIsOneDocument() throws {
        let outcome = try CasebookProcess.run(
            ["sanitize", "--json"], input: Data("{\"token\": \"Hx7kQ2vLm9Tz\"}".utf8))
        let document = try JSONSerialization.jsonObject(with: outcome.stdout) as? [[String: Any]]
        #expect(document?.first?["format"] as? String == "json")
        #expect((document?.first?["output"] as? String)?.contains("Hx7kQ2vLm9Tz") == false)
    }

    @Test func binaryAndEmptyInputNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        // Without `@` or `%`: now and then random bytes hold an email (`6@r.Ib`, `6%40r.Ib`), whose mask
        // (`user-…@example.invalid`) is longer; without bytes that start a UTF-8 character (0xC2-0xF4), which a
        // mask writes as one letter. Every other mask keeps the length.
        let binary = Data(
            (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }.filter {
                $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "%") && !(0xC2...0xF4).contains($0)
            })
        let outcome = try CasebookProcess.run(["sanitize"], input: binary)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.count == binary.count)
        let empty = try CasebookProcess.run(["sanitize"], input: Data())
        #expect(empty.status == 0 && empty.stdout.isEmpty)
    }
}
