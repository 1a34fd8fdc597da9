/// Reads logs and stack traces (plain text, `key=value`, JSON lines, or a mix) as a pack: the lines, the first
/// stack trace, and the facts the lines state.
enum LogParser {
    /// The pack of a log. Up to ``LogExcerpt/maxLines`` non-blank lines are kept (see ``LogExcerpt``); the
    /// stack trace is looked for in every line; facts come from the kept lines, which hold the errors.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        let lines = TextLines(input)
        let nonBlank = (0..<lines.count).filter { !lines.isBlank($0) }
        guard !nonBlank.isEmpty else { throw EvidenceError.empty }
        let kept = LogExcerpt.select(count: nonBlank.count) { index in
            LogExcerpt.isSignal(lines.bytes, lines.ranges[nonBlank[index]])
        }
        var pack = EvidencePack()
        let logs = kept.map { lines[nonBlank[$0]] }
        pack.logs = logs
        pack.stackTrace = StackTraceFinder.first(in: lines)
        var facts = LogFacts()
        for line in logs { facts.read(line) }
        facts.apply(to: &pack)
        if kept.count < nonBlank.count {
            pack.notes = [
                "logs cut to \(kept.count) of \(nonBlank.count) lines: the first \(LogExcerpt.head) and the lines "
                    + "around errors, warnings and failing statuses"
            ]
        }
        return pack
    }
}
