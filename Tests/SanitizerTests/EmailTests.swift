import Testing

@testable import Sanitizer

/// Email addresses in free text, each positive beside a negative twin.
@Suite struct EmailTests {
    /// The address, in the text around it; what must stay of that text.
    @Test(arguments: [
        ("Contact alice@example.com.", "alice@example.com", "Contact ", "."),
        ("mail bob.smith@corp.example.org. Then", "bob.smith@corp.example.org", "mail ", ". Then"),
        (#"{"m":"write to carol@x.io."}"#, "carol@x.io", #"{"m":"write to "#, #"."}"#),
        ("GET /api/users/dave@example.com HTTP/1.1", "dave@example.com", "GET /api/users/", " HTTP/1.1"),
        ("to josé@example.com now", "josé@example.com", "to ", " now"),
        ("to user@bücher.de now", "user@bücher.de", "to ", " now"),
        ("email: erin@corp.io: bounced", "erin@corp.io", "email: ", ": bounced"),
    ])
    func masksTheAddress(input: String, address: String, before: String, after: String) throws {
        let (text, findings) = try sanitize(input)
        #expect(!text.contains(address), "\(text)")
        #expect(text.hasPrefix(before) && text.hasSuffix(after), "\(text)")
        #expect(findings.map(\.kind) == [.email])
    }

    @Test func percentEncodedKeepsItsEncoding() throws {
        let (text, _) = try sanitize("GET /users/frank%40example.com/orders")
        #expect(!text.contains("frank"))
        #expect(text.hasPrefix("GET /users/user-") && text.hasSuffix("%40example.invalid/orders"), "\(text)")
        // The same address gets the same pseudonym, encoded or not.
        let (plain, _) = try sanitize("frank@example.com")
        #expect(text.contains(plain.replacingOccurrences(of: "@", with: "%40")))
    }

    /// The negative twins: an `@` that is no address.
    @Test(arguments: [
        "npm i lodash@4.17.21", "GET /path@v2", "git clone git@github.com:acme/infra.git", "@alice said hi",
        "user@localhost", "see a@b", "https://user:pass@", "alice@example.invalid",
    ])
    func leavesOtherAtSignsAlone(_ input: String) throws {
        let (_, findings) = try sanitize(input)
        #expect(!findings.contains { $0.kind == .email }, "\(input)")
    }

    /// Emails written back to back, or run into other words, are masked whole.
    @Test func addressesRunTogether() throws {
        let (text, _) = try sanitize("a@b.coa@b.cox@example.com")
        #expect(!text.contains("b.co") && !text.contains("example.com"), "\(text)")
    }
}
