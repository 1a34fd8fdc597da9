/// Durations as people and programs write them, in milliseconds: `30012ms`, `31.2s`, `30 seconds`,
/// `30001 milliseconds`, Go's `1m30.5s`, `250µs`.
enum DurationText {
    /// The milliseconds `text` states, when it is a number followed by a unit (a space between them is allowed).
    ///
    /// A bare number has no unit, so it states nothing: the caller decides from the key's name (`latency_ms`).
    static func milliseconds(_ text: Substring) -> Double? {
        var rest = text.trimmingPrefix(while: { $0 == " " })
        var total = 0.0
        var parts = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { break }
            rest = rest.dropFirst(number.count)
            if parts == 0 { rest = rest.trimmingPrefix(while: { $0 == " " }) }
            let unit = rest.prefix { $0.isLetter }
            guard let scale = scale(of: unit.lowercased()) else { break }
            total += value * scale
            parts += 1
            rest = rest.dropFirst(unit.count)
        }
        return parts > 0 ? total : nil
    }

    /// A number whose unit a key's name states: `latency_ms`, `duration_seconds`, `request_time` (nginx: seconds).
    static func milliseconds(number text: String, key: String) -> Double? {
        guard let value = Double(text.trimmingASCIIWhitespace()), value >= 0 else { return nil }
        let key = key.lowercased()
        if key.hasSuffix("ms") || key.hasSuffix("millis") || key.hasSuffix("milliseconds") { return value }
        if key.hasSuffix("_us") || key.hasSuffix("micros") { return value / 1000 }
        if key.hasSuffix("_ns") || key.hasSuffix("nanos") { return value / 1_000_000 }
        if key.hasSuffix("_s") || key.hasSuffix("_sec") || key.hasSuffix("seconds") || key.hasSuffix("secs")
            || key == "request_time" || key == "upstream_response_time" || key == "upstream_connect_time"
        {
            return value * 1000
        }
        // pino-http and Express's response-time write milliseconds without saying so.
        if key == "responsetime" || key == "response_time" || key == "response-time" { return value }
        return nil
    }

    private static func scale(of unit: String) -> Double? {
        switch unit {
        case "ns", "nanos", "nanoseconds", "nanosecond": return 1e-6
        case "us", "µs", "μs", "micros", "microseconds", "microsecond": return 1e-3
        case "ms", "msec", "msecs", "millis", "milliseconds", "millisecond": return 1
        case "s", "sec", "secs", "second", "seconds": return 1000
        case "m", "min", "mins", "minute", "minutes": return 60_000
        case "h", "hr", "hrs", "hour", "hours": return 3_600_000
        default: return nil
        }
    }
}
