/// JSON strings as bytes: where one ends, and its content decoded with each byte's offset in the document.
package enum JSONString {
    /// Lexes the string that starts at the quote at `start`.
    ///
    /// - Returns: the offset just past the closing quote and whether the string holds a backslash escape; nil
    ///   when the string has a control byte or no closing quote before `end`.
    static func lex(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, escaped: Bool)? {
        var i = start + 1
        var escaped = false
        while i < end {
            i = Self.plainStringBytes(text, from: i, end: end)
            guard i < end else { break }
            let b = text[i]
            if b == ASCII.quote { return (i + 1, escaped) }
            if b == ASCII.backslash {
                escaped = true
                i += 2
                continue
            }
            if b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// Whether a string that starts at `start` has no closing quote before `end`: cut off, not malformed.
    static func runsToEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var i = start + 1
        while i < end {
            if text[i] == ASCII.backslash {
                i += 2
                continue
            }
            if text[i] == ASCII.quote || text[i] == ASCII.newline { return false }
            i += 1
        }
        return true
    }

    /// The first offset from `i` whose byte may end or escape a string (a quote, a backslash or a control byte),
    /// looked for eight bytes at a time; `end` when there is none.
    ///
    /// Each test flags every byte it looks for, and may flag a byte above one it found; the lowest flag is always
    /// a byte it looks for, and the caller looks at that byte again.
    @inline(__always)
    private static func plainStringBytes(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        guard let base = text.baseAddress, end <= text.count else { return start }
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let zeroQuote = (quotes &- ones) & ~quotes
            let zeroBackslash = (backslashes &- ones) & ~backslashes
            let control = (word &- ones &* 0x20) & ~word
            let flags = (zeroQuote | zeroBackslash | control) & (ones &* 0x80)
            if flags != 0 { return i &+ flags.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        return i
    }

    /// Whether every backslash in a string's content (its quotes left out) starts one of JSON's escapes: `\"`,
    /// `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, or `\u` and four hex digits.
    static func hasOnlyValidEscapes(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            guard text[i] == ASCII.backslash else {
                i += 1
                continue
            }
            guard i + 1 < range.upperBound else { return false }
            switch text[i + 1] {
            case ASCII.quote, ASCII.backslash, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                i += 2
            case 0x75:
                guard hex4(text, i + 2, range.upperBound) != nil else { return false }
                i += 6
            default:
                return false
            }
        }
        return true
    }

    /// The content of a string whose quotes are left out, decoded when it holds escapes.
    package static func decoded(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool) -> [UInt8] {
        escaped ? decode(text, range).bytes : Array(text[range])
    }

    /// Decodes a string's content (its quotes left out), keeping where each decoded byte came from.
    ///
    /// An escape that is not JSON's (`\q`) is read as the byte it escapes; a `\u` without four hex digits as
    /// `u`; a lone surrogate as U+FFFD.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> DecodedText {
        var bytes: [UInt8] = []
        var origin: [Int] = []
        bytes.reserveCapacity(range.count)
        origin.reserveCapacity(range.count + 1)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = text[i]
            guard b == ASCII.backslash, i + 1 < range.upperBound else {
                bytes.append(b)
                origin.append(i)
                i += 1
                continue
            }
            let escape = text[i + 1]
            let simple: UInt8? =
                switch escape {
                case 0x6E: ASCII.newline
                case 0x74: ASCII.tab
                case 0x72: ASCII.carriageReturn
                case 0x62: 0x08
                case 0x66: 0x0C
                case 0x75: nil
                default: escape
                }
            if let simple {
                bytes.append(simple)
                origin.append(i)
                i += 2
                continue
            }
            // \uXXXX, with a surrogate pair when one follows.
            guard let high = hex4(text, i + 2, range.upperBound) else {
                bytes.append(escape)
                origin.append(i)
                i += 2
                continue
            }
            var scalarValue = UInt32(high)
            var length = 6
            if (0xD800..<0xDC00).contains(high), i + 12 <= range.upperBound, text[i + 6] == ASCII.backslash,
                text[i + 7] == 0x75, let low = hex4(text, i + 8, range.upperBound), (0xDC00..<0xE000).contains(low)
            {
                scalarValue = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                length = 12
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            for unit in String(scalar).utf8 {
                bytes.append(unit)
                origin.append(i)
            }
            i += length
        }
        origin.append(range.upperBound)
        return DecodedText(bytes: bytes, origin: origin, encoding: .jsonString)
    }

    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int) -> UInt16? {
        guard at + 4 <= end else { return nil }
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let digit = ASCII.hexValue(text[at + k]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
