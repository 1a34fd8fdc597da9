import Foundation
import TestSupport
import Testing

@testable import Evidence

@Suite struct PlaybookTests {
    /// Every built-in file loads, and there is one playbook per bucket and one per mismatch category, each with the
    /// sections an engineer opens it for.
    @Test func theBuiltInPlaybooksCoverEveryBucketAndCategory() throws {
        let files = PlaybookLibrary.builtInFiles
        for file in files {
            _ = try Playbook.read(markdown: String(decoding: file.bytes, as: UTF8.self), source: file.name)
        }
        let library = PlaybookLibrary.builtIn
        #expect(library.playbooks.count == files.count)
        #expect(
            Set(library.playbooks.compactMap { if case .bucket(let b) = $0.subject { b } else { nil } })
                == Set(TriageBucket.allCases))
        #expect(
            Set(library.playbooks.compactMap { if case .mismatch(let c) = $0.subject { c } else { nil } })
                == Set(MismatchCategory.allCases))
        for playbook in library.playbooks {
            #expect(!playbook.signals.isEmpty, "\(playbook.name)")
            for section in ["## Fastest confirming check", "## Capture first", "## Checklist", "## Verify the fix"] {
                #expect(playbook.body.contains(section), "\(playbook.name) lacks \(section)")
            }
            #expect(!playbook.body.contains("+++"), "\(playbook.name)")
        }
        #expect(library.playbook(named: "RATE-LIMIT")?.subject == .bucket(.rateLimit))
        #expect(PlaybookLibrary.playbookName(for: .mismatch(.auth)) == "auth-mismatch")
    }

    static let minimal = """
        +++
        name = "dns"
        kind = "mismatch"
        category = "networking"
        title = "DNS"
        summary = "Names that resolve on a laptop and not in the cluster."

        [[signal]]
        text = ["No Such Host"]
        weight = 3
        +++
        # DNS
        """

    @Test func aPlaybookIsReadFromItsFrontMatter() throws {
        let playbook = try Playbook.read(markdown: Self.minimal, source: "dns.md")
        #expect(playbook.name == "dns")
        #expect(playbook.subject == .mismatch(.networking))
        #expect(playbook.signals == [Signal(test: .text(["no such host"]), weight: 3, line: 8)])
        #expect(playbook.body == "# DNS")
    }

    /// Each mistake is named with the file and the line to fix, and what to write instead.
    @Test(arguments: [
        ("# no front matter", "dns.md:1: no front matter"),
        ("+++\nname = \"x\"\n", "dns.md:1: the front matter has no closing `+++` line"),
        ("+++\nname = \"x\n+++\n", "dns.md:2:"),
        (minimal.replacingOccurrences(of: "kind = \"mismatch\"", with: "kind = \"other\""), "dns.md:3: kind must be"),
        (minimal.replacingOccurrences(of: "\"networking\"", with: "\"weather\""), "dns.md:4: category must be one of"),
        (
            minimal.replacingOccurrences(of: "weight = 3", with: "weight = 3\nstatus = [502]"),
            "dns.md:8: a signal needs exactly one of"
        ),
        (
            minimal.replacingOccurrences(of: "weight = 3", with: "weight = \"high\""),
            "dns.md:10: weight must be a number"
        ),
        (minimal.replacingOccurrences(of: "weight = 3", with: ""), "dns.md:8: a signal needs a weight"),
        (
            minimal.replacingOccurrences(of: "text = [\"No Such Host\"]", with: "status = [42]"),
            "dns.md:9: status must be a list of HTTP status codes"
        ),
        (minimal.replacingOccurrences(of: "title = \"DNS\"\n", with: ""), "dns.md: `title` is missing"),
    ])
    func aBadPlaybookIsAClearError(markdown: String, message: String) {
        let error = #expect(throws: PlaybookError.self) { try Playbook.read(markdown: markdown, source: "dns.md") }
        #expect(error?.description.contains("playbook " + message) == true, "\(error?.description ?? "")")
    }

    /// The user's folder adds playbooks and replaces a built-in one of the same name; a bad file there stops with
    /// its path and line.
    @Test func theUsersPlaybooksAddToAndReplaceTheBuiltInOnes() throws {
        let folder = try TemporaryFolder()
        _ = try folder.file("dns.md", Self.minimal)
        let upstream = Self.minimal.replacingOccurrences(of: "name = \"dns\"", with: "name = \"upstream\"")
            .replacingOccurrences(
                of: "kind = \"mismatch\"\ncategory = \"networking\"", with: "kind = \"bucket\"\nbucket = \"upstream\"")
        _ = try folder.file("upstream.md", upstream)
        let library = try PlaybookLibrary.load(userFolder: folder.url.path)
        #expect(library.playbooks.count == PlaybookLibrary.builtIn.playbooks.count + 1)
        #expect(library.playbook(named: "upstream")?.title == "DNS")
        #expect(library.playbook(named: "dns")?.source.hasSuffix("dns.md") == true)
        #expect(try PlaybookLibrary.load(userFolder: "/no/such/folder").playbooks.count == 12)

        _ = try folder.file("broken.md", "+++\nname = 3\n+++\n")
        let error = #expect(throws: PlaybookError.self) { try PlaybookLibrary.load(userFolder: folder.url.path) }
        #expect(error?.description.contains("broken.md:2: `name` is missing or not a string") == true)
    }
}
