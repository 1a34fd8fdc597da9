/// Slicing, percent-decoding and joining decoded text, as the format parsers cut values out of their input while
/// each byte keeps its offset in the container.
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
