/// The lines of a text input as byte ranges, found once in one pass.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (curl's progress meter redraws itself with `\r`, and pasted logs mix
/// endings); the ranges exclude the terminators. Parsers look at bytes and make a `String` only of the lines they
/// keep, so a large log costs one scan.
struct TextLines {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte == 0x0A {
                ranges.append(start..<i)
                start = i + 1
            } else if byte == 0x0D {
                ranges.append(start..<i)
                if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < n { ranges.append(start..<n) }
        self.ranges = ranges
    }

    var count: Int { ranges.count }

    /// Line `index` as text (invalid UTF-8 is replaced, never trusted).
    subscript(index: Int) -> String {
        String(decoding: bytes[ranges[index]], as: UTF8.self)
    }

    /// Whether line `index` holds only spaces and tabs.
    func isBlank(_ index: Int) -> Bool {
        bytes[ranges[index]].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether line `index`, after its leading spaces and tabs, starts with `prefix`.
    func startsTrimmed(_ index: Int, with prefix: StaticString) -> Bool {
        let range = ranges[index]
        var i = range.lowerBound
        while i < range.upperBound, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return Self.hasPrefix(bytes, at: i, end: range.upperBound, prefix)
    }

    /// Whether line `index` contains `needle`.
    func contains(_ index: Int, _ needle: StaticString) -> Bool {
        Self.find(needle, in: bytes, ranges[index]) != nil
    }

    /// Whether `bytes[at..<end]` starts with `prefix`.
    static func hasPrefix(_ bytes: [UInt8], at: Int, end: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard end - at >= count else { return false }
        return prefix.withUTF8Buffer { literal in
            var k = 0
            while k < count {
                if bytes[at + k] != literal[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Where `needle` first occurs in `range` of `bytes`.
    static func find(_ needle: StaticString, in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard count > 0, range.count >= count else { return nil }
        return needle.withUTF8Buffer { literal -> Int? in
            let first = literal[0]
            var i = range.lowerBound
            let last = range.upperBound - count
            while i <= last {
                if bytes[i] == first {
                    var k = 1
                    while k < count, bytes[i + k] == literal[k] { k += 1 }
                    if k == count { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
