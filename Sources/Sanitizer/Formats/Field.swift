/// A value of a payload with the role its parser gave it.
///
/// The format parsers (``HTTPMessage``, ``CurlCommand``, ``CurlVerbose``, ``URLParts``, ``FormFields``) do not
/// decide what to mask: they say which bytes are the value of which header, query parameter, curl option or body,
/// and the engine applies its key policies and detectors to each value. ``value`` maps every decoded byte back to
/// its offset in the input, so a mask lands exactly where the value was written, whatever its quoting.
struct Field: Sendable {
    /// What a value is to its payload.
    enum Role: Sendable, Equatable {
        /// A header's value; the name as written (HTTP/2 pseudo-headers such as `:path` too).
        case header(name: String)
        /// An absolute URL or an origin-form target (`/path?query`): split it with ``URLParts``.
        case url
        /// A query or form parameter's value, percent-decoded (`.percent` encoding), or as written when the
        /// payload holds it unencoded (curl's `--data-urlencode name=value`, `.verbatim` encoding).
        case queryParameter(name: String)
        /// The password of `scheme://user:password@host` or of curl's `-u user:password`.
        case userinfoPassword
        /// The user of `scheme://user:password@host` or of curl's `-u user:password`.
        case userinfoUser
        /// A message body or curl's `-d` data, with the Content-Type that applies to it as written.
        case body(contentType: String?)
        /// A curl option's value, by the option's canonical long name: `user`, `oauth2-bearer`, `form`, `pass`.
        case option(name: String)
        /// Bytes with no known structure: scan them as free text.
        case text
    }

    var role: Role
    var value: DecodedText

    /// The input bytes the value spans, from its first byte to the end of its last.
    var range: Range<Int> { value.containerRange }
}

// MARK: - Slicing decoded text

extension DecodedText {
    /// The span of the container that the decoded bytes come from.
    var containerRange: Range<Int> {
        let first = origin.first ?? 0
        return first..<max(first, origin.last ?? first)
    }

    /// The decoded bytes in `range`, still mapped to the container.
    ///
    /// The slice ends where the next decoded byte starts, so a slice that ends at a percent escape or a shell
    /// escape keeps the whole escape. Where quoting changes between two bytes (`"abc"def`), the end of a slice
    /// before the change takes in the quote as well: parsers that know each byte's end (``ShellWord``) slice with
    /// that instead.
    func slice(_ range: Range<Int>) -> DecodedText {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return DecodedText(
            bytes: Array(bytes[lower..<upper]), origin: Array(origin[lower...upper]), encoding: encoding)
    }

    /// Percent-decodes `range` of these bytes (`+` as a space when `plusIsSpace`, as forms write it).
    ///
    /// Each decoded byte keeps the container offset of its first encoded byte, so a mask replaces the whole
    /// escape; invalid escapes stay as they are. The result has `.percent` encoding: a replacement is
    /// percent-encoded back.
    func percentDecoded(_ range: Range<Int>, plusIsSpace: Bool) -> DecodedText {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        var out: [UInt8] = []
        var map: [Int] = []
        out.reserveCapacity(upper - lower)
        map.reserveCapacity(upper - lower + 1)
        var i = lower
        while i < upper {
            let b = bytes[i]
            if b == 0x25, i + 2 < upper, let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                map.append(origin[i])
                i += 3
                continue
            }
            out.append(plusIsSpace && b == 0x2B ? ASCII.space : b)
            map.append(origin[i])
            i += 1
        }
        map.append(origin[upper])
        return DecodedText(bytes: out, origin: map, encoding: .percent)
    }

    /// A decoded text made of `parts` with `separator` between each two, as an HTTP obs-fold is read: the
    /// separator's origin is the end of the part before it, so a mask over it replaces the fold.
    static func joining(_ parts: [DecodedText], separator: UInt8) -> DecodedText? {
        guard var joined = parts.first else { return nil }
        for part in parts.dropFirst() {
            joined.bytes.append(separator)
            joined.bytes += part.bytes
            // The last origin of `joined` (its end) becomes the separator's start.
            joined.origin += part.origin
        }
        return joined
    }
}

// MARK: - Byte helpers shared by the parsers

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
