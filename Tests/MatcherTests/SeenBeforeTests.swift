import Evidence
import Foundation
import Matcher
import Store
import TestSupport
import Testing

@Suite struct SeenBeforeTests {
    static func pack(route: String, status: Int, code: String, message: String) -> EvidencePack {
        EvidencePack(
            request: RequestFacts(method: "POST", url: "https://api.shop.example.com\(route)"),
            response: ResponseFacts(status: status, errorCode: code, body: .object(["detail": .string(message)])))
    }

    /// The same failure (the route's ids, the message's numbers aside) in earlier incidents is seen before, newest
    /// first; the incident the pack belongs to does not count, and another failure of the same route is not it.
    @Test func findsTheIncidentsThatFailedTheSameWay() throws {
        let folder = try TemporaryFolder()
        let base = try KnowledgeBase(path: folder.url.appendingPathComponent("casebook.sqlite").path)
        let first = try base.open(NewIncident(title: "Orders 415 after the SDK upgrade"))
        let second = try base.open(NewIncident(title: "Orders 415 again"))
        let other = try base.open(NewIncident(title: "Orders 422"))
        let current = try base.open(NewIncident(title: "New one"))
        try base.addEvidence(
            [
                Self.pack(
                    route: "/v2/orders/8812", status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "expected json")
            ],
            to: first, now: Timestamp("2026-05-01T10:00:00Z")!.date)
        try base.addEvidence(
            [
                Self.pack(
                    route: "/v2/orders/9911", status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "expected json")
            ],
            to: second, now: Timestamp("2026-06-01T10:00:00Z")!.date)
        try base.addEvidence(
            [Self.pack(route: "/v2/orders/1", status: 422, code: "INVALID_CURRENCY", message: "currency XYZ")],
            to: other)
        let new = Self.pack(
            route: "/v2/orders/7", status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "expected json")
        try base.addEvidence([new], to: current)

        let seen = try #require(try SeenBefore.lookUp(new, in: base, excluding: current))
        #expect(seen.times == 2)
        #expect(seen.incidents.map(\.reference) == [second, first])
        #expect(seen.summary == "seen before in 2 incident(s), last \(second) (2026-06-01): Orders 415 again")

        let unseen = Self.pack(route: "/v2/orders/7", status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "too big")
        #expect(try SeenBefore.lookUp(unseen, in: base, excluding: current) == nil)
    }

    /// A pack with nothing that names a failure (only a note) shares its fingerprint with every such pack: it is
    /// never "seen before".
    @Test func aPackThatNamesNoFailureIsNeverSeenBefore() throws {
        let folder = try TemporaryFolder()
        let base = try KnowledgeBase(path: folder.url.appendingPathComponent("casebook.sqlite").path)
        let first = try base.open(NewIncident(title: "one"))
        let second = try base.open(NewIncident(title: "two"))
        try base.addEvidence([EvidencePack(notes: ["works on staging"])], to: first)
        try base.addEvidence([EvidencePack(notes: ["works on staging"])], to: second)
        #expect(try SeenBefore.lookUp(EvidencePack(notes: ["works on staging"]), in: base, excluding: second) == nil)
    }
}

@Suite struct CandidateTests {
    /// An old incident of the very same failure is a candidate even when many newer ones share only the endpoint
    /// and status (the coarse fingerprint): closer agreement comes first.
    @Test func theSameFailureIsACandidateBeforeNewerLookalikes() throws {
        let folder = try TemporaryFolder()
        let base = try KnowledgeBase(path: folder.url.appendingPathComponent("casebook.sqlite").path)
        let old = try base.open(NewIncident(title: "the old one"))
        try base.addEvidence(
            [SeenBeforeTests.pack(route: "/v2/orders/1", status: 415, code: "UNSUPPORTED", message: "expected json")],
            to: old)
        for index in 0..<50 {
            let reference = try base.open(NewIncident(title: "lookalike \(index)"))
            try base.addEvidence(
                [
                    SeenBeforeTests.pack(
                        route: "/v2/orders/\(index + 2)", status: 415, code: "UNSUPPORTED",
                        message: "other \(index) failure")
                ],
                to: reference)
        }
        let new = SeenBeforeTests.pack(
            route: "/v2/orders/99", status: 415, code: "UNSUPPORTED", message: "expected json")
        let candidates = try base.matchCandidates(for: EvidenceFingerprint(new), terms: [], limit: 10)
        #expect(candidates.count == 10)
        #expect(candidates.first?.incident.id == old)
    }
}

@Suite struct OccurrenceCountTests {
    /// Every incident of the failure is counted; only the most recent ten are read.
    @Test func allAreCountedAndTheNewestTenRead() throws {
        let folder = try TemporaryFolder()
        let base = try KnowledgeBase(path: folder.url.appendingPathComponent("casebook.sqlite").path)
        let pack = SeenBeforeTests.pack(route: "/v2/orders/1", status: 503, code: "POOL", message: "pool exhausted")
        var references: [String] = []
        for index in 0..<12 {
            let reference = try base.open(NewIncident(title: "pool \(index)"))
            try base.addEvidence([pack], to: reference, now: Date(timeIntervalSince1970: Double(index) * 3600))
            references.append(reference)
        }
        let seen = try #require(try SeenBefore.lookUp(pack, in: base))
        #expect(seen.times == 12)
        #expect(seen.incidents.map(\.reference) == Array(references.reversed().prefix(10)))
    }
}
