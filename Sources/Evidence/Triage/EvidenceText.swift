import Sanitizer

/// A pack's error text, for the playbooks' phrases: curl's failure, the error code, the response body, the logs,
/// the stack trace, the notes and the environment facts, one after another in one buffer, each part marked by what
/// it tells.
///
/// The response (its error code and body) is where the failure surfaced, often a gateway's words for someone
/// else's failure; the logs, the stack trace and curl's own failure are the account of where it started; and among
/// those, the first error line and the exception lines state the first failure. A phrase counts more the closer it
/// is to the first failure: symptom is not root cause.
struct EvidenceText {
    /// What a part of the text tells.
    enum Part: Comparable {
        /// The response: where the failure surfaced.
        case surface
        /// Notes and environment facts.
        case context
        /// The logs and the stack trace: where the failure started.
        case origin
        /// curl's failure, the first error line of the logs, the exception and its causes.
        case firstFailure

        /// How much a phrase found in this part counts.
        var weight: Double {
            switch self {
            case .surface: 1
            case .context: 1
            case .origin: 1.5
            case .firstFailure: 2
            }
        }
    }

    private(set) var bytes: [UInt8] = []
    /// Where each part starts, in order, and what it is.
    private(set) var parts: [(start: Int, part: Part)] = []

    init(_ pack: EvidencePack, context: [String] = []) {
        if let failure = pack.response?.failure { append(failure, .firstFailure) }
        if let code = pack.response?.errorCode {
            append(code, .surface)
            if code.utf8.contains(0x5F) {
                append(String(decoding: code.utf8.map { $0 == 0x5F ? 0x20 : $0 }, as: UTF8.self), .surface)
            }
        }
        if let body = pack.response?.body {
            append(Self.prefix(body.stringValue ?? body.jsonText, bytes: 8192), .surface)
        }
        var sawError = false
        for line in (pack.logs ?? []).prefix(500) {
            let line = Self.prefix(line, bytes: 4096)
            let isFirstError = !sawError && Self.isErrorLine(line)
            sawError = sawError || isFirstError
            append(line, isFirstError ? .firstFailure : .origin)
        }
        if let trace = pack.stackTrace {
            var isFirstLine = true
            for line in Self.prefix(trace, bytes: 16384).utf8.split(separator: 0x0A) {
                let isException = isFirstLine || Substring(line).trimmingWhitespace().hasPrefix("Caused by")
                append(String(Substring(line)), isException ? .firstFailure : .origin)
                isFirstLine = false
            }
        }
        for note in pack.notes ?? [] { append(note, .context) }
        if let environment = pack.environment {
            for fact in [environment.region, environment.release, environment.commit, environment.gateway] {
                if let fact { append(fact, .context) }
            }
            for (flag, value) in (environment.featureFlags ?? [:]).sorted(by: { $0.key < $1.key }) {
                append("\(flag)=\(value.stringValue ?? value.jsonText)", .context)
            }
        }
        for text in context { append(text, .context) }
    }

    /// Calls `body(keyword index, the part it was found in)` for each match of `filter`.
    func forEachMatch(of filter: KeywordFilter, _ body: (Int, Part) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            filter.forEachMatch(in: buffer, range: 0..<buffer.count) { index, position in
                // The last part that starts at or before the position.
                var low = 0
                var high = parts.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if parts[middle].start <= position { low = middle } else { high = middle - 1 }
                }
                body(index, parts[low].part)
            }
        }
    }

    private mutating func append(_ text: String, _ part: Part) {
        if parts.last?.part != part { parts.append((bytes.count, part)) }
        bytes += text.utf8
        bytes.append(0x0A)
    }

    /// Whether a log line reports an error (its level, or an exception or panic in it), by its first 400 bytes.
    static func isErrorLine(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            var found = false
            errorWords.forEachMatch(in: bytes, range: 0..<min(bytes.count, 400)) { _, _ in found = true }
            return found
        }
    }

    private static let errorWords = KeywordFilter(keywords: [
        "error", "fatal", "panic", "exception", "critical", "severe", "fail",
    ])

    /// `text` to its first `limit` bytes, at a character's start (most lines are shorter: they are not copied).
    static func prefix(_ text: String, bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var end = limit
        let utf8 = Array(text.utf8)
        while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}
