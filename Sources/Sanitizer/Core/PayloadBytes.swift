/// Small scanning helpers over an input buffer, shared by the format parsers.
enum PayloadBytes {
    /// The end of the line that starts at `start`: the offset of its `\n`, or `end`.
    @inline(__always)
    static func lineEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var i = start
        while i < end, input[i] != ASCII.newline { i += 1 }
        return i
    }

    /// `range` without the spaces, tabs and carriage returns at either end.
    static func trimmed(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ASCII.isSpace(input[lower]) || input[lower] == ASCII.carriageReturn { lower += 1 }
        while upper > lower, ASCII.isSpace(input[upper - 1]) || input[upper - 1] == ASCII.carriageReturn {
            upper -= 1
        }
        return lower..<upper
    }

    /// Whether `input[at...]` starts with `literal`, compared exactly.
    static func hasPrefix(_ input: UnsafeBufferPointer<UInt8>, at: Int, end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard at >= 0, end - at >= n else { return false }
        return literal.withUTF8Buffer { lit in
            for k in 0..<n where input[at + k] != lit[k] { return false }
            return true
        }
    }

    /// Whether `input[at...]` starts with the lowercase `literal`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(
        _ input: UnsafeBufferPointer<UInt8>, at: Int, end: Int, _ literal: StaticString
    ) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard at >= 0, end - at >= n else { return false }
        return literal.withUTF8Buffer { lit in
            for k in 0..<n where ASCII.lower(input[at + k]) != lit[k] { return false }
            return true
        }
    }

    /// The bytes of `range` as a string, for a role's name (invalid UTF-8 is repaired, never trusted).
    static func string(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
    }
}
