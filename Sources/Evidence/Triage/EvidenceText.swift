import Sanitizer

/// A pack's error text, for the playbooks' phrases: curl's failure, the error code, the response body, the logs,
/// the stack trace, the notes and the environment facts, one after another in one buffer, with the parts that
/// state the first failure marked (a phrase there counts more than the same phrase among later symptoms).
struct EvidenceText {
    private(set) var bytes: [UInt8] = []
    /// The ranges of ``bytes`` that state the first failure: curl's failure, the error code, the first error line
    /// of the logs, and the stack trace's exception lines (its first line and each `Caused by:`).
    private(set) var firstFailure: [Range<Int>] = []

    init(_ pack: EvidencePack, context: [String] = []) {
        if let failure = pack.response?.failure { append(failure, first: true) }
        if let code = pack.response?.errorCode {
            append(code, first: true)
            if code.contains("_") { append(String(code.map { $0 == "_" ? " " : $0 }), first: true) }
        }
        if let body = pack.response?.body { append(String((body.stringValue ?? body.jsonText).prefix(8192))) }
        var sawError = false
        for line in (pack.logs ?? []).prefix(500) {
            let line = String(line.prefix(4096))
            let isFirstError = !sawError && Self.isErrorLine(line)
            sawError = sawError || isFirstError
            append(line, first: isFirstError)
        }
        if let trace = pack.stackTrace {
            var isFirstLine = true
            for line in trace.prefix(16384).split(separator: "\n", omittingEmptySubsequences: true) {
                let trimmed = line.trimmingWhitespace()
                append(String(line), first: isFirstLine || trimmed.hasPrefix("Caused by"))
                isFirstLine = false
            }
        }
        for note in pack.notes ?? [] { append(note) }
        if let environment = pack.environment {
            for fact in [environment.region, environment.release, environment.commit, environment.gateway] {
                if let fact { append(fact) }
            }
            for (flag, value) in (environment.featureFlags ?? [:]).sorted(by: { $0.key < $1.key }) {
                append("\(flag)=\(value.stringValue ?? value.jsonText)")
            }
        }
        for text in context { append(text) }
    }

    /// Calls `body(keyword index, whether it is in the first failure)` for each match of `filter`.
    func forEachMatch(of filter: KeywordFilter, _ body: (Int, Bool) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            filter.forEachMatch(in: buffer, range: 0..<buffer.count) { index, position in
                body(index, firstFailure.contains { $0.contains(position) })
            }
        }
    }

    private mutating func append(_ text: String, first: Bool = false) {
        let start = bytes.count
        bytes += text.utf8
        if first { firstFailure.append(start..<bytes.count) }
        bytes.append(0x0A)
    }

    /// Whether a log line reports an error (its level, or an exception or panic in it).
    static func isErrorLine(_ line: String) -> Bool {
        let lowered = line.prefix(400).lowercased()
        return ["error", "fatal", "panic", "exception", "critical", "severe", "fail"].contains {
            lowered.contains($0)
        }
    }
}
