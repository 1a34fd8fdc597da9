/// Byte-level character classes for the scanners.
///
/// The scanners work on UTF-8 bytes, never on `Character`s: grapheme breaking is far too slow for a
/// per-byte loop, and every shape the detectors look for is ASCII.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let apostrophe: UInt8 = 0x27
    static let backslash: UInt8 = 0x5C

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool { b == space || (b &- 0x09) < 5 }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// Characters that may appear in a key name: `spring.datasource.password`, `X-Api-Key`, `AWS_SECRET`.
    /// A letter, a digit, `_`, `-` or `.`: tested with one bit of a 128-bit set, as key names mix all of them.
    @inline(__always) static func isKeyChar(_ b: UInt8) -> Bool {
        let word = b < 64 ? keyCharsBelow64 : keyCharsFrom64
        return b < 128 && word &>> UInt64(b & 63) & 1 != 0
    }

    /// `-`, `.` and the digits, as bits of bytes 0-63; the letters and `_`, of bytes 64-127.
    private static let keyCharsBelow64: UInt64 = 1 << 0x2D | 1 << 0x2E | 0x3FF << 0x30
    private static let keyCharsFrom64: UInt64 = 0x3FF_FFFF << 1 | 1 << 0x1F | 0x3FF_FFFF << 0x21

    /// Characters of base64 and base64url alphabets, without padding.
    @inline(__always) static func isBase64(_ b: UInt8) -> Bool {
        isAlnum(b) || b == 0x2B || b == 0x2F || b == 0x2D || b == 0x5F
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 0x30 }
        let l = b | 0x20
        if l >= 0x61 && l <= 0x66 { return l - 0x61 + 10 }
        return nil
    }

    /// Compares bytes to an ASCII literal.
    static func equals(_ bytes: some Collection<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { literal in zip(bytes, literal).allSatisfy { $0 == $1 } }
    }

    /// Compares bytes to a lowercase ASCII literal, ignoring case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { literal in
            zip(bytes, literal).allSatisfy { lower($0) == $1 }
        }
    }
}
