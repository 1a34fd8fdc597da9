import Foundation
import Store
import TestSupport
import Testing

/// `suggest`, `playbook` and `eval` through the built binary.
@Suite struct MatchCommandTests {
    typealias KB = KnowledgeBaseCommandTests.KB

    /// Three past incidents: two of the same DNS failure (one resolved with its cause and fix, with an open
    /// action) and an unrelated 415.
    static let history = [
        #"{"id": "INC-0101", "title": "Orders fail: inventory host not found", "status": "resolved", "evidence": {"request": {"method": "GET", "url": "https://api.shop.example.com/v2/orders/881"}, "response": {"status": 502, "body": {"error": "BAD_GATEWAY", "message": "dial tcp: lookup inventory.svc.cluster.local: no such host"}}, "logs": ["ERROR inventory client: dial tcp: lookup inventory.svc.cluster.local on 10.96.0.10:53: no such host"]}, "root_cause": {"text": "The inventory service was renamed and its DNS name went away", "bucket": "upstream", "mismatch_category": "networking"}, "fix": {"text": "Point INVENTORY_URL at the new service name", "kind": "permanent"}, "actions": [{"text": "Add a DNS check to the readiness probe", "owner": "platform", "done": false}]}"#,
        #"{"id": "INC-0102", "title": "502 on order lookups", "evidence": {"request": {"method": "GET", "url": "https://api.shop.example.com/v2/orders/17"}, "response": {"status": 502, "body": {"error": "BAD_GATEWAY", "message": "dial tcp: lookup inventory.svc.cluster.local: no such host"}}}, "root_cause": {"text": "DNS name of inventory missing after the migration", "bucket": "upstream", "mismatch_category": "networking"}}"#,
        #"{"id": "INC-0103", "title": "Checkout returns 415", "evidence": {"request": {"method": "POST", "url": "https://api.shop.example.com/v2/checkout", "headers": {"Content-Type": "text/plain"}}, "response": {"status": 415, "body": {"error": "UNSUPPORTED_MEDIA_TYPE", "message": "expected application/json"}}}, "root_cause": {"text": "The SDK sends text/plain", "bucket": "client", "mismatch_category": "dependencies"}}"#,
    ].joined(separator: "\n")

    static let newFailure = """
        $ curl -sv https://api.shop.example.com/v2/orders/4242
        > GET /v2/orders/4242 HTTP/1.1
        > Host: api.shop.example.com
        >
        < HTTP/1.1 502 Bad Gateway
        < content-type: application/json
        <
        {"error": "BAD_GATEWAY", "message": "dial tcp: lookup inventory.svc.cluster.local: no such host"}
        """

    @Test func suggestNamesTheBucketTheCategoryAndTheSameFailureWithWhy() throws {
        let kb = try KB()
        try kb.run(["import", "-"], input: Data(Self.history.utf8))
        let text = try kb.run(["suggest", "-"], input: Data(Self.newFailure.utf8)).output
        #expect(text.hasPrefix("GET api.shop.example.com /v2/orders/{id} -> 502 BAD_GATEWAY\n"), "\(text)")
        #expect(text.contains("bucket: upstream"), "\(text)")
        #expect(text.contains("mismatch: networking"), "\(text)")
        #expect(text.contains("seen before in 2 incident(s)"), "\(text)")
        #expect(text.contains("similar:\n  INC-010"), "\(text)")
        #expect(text.contains("same error signature `dial tcp: lookup <host> no such host`"), "\(text)")
        #expect(text.contains("root cause: The inventory service was renamed"), "\(text)")
        #expect(text.contains("open action #1: Add a DNS check to the readiness probe"), "\(text)")
        #expect(!text.contains("INC-0103"), "\(text)")

        let json = try kb.run(["suggest", "--json", "-"], input: Data(Self.newFailure.utf8)).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["bucket"] as? String == "upstream")
        #expect(object["mismatch_category"] as? String == "networking")
        #expect(object["playbook"] as? String == "upstream")
        let similar = try #require(object["similar"] as? [[String: Any]])
        #expect(Set(similar.prefix(2).compactMap { $0["id"] as? String }) == ["INC-0101", "INC-0102"])
        #expect((similar.first?["why"] as? [String])?.isEmpty == false)
        #expect((similar.first?["score"] as? Double).map { $0 > 0 && $0 <= 1 } == true)
        // Nothing was stored.
        #expect(try kb.run(["list", "--json"]).output.components(separatedBy: "\"id\"").count == 4)
    }

    static let suggestFixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("suggest")

    /// Each `NAME.input` (a pack of the evaluation set's family NAME, held out) suggested against `history.jsonl`
    /// (the same families' other incidents, and four others) gives `NAME.expected`, byte for byte, but for today's
    /// date. Set `CASEBOOK_UPDATE_GOLDEN=1` to rewrite the expected files (then read the diff before committing).
    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(atPath: suggestFixtures.path)
            .filter { $0.hasSuffix(".input") }.sorted())
    func golden(input: String) throws {
        let name = String(input.dropLast(".input".count))
        let kb = try KB()
        try kb.run(["import", Self.suggestFixtures.appendingPathComponent("history.jsonl").path])
        let outcome = try kb.run(["suggest", Self.suggestFixtures.appendingPathComponent(input).path])
        let today = Timestamp(Date()).day
        let output = outcome.output.replacingOccurrences(of: today, with: "<today>")
        if ProcessInfo.processInfo.environment["CASEBOOK_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/suggest/\(name).expected")
            try Data(output.utf8).write(to: source)
            return
        }
        let expected = try String(
            contentsOf: Self.suggestFixtures.appendingPathComponent(name + ".expected"), encoding: .utf8)
        #expect(output == expected, "\(name) differs from its golden file")
        // An incident of the same family is among the first three.
        let history = try String(
            contentsOf: Self.suggestFixtures.appendingPathComponent("history.jsonl"), encoding: .utf8)
        let family = Set(
            history.split(separator: "\n").filter { $0.contains("\"family\": \"\(name)\"") }.compactMap { line in
                line.range(of: #""id": "EV-\d+""#, options: .regularExpression).map {
                    String(line[$0].dropFirst(7).dropLast())
                }
            })
        let firstThree = output.split(separator: "\n").filter { $0.hasPrefix("  EV-") }.prefix(3).map {
            String($0.dropFirst(2).prefix(7))
        }
        #expect(!family.isDisjoint(with: firstThree), "\(name): \(firstThree) \(family)")
    }

    /// `show` lists the incidents that failed the same way, and warns about their open actions.
    @Test func showListsRelatedIncidentsAndTheirOpenActions() throws {
        let kb = try KB()
        try kb.run(["import", "-"], input: Data(Self.history.utf8))
        let text = try kb.run(["show", "INC-0102"]).output
        #expect(text.contains("Related past incidents:\n  INC-0101  "), "\(text)")
        #expect(
            text.contains(
                "warning: INC-0101 failed the same way (same error signature `dial tcp: lookup <host> no such host`); "
                    + "its action #1 'Add a DNS check to the readiness probe' is still open"), "\(text)")
        #expect(!text.contains("INC-0103"), "\(text)")
        #expect(!(try kb.run(["show", "INC-0103"]).output.contains("Related past incidents")))
    }

    /// On an empty knowledge base the rules alone answer, and say there is nothing similar.
    @Test func suggestOnAnEmptyKnowledgeBase() throws {
        let kb = try KB()
        let text = try kb.run(["suggest", "-"], input: Data(Self.newFailure.utf8)).output
        #expect(text.contains("bucket: upstream"), "\(text)")
        #expect(text.contains("similar: none in this knowledge base"), "\(text)")
    }

    /// A pack that names no failure gets no bucket from weak likenesses: the verdict is "unknown", with the reason.
    @Test func aPackThatNamesNoFailureIsUnknown() throws {
        let kb = try KB()
        try kb.run(["import", "-"], input: Data(Self.history.utf8))
        let text = try kb.run(["suggest", "-"], input: Data(#"{"notes": ["it works on my laptop"]}"#.utf8)).output
        #expect(text.contains("bucket: unknown (no status, failure or error text to judge by)"), "\(text)")
    }

    @Test(arguments: [
        (Data(), "empty"),
        (Data([0x00, 0x01, 0x02, 0xFF] + Array(repeating: 0, count: 64)), "binary"),
    ])
    func suggestRefusesWhatHoldsNoEvidence(input: Data, message: String) throws {
        let kb = try KB()
        let outcome = try kb.run(["suggest", "-"], input: input, expect: 2)
        #expect(outcome.errors.lowercased().contains(message), "\(outcome.errors)")
        #expect(outcome.errors.split(separator: "\n").count == 1)
    }

    @Test func playbooksAreListedAndShown() throws {
        let list = try CasebookProcess.run(["playbook", "list"])
        #expect(list.status == 0)
        for name in ["client", "auth", "rate_limit", "upstream", "server", "configuration", "auth-mismatch", "scale"] {
            #expect(list.output.contains("\n\(name) ") || list.output.hasPrefix("\(name) "), "\(name)")
        }
        let shown = try CasebookProcess.run(["playbook", "show", "upstream"])
        #expect(shown.status == 0)
        #expect(shown.output.hasPrefix("# "))
        #expect(shown.output.contains("## Fastest confirming check"))
        #expect(!shown.output.contains("+++"))
        let json = try CasebookProcess.run(["playbook", "show", "upstream", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["subject"] as? String == "upstream")
        let missing = try CasebookProcess.run(["playbook", "show", "weather"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no playbook named weather; the playbooks are client, auth"))
    }

    /// A bad playbook of the user's is a one-line error naming its file and line, for every command that
    /// classifies.
    @Test func aBadUserPlaybookIsAClearError() throws {
        let folder = try TemporaryFolder()
        _ = try folder.file("casebook/playbooks/dns.md", "+++\nname = \"dns\"\nkind = \"nope\"\n+++\n")
        let outcome = try CasebookProcess.run(
            ["suggest", "-"], input: Data(Self.newFailure.utf8), environment: ["XDG_CONFIG_HOME": folder.url.path])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("dns.md:3: kind must be"), "\(outcome.errors)")
    }

    @Test func evalReportsAccuracyAndRankingBesideBM25() throws {
        let kb = try KB()
        try kb.run(["import", "-"], input: Data(Self.history.utf8))
        let text = try kb.run(["eval"]).output
        #expect(text.contains("Leave-one-out over 3 incident(s) with a confirmed bucket"), "\(text)")
        #expect(text.contains("plain BM25"), "\(text)")
        let json = try kb.run(["eval", "--json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["incidents"] as? Int == 3)
        let matcher = try #require(object["matcher"] as? [String: Any])
        // INC-0101 and INC-0102 find each other; INC-0103 has nothing of its kind.
        #expect(matcher["queries"] as? Int == 2)
        #expect(matcher["hit_at_1"] as? Double == 1)
    }
}
