import Testing

@testable import Sanitizer

/// Timestamps, the commonest numbers in logs, are kept; what stands next to one is still found.
@Suite struct TimestampNeighbourTests {
    @Test(arguments: [
        "2026-03-14T08:00:00Z 203.0.113.7 paid with 4111 1111 1111 1111",
        "2026-03-14 paid 4111 1111 1111 1111",
        "[2026-03-14 08:00:00,123] call +1 415 867 5309 from 2001:4860:4860::8888",
        #"{"ts":"2026-03-14T08:00:00.102Z","ip":"203.0.113.7","mac":"00:1A:2B:3C:4D:5E"}"#,
    ])
    func whatStandsNextToAStampIsStillFound(text: String) throws {
        let result = try sanitize(text)
        #expect(result.text.contains("2026-03-14"), "the stamp stays: \(result.text)")
        for value in [
            "203.0.113.7", "4111 1111 1111 1111", "415 867 5309", "2001:4860:4860::8888", "00:1A:2B:3C:4D:5E",
        ]
        where text.contains(value) {
            #expect(!result.text.contains(value), "\(value) in \(result.text)")
        }
    }
}
