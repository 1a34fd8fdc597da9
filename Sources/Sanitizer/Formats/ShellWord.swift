/// A word of a command line, decoded from its quoting, with the input span of each decoded byte.
///
/// Unlike ``DecodedText``, which knows where each byte starts, a word also knows where each byte ends, so a
/// slice of it (a header's value after `Name:`, the password after `user:`) never takes in the closing quote or
/// the quoting of the next part.
struct ShellWord: Sendable {
    /// The word as the program receives it: quotes, escapes and line continuations taken out.
    var bytes: [UInt8] = []
    /// For each byte of ``bytes``, the input offset where its spelling starts (the backslash of `\"`).
    var starts: [Int] = []
    /// For each byte of ``bytes``, the input offset just past its spelling.
    var ends: [Int] = []
    /// Where the word's first byte (a quote, perhaps) is in the input.
    var rawStart: Int

    /// An empty word whose spelling starts at `rawStart`.
    init(rawStart: Int) {
        self.rawStart = rawStart
    }

    /// Adds a decoded byte spelled by `input[start..<end]`.
    @inline(__always) mutating func append(_ byte: UInt8, start: Int, end: Int) {
        bytes.append(byte)
        starts.append(start)
        ends.append(end)
    }

    /// The decoded bytes of `range` as text of the input.
    func text(_ range: Range<Int>) -> DecodedText {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        let end = upper > lower ? ends[upper - 1] : (lower < starts.count ? starts[lower] : (ends.last ?? rawStart))
        return DecodedText(
            bytes: Array(bytes[lower..<upper]), origin: Array(starts[lower..<upper]) + [end],
            encoding: .verbatim)
    }

    /// The whole word as text of the input.
    var text: DecodedText { text(0..<bytes.count) }
}
