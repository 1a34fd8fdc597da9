/// Text decoded from a span of its container (a JSON string's escapes, a shell word's quoting, percent-encoding),
/// with the container offset each decoded byte came from.
///
/// Detectors scan the decoded bytes; their redactions are mapped back through ``origin`` and their replacements
/// encoded by ``encoding``, so that a masked value lands in the container in the container's own syntax.
struct DecodedText: Sendable {
    var bytes: [UInt8]
    /// `origin[i]` is the container offset where decoded byte `i` starts; `origin[bytes.count]` is the end.
    var origin: [Int]
    var encoding: Encoding

    enum Encoding: Sendable {
        /// Replacements go in as they are (masks hold only letters, digits and `-._@:+/=`).
        case verbatim
        /// Inside a JSON string: quotes, backslashes and control characters are escaped.
        case jsonString
        /// Inside a URL or form value: anything but unreserved characters is percent-encoded.
        case percent
    }

    /// A decoded text that is its container's bytes, unchanged.
    init(slice: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        bytes = Array(slice[range])
        origin = Array(range) + [range.upperBound]
        encoding = .verbatim
    }

    init(bytes: [UInt8], origin: [Int], encoding: Encoding) {
        precondition(origin.count == bytes.count + 1)
        self.bytes = bytes
        self.origin = origin
        self.encoding = encoding
    }

    /// Maps a redaction of the decoded bytes to one of the container.
    ///
    /// `origin` says where each decoded byte starts; where the last one ends is known only when it was copied as it
    /// was (one byte for one byte), and then the mapped range stops right after it, not after a closing quote
    /// that follows. An escaped last byte keeps the range up to the next byte's start.
    func mapToContainer(_ redaction: Redaction, container: UnsafeBufferPointer<UInt8>) -> Redaction {
        var mapped = redaction
        let lower = origin[redaction.range.lowerBound]
        var upper = origin[redaction.range.upperBound]
        if redaction.range.upperBound > redaction.range.lowerBound {
            let last = origin[redaction.range.upperBound - 1]
            let decoded = bytes[redaction.range.upperBound - 1]
            if last < container.count, container[last] == decoded, last + 1 < upper {
                upper = last + 1
            }
        }
        mapped.range = lower..<max(lower, upper)
        mapped.replacement = encode(redaction.replacement)
        return mapped
    }

    func encode(_ replacement: [UInt8]) -> [UInt8] {
        switch encoding {
        case .verbatim:
            return replacement
        case .jsonString:
            var out: [UInt8] = []
            out.reserveCapacity(replacement.count)
            for b in replacement {
                switch b {
                case ASCII.quote, ASCII.backslash: out += [ASCII.backslash, b]
                case ASCII.newline: out += Array("\\n".utf8)
                case ASCII.carriageReturn: out += Array("\\r".utf8)
                case ASCII.tab: out += Array("\\t".utf8)
                case ..<0x20: out += Array("\\u00".utf8) + Self.hexPair(b)
                default: out.append(b)
                }
            }
            return out
        case .percent:
            var out: [UInt8] = []
            out.reserveCapacity(replacement.count)
            for b in replacement {
                if ASCII.isAlnum(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E {
                    out.append(b)
                } else {
                    out += [0x25] + Self.hexPair(b)
                }
            }
            return out
        }
    }

    private static func hexPair(_ b: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [digits[Int(b >> 4)], digits[Int(b & 0xF)]]
    }
}
