import Foundation
import Store
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-06-19T09:12:00Z", "2026-06-19T09:12:00Z"),
        ("2026-06-19 09:12", "2026-06-19T09:12:00Z"),
        ("2026-06-19", "2026-06-19T00:00:00Z"),
        ("2026-06-19T11:12:00+02:00", "2026-06-19T09:12:00Z"),
        ("2026-06-19T04:12:00-0500", "2026-06-19T09:12:00Z"),
        ("2026-06-19T09:12:00.750Z", "2026-06-19T09:12:00Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func readsWhatPeopleType(input: String, expected: String) throws {
        let date = try #require(Timestamp.parse(input))
        #expect(Timestamp.format(date) == expected)
    }

    @Test(arguments: ["", "yesterday", "2026-13-01", "2026-06-19T25:00", "2026/06/19", "2026-06-19T09:12:00Zjunk"])
    func rejectsWhatIsNotADate(input: String) {
        #expect(Timestamp.parse(input) == nil)
    }

    @Test func formatsLikeFoundation() {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 86_400 * 37.3 + 17) {
            let date = Date(timeIntervalSince1970: seconds.rounded())
            #expect(Timestamp.format(date) == formatter.string(from: date))
        }
    }
}
