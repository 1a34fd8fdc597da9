/// The generated log's clock: starts at a fixed instant and moves forward a few milliseconds per event, formatted
/// by hand because `DateFormatter` would dominate the generator's time.
struct LogClock {
    /// Milliseconds since 1970.
    private(set) var milliseconds: Int

    /// 2026-03-14T08:00:00Z, so every run writes the same timestamps.
    init(start: Int = 1_773_475_200_000) {
        milliseconds = start
    }

    mutating func advance(by ms: Int) { milliseconds += ms }

    var seconds: Int { milliseconds / 1000 }

    /// `2026-03-14T09:12:03.123Z`
    var iso8601: String {
        let (year, month, day, hour, minute, second) = Self.civil(seconds)
        return "\(year)-\(Self.two(month))-\(Self.two(day))T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
            + ".\(Self.three(milliseconds % 1000))Z"
    }

    /// `2026-03-14 09:12:03.123`, as Logback and log4j print it.
    var logback: String {
        let (year, month, day, hour, minute, second) = Self.civil(seconds)
        return "\(year)-\(Self.two(month))-\(Self.two(day)) \(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
            + ".\(Self.three(milliseconds % 1000))"
    }

    /// `14/Mar/2026:09:12:03 +0000`, nginx's `$time_local`.
    var nginx: String {
        let (year, month, day, hour, minute, second) = Self.civil(seconds)
        return "\(Self.two(day))/\(Self.monthNames[month - 1])/\(year):\(Self.two(hour)):\(Self.two(minute)):"
            + "\(Self.two(second)) +0000"
    }

    /// `Sat, 14 Mar 2026 09:12:03 GMT`, the HTTP `Date` header.
    var httpDate: String {
        let (year, month, day, hour, minute, second) = Self.civil(seconds)
        let weekday = Self.dayNames[((seconds / 86_400) % 7 + 4) % 7]
        return
            "\(weekday), \(Self.two(day)) \(Self.monthNames[month - 1]) \(year) \(Self.two(hour)):\(Self.two(minute)):"
            + "\(Self.two(second)) GMT"
    }

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func three(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

    /// Calendar date and time of a Unix time (Howard Hinnant's days-from-civil, inverted).
    private static func civil(_ unix: Int) -> (Int, Int, Int, Int, Int, Int) {
        let days = unix / 86_400
        let secondOfDay = unix % 86_400
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }
}
