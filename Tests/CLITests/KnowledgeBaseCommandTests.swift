import Foundation
import Store
import TestSupport
import Testing

/// The knowledge-base commands run as a user runs them: the built binary, a knowledge base in a temporary folder.
@Suite struct KnowledgeBaseCommandTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("evidence")

    /// Secrets the evidence fixtures are filled with at run time (so no file in the repository holds one).
    static let stripeKey = "sk_live_" + "51HqLyjWDarjtT1zdp7dc" + "Zq9Xk2Lm4Nb6Vc8Rt0Yw"
    static let session = "Zm9vYmFyLXNlc3Npb24t" + "NzM0OTEyODM3NDkxMg"
    static let jwtSignature = "kP3sQ9vX2mT7wL4rY8nB1cF6hJ0dG5aZ" + "uE2iO7pK9sV3xN8qW4tR6yM1lC5bH0"
    static var jwt: String {
        func encode(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let header = encode(#"{"alg":"RS256","typ":"JWT","kid":"k-2026"}"#)
        let claims = encode(
            #"{"iss":"https://login.example.com/","aud":"orders","sub":"u-88412","email":"sam.taylor@mailbox.test","exp":1781860000}"#
        )
        return "\(header).\(claims).\(jwtSignature)"
    }

    /// A fixture with its secret placeholders filled in, written to `folder`.
    static func fixture(_ name: String, in folder: TemporaryFolder) throws -> String {
        var text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        text = text.replacingOccurrences(of: "${STRIPE_KEY}", with: stripeKey)
            .replacingOccurrences(of: "${SESSION}", with: session).replacingOccurrences(of: "${JWT}", with: jwt)
        return try folder.file(name, text).path
    }

    struct KB {
        let folder: TemporaryFolder
        let path: String

        init() throws {
            folder = try TemporaryFolder()
            path = folder.url.appendingPathComponent("data/casebook.sqlite").path
        }

        @discardableResult
        func run(_ arguments: [String], input: Data = Data(), expect status: Int32 = 0) throws
            -> CasebookProcess.Outcome
        {
            let outcome = try CasebookProcess.run(arguments + ["--db", path], input: input)
            #expect(outcome.status == status, "casebook \(arguments.joined(separator: " ")): \(outcome.errors)")
            return outcome
        }

        func bytesOnDisk() throws -> Data {
            var all = Data()
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                all += try Data(contentsOf: folder.appendingPathComponent(file))
            }
            return all
        }
    }

    @Test func anIncidentsWholeLife() throws {
        let kb = try KB()
        let reference = try kb.run([
            "new", "Refunds fail with 401 for some customers", "--service", "orders-api", "--severity", "SEV2",
            "--env", "production", "--started", "2026-06-19T09:12:00Z", "--detected", "2026-06-19T09:20:00Z",
            "--tag", "refunds",
        ]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(reference == "INC-0001")

        let transcript = try kb.run([
            "evidence", "add", reference, try Self.fixture("charge-504.curl-v.txt", in: kb.folder),
        ])
        #expect(transcript.output.contains("bucket: upstream"))
        #expect(transcript.output.contains("playbook: upstream"))
        let har = try kb.run([
            "evidence", "add", reference, try Self.fixture("refund-401.har", in: kb.folder), "--json",
        ])
        let harResult = try JSONSerialization.jsonObject(with: har.stdout) as? [[String: Any]]
        #expect(harResult?.count == 1, "only the failed entry is read")
        #expect(harResult?.first?["bucket"] as? String == "auth")

        try kb.run([
            "cause", reference, "Tokens were signed with the rotated key", "--bucket", "auth", "--mismatch", "config",
            "--at", "2026-06-19T09:45:00Z",
        ])
        try kb.run([
            "fix", reference, "Roll back the signing key", "--kind", "mitigation", "--at", "2026-06-19T10:00:00Z",
        ])
        try kb.run(["fix", reference, "Publish both keys during rotation"])
        #expect(
            try kb.run(["action", reference, "Alert on 401 rate", "--owner", "identity", "--due", "2026-07-01"]).output
                .contains("#1"))
        try kb.run(["action", "done", "1"])
        try kb.run(["resolve", reference, "--at", "2026-06-19T11:02:00Z"])

        let shown = try kb.run(["show", reference]).output
        #expect(shown.contains("status: resolved"))
        #expect(shown.contains("[x] #1 Alert on 401 rate"))
        #expect(shown.contains("POST 127.0.0.1:18765 /v1/orders/{id}/charge -> 504"))

        let search = try kb.run(["search", "rotated key", "--json"])
        let hits = try JSONSerialization.jsonObject(with: search.stdout) as? [[String: Any]]
        #expect(hits?.first?["id"] as? String == reference)
        #expect((hits?.first?["snippet"] as? String)?.contains("[rotated]") == true)
        #expect(try kb.run(["search", "upstream timeout"]).output.contains(reference))
        #expect(try kb.run(["list", "--bucket", "auth"]).output.contains(reference))

        let postmortem = try kb.run(["postmortem", reference]).output
        for section in [
            "## Summary", "## Impact", "## Timeline", "## Trigger", "## Root cause", "## Detection",
            "## Resolution", "## What went well", "## What went badly", "## Action items", "## Evidence",
        ] {
            #expect(postmortem.contains(section), "postmortem lacks \(section)")
        }
        #expect(postmortem.contains("| [x] | Alert on 401 rate | identity | 2026-07-01 |"))
        #expect(postmortem.contains("Detected 8 min after it started."))

        // Export, import into a fresh knowledge base, export again: the same incidents.
        let exported = try kb.run(["export"]).stdout
        let fresh = try KB()
        let imported = try fresh.run(["import", "-"], input: exported)
        #expect(imported.output.contains("1 new"))
        #expect(try fresh.run(["export"]).stdout == exported)
        #expect(
            try fresh.run(["show", reference, "--json"]).stdout == (try kb.run(["show", reference, "--json"])).stdout)
        // Importing again changes nothing.
        #expect(try fresh.run(["import", "-"], input: exported).output.contains("0 new, 1 updated"))
        #expect(try fresh.run(["export"]).stdout == exported)

        // No raw secret or personal value from any input is anywhere in the database files.
        let disk = try kb.bytesOnDisk() + (try fresh.bytesOnDisk())
        for secret in [
            Self.stripeKey, Self.session, Self.jwtSignature, "maria.lopez@mailbox.test",
            "sam.taylor@mailbox.test", "4111 1111 1111 1111", "GB82WEST12345698765432",
        ] {
            #expect(disk.range(of: Data(secret.utf8)) == nil, "a raw value reached the disk")
        }
    }

    /// Each evidence format, with secrets and personal data where that format carries them: none reaches the disk.
    @Test func noRawSecretFromAnyEvidenceFormatReachesTheDisk() throws {
        let kb = try KB()
        try kb.run(["new", "secrets everywhere"])
        let password = "Pa55w0rd-" + "Kx8QzL2v"
        let apiKey = "AKIA" + "QX7Z3B5N2M4K6J8H"
        let email = "dana.kim@" + "mailbox.test"
        let inputs = [
            """
            curl -u admin:\(password) -H 'X-Api-Key: \(Self.stripeKey)' \\
              -d '{"email": "\(email)"}' https://api.example.com/v1/users/7
            """,
            """
            POST /v1/login HTTP/1.1
            Host: api.example.com
            Cookie: session_id=\(Self.session)
            Content-Type: application/json

            {"username": "dana", "password": "\(password)", "email": "\(email)"}

            HTTP/1.1 401 Unauthorized
            Content-Type: application/json

            {"error": "invalid_grant"}
            """,
            """
            2026-06-19T09:12:03Z ERROR login failed for \(email) password=\(password)
            2026-06-19T09:12:04Z ERROR s3 upload failed: AccessDenied aws_access_key_id=\(apiKey)
            java.lang.IllegalStateException: token \(Self.stripeKey) rejected
            \tat com.example.Auth.login(Auth.java:42)
            """,
            """
            {"request": {"method": "GET", "url": "https://api.example.com/v1/me?api_key=\(Self.stripeKey)",
                         "headers": {"Authorization": "Bearer \(Self.jwt)"}},
             "response": {"status": 403, "body": {"user": "\(email)"}},
             "logs": ["password=\(password)"]}
            """,
        ]
        for input in inputs {
            try kb.run(["evidence", "add", "INC-0001", "-"], input: Data(input.utf8))
        }
        #expect(try kb.run(["show", "INC-0001"]).output.components(separatedBy: "\n  #").count == 5)
        let disk = try kb.bytesOnDisk()
        for secret in [password, apiKey, email, Self.stripeKey, Self.session, Self.jwtSignature] {
            #expect(disk.range(of: Data(secret.utf8)) == nil, "a raw value reached the disk")
        }
    }

    @Test func importReportsBadLinesByNumberAndImportsTheRest() throws {
        let kb = try KB()
        let lines = [
            #"{"id": "INC-0100", "title": "first", "root_cause": "a string cause", "fix": "a string fix"}"#,
            #"{"id": "INC-0101", "title": "broken"#,
            #"{"title": "no id, gets one", "report": "summary spelled report", "evidence": {"response": {"status": 503}}}"#,
            "",
            #"{"id": "INC-0102"}"#,
            #"[1, 2, 3]"#,
            #"{"id": "INC-0103", "title": "kept unknown field", "customer_tier": "gold"}"#,
            #"{"title": "too deep", "x": "# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
                + "}",
        ]
        let outcome = try kb.run(["import", "-", "--json"], input: Data(lines.joined(separator: "\n").utf8), expect: 2)
        let report = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        #expect(report["added"] as? Int == 3)
        let skipped = (report["skipped"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }
        #expect(skipped == [2, 5, 6, 8])
        #expect(outcome.errors.contains("line 2 skipped"))
        #expect(outcome.errors.contains("line 8 skipped: nests arrays or objects deeper than 512 levels"))
        // A new number above every reference the batch brings (INC-0100 and INC-0103), so none is taken twice.
        #expect(try kb.run(["show", "INC-0104"]).output.contains("no id, gets one"))
        let kept = try kb.run(["show", "INC-0103", "--json"]).output
        #expect(kept.contains("\"customer_tier\" : \"gold\""))
        let first = try kb.run(["show", "INC-0100", "--json"]).output
        #expect(first.contains("a string cause") && first.contains("a string fix"))
    }

    @Test(arguments: [
        (["show", "INC-4242"], "no incident INC-4242"),
        (["cause", "INC-4242", "x"], "no incident"),
        (["search", "\"unterminated"], "not valid FTS5 syntax"),
        (["search", "AND"], "not valid FTS5 syntax"),
        (["action", "done", "7"], "no action #7"),
        (["import", "/proc/self/mem"], "/proc/self/mem: read failed (Input/output error)"),
        (["evidence", "add", "INC-0001", "/proc/self/mem"], "/proc/self/mem: read failed (Input/output error)"),
    ])
    func badInputGetsAOneLineErrorAndExitTwo(arguments: [String], message: String) throws {
        let kb = try KB()
        try kb.run(["new", "an incident"])
        let outcome = try kb.run(arguments, expect: 2)
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
        #expect(outcome.errors.split(separator: "\n").count == 1)
        #expect(outcome.stdout.isEmpty, "nothing is reported done: \(outcome.output)")
    }

    /// Every option that takes a domain value is read as that type: a bad value is argument-parser's own error,
    /// naming the option and listing the valid values, and nothing is run.
    @Test(arguments: [
        (
            ["list", "--bucket", "weather"],
            "'--bucket <bucket>'. Please provide one of 'client', 'auth', 'rate_limit', 'upstream' or 'server'."
        ),
        (["stats", "--bucket", "weather"], "'--bucket <bucket>'. Please provide one of 'client'"),
        (["cause", "INC-0001", "x", "--bucket", "dns"], "'--bucket <bucket>'. Please provide one of 'client'"),
        (
            ["cause", "INC-0001", "x", "--mismatch", "weather"],
            "'--mismatch <mismatch>'. Please provide one of the following:\n  - configuration\n  - networking\n  - auth\n  - data\n  - dependencies\n  - runtime\n  - scale"
        ),
        (
            ["list", "--status", "closed"],
            "'--status <status>'. Please provide one of 'open', 'mitigated' or 'resolved'."
        ),
        (["search", "x", "--status", "closed"], "'--status <status>'. Please provide one of 'open'"),
        (
            ["new", "x", "--severity", "critical"],
            "'--severity <severity>'. Please provide one of 'SEV1', 'SEV2', 'SEV3', 'SEV4' or 'SEV5'."
        ),
        (
            ["fix", "INC-0001", "x", "--kind", "temporary"],
            "'--kind <kind>'. Please provide one of 'mitigation' and 'permanent'."
        ),
        (
            ["evidence", "add", "INC-0001", "--format", "yaml"],
            "'--format <format>'. Please provide one of the following:"
        ),
        (["new", "x", "--started", "yesterday"], "The value 'yesterday' is invalid for '--started <time>'"),
        (["new", "x", "--detected", "2026-13-01"], "The value '2026-13-01' is invalid for '--detected <time>'"),
        (["cause", "INC-0001", "x", "--at", "noon"], "The value 'noon' is invalid for '--at <time>'"),
        (["fix", "INC-0001", "x", "--at", "noon"], "The value 'noon' is invalid for '--at <time>'"),
        (["resolve", "INC-0001", "--at", "noon"], "The value 'noon' is invalid for '--at <time>'"),
        (["action", "INC-0001", "x", "--due", "next week"], "The value 'next week' is invalid for '--due <date>'"),
        (["list", "--since", "last month"], "The value 'last month' is invalid for '--since <date>'"),
        (["action", "done", "abc"], "The value 'abc' is invalid for '<id>'"),
    ])
    func aBadValueIsRefusedWithTheValidOnes(arguments: [String], message: String) throws {
        let kb = try KB()
        try kb.run(["new", "an incident"])
        let outcome = try kb.run(arguments, expect: 2)
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
        #expect(outcome.stdout.isEmpty)
        #expect(try kb.run(["list", "--json"]).output.components(separatedBy: "\"id\"").count == 2)
    }

    /// Values are read as people write them, and `--help` lists the valid ones.
    @Test func typedOptionsAcceptLooseSpellingsAndListTheirValues() throws {
        let kb = try KB()
        let reference = try kb.run(["new", "throttled", "--severity", "sev-2", "--started", "2026-06-19 09:12"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try kb.run(["cause", reference, "the limiter", "--bucket", "Rate-Limit", "--mismatch", "config"])
        try kb.run(["action", reference, "raise the limit", "--due", "2026-07-01T12:00:00Z"])
        let shown = try kb.run(["show", reference, "--json"]).output
        #expect(shown.contains("\"severity\" : \"SEV2\""), "\(shown)")
        #expect(shown.contains("\"bucket\" : \"rate_limit\""), "\(shown)")
        #expect(shown.contains("\"mismatch_category\" : \"configuration\""), "\(shown)")
        #expect(shown.contains("\"due\" : \"2026-07-01\""), "\(shown)")
        #expect(try kb.run(["list", "--status", "Open", "--bucket", "rate_limit"]).output.contains(reference))
        let help = try kb.run(["cause", "--help"]).output
        #expect(help.contains("(values: client, auth, rate_limit, upstream, server)"), "\(help)")
        let listHelp = try kb.run(["list", "--help"]).output.split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
        #expect(listHelp.contains("(values: open, mitigated, resolved)"), "\(listHelp)")
    }

    @Test func badEvidenceGetsAOneLineErrorAndStoresNothing() throws {
        let kb = try KB()
        try kb.run(["new", "an incident"])
        let inputs: [(Data, String)] = [
            (Data(#"{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": []}}"#.utf8), "no entries"),
            (Data([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x13, 0x00, 0x88] + Array(repeating: 0, count: 64)), "binary"),
            (Data(), "empty"),
        ]
        for (input, message) in inputs {
            let outcome = try kb.run(["evidence", "add", "INC-0001", "-"], input: input, expect: 2)
            #expect(outcome.errors.lowercased().contains(message), "\(outcome.errors)")
        }
        #expect(!(try kb.run(["show", "INC-0001"]).output.contains("Evidence:")))
    }

    @Test func templateIsAnEmptyPackThatReadsBack() throws {
        let outcome = try CasebookProcess.run(["evidence", "template"])
        #expect(outcome.status == 0)
        let template = outcome.stdout
        let object = try #require(try JSONSerialization.jsonObject(with: template) as? [String: Any])
        for key in [
            "request", "response", "timing", "environment", "logs", "stack_trace", "user_journey_step", "impact",
        ] {
            #expect(object[key] != nil, "template lacks \(key)")
        }
    }

    @Test func anImportKilledPartWayLeavesWholeBatchesAndAnIntactDatabase() throws {
        let kb = try KB()
        var corpus = ""
        for number in 1...20_000 {
            corpus +=
                #"{"id": "INC-\#(number)", "title": "incident \#(number) connection refused", "service": "svc-\#(number % 7)", "root_cause": {"text": "cause \#(number)", "bucket": "upstream"}, "evidence": {"response": {"status": 502}, "logs": ["ERROR dial tcp: connection refused"]}}"#
            corpus += "\n"
        }
        let file = try kb.folder.file("corpus.jsonl", corpus)
        try kb.run(["new", "stored before the import"])
        let process = Process()
        process.executableURL = CasebookProcess.binary
        process.arguments = ["import", file.path, "--batch-size", "500", "--db", kb.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Let it commit some batches, then kill it without warning.
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let base = try KnowledgeBase(path: kb.path)
        #expect(try base.integrityCheck() == ["ok"])
        let imported = try base.count() - 1
        #expect(imported % 500 == 0, "a batch was half stored: \(imported) incidents")
        #expect(imported < 20_000, "the import finished before it was killed; the test proves nothing")
        #expect(try base.incident("INC-0001").title == "stored before the import")
    }

    @Test func twoProcessesWritingAtOnceLoseNothing() throws {
        let kb = try KB()
        try kb.run(["new", "first"])
        var files: [URL] = []
        for writer in 0..<2 {
            let lines = (1...1_500).map {
                #"{"id": "W\#(writer)-\#($0)", "title": "writer \#(writer) incident \#($0)"}"#
            }
            files.append(try kb.folder.file("w\(writer).jsonl", lines.joined(separator: "\n")))
        }
        let processes = try files.map { file in
            let process = Process()
            process.executableURL = CasebookProcess.binary
            process.arguments = ["import", file.path, "--batch-size", "50", "--db", kb.path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        // Meanwhile, single writes from this side too.
        for i in 0..<20 { try kb.run(["new", "interleaved \(i)"]) }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let base = try KnowledgeBase(path: kb.path)
        #expect(try base.count() == 1 + 3_000 + 20)
    }
}
