/// Base64 and base64url on bytes, without Foundation's string round trips (JWTs are decoded on the hot path).
///
/// The one base64 codec of the sanitizer: ``decode(_:)`` is the lenient reading that JWTs need (either alphabet,
/// padded or not), ``decodeStandard(_:)`` reads standard base64 exactly as Foundation did where the sanitizer used
/// it, so that what was decoded before still is, to the same bytes.
enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each byte's 6-bit value in either alphabet, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, b) in standard.enumerated() { table[Int(b)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Each byte's 6-bit value in the standard alphabet, 64 for `=`, or 0xFF.
    private static let standardValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, b) in standard.enumerated() { table[Int(b)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = 64
        return table
    }()

    /// Whether every byte of `bytes` is of the standard alphabet or `=`, as base64 written on one line is.
    static func isStandardAlphabet(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        // One look-up a byte: ids and hashes mix digits and letters, which a test of each class in turn keeps
        // mispredicting.
        standardValues.withUnsafeBufferPointer { values in
            for b in bytes where values[Int(b)] > 64 { return false }
            return true
        }
    }

    /// Decodes standard base64 with whitespace anywhere in it left out (base64 bodies wrap their lines), as
    /// ``decodeStandard(_:)`` reads what is left.
    static func decodeStandardIgnoringWhitespace(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        guard bytes.contains(where: ASCII.isWhitespace) else {
            return decodeStandard(UnsafeBufferPointer(rebasing: bytes))
        }
        return bytes.filter { !ASCII.isWhitespace($0) }.withUnsafeBufferPointer { decodeStandard($0) }
    }

    /// Decodes standard base64 as Foundation's `Data(base64Encoded:)` reads it (no options), to the same bytes.
    ///
    /// Foundation is looser than RFC 4648 here, and what it accepted is still accepted so that a value decoded
    /// before still is: `=` past the padding that the length needs is ignored (`QUJD=` is `ABC`), the unused low
    /// bits of the last character need not be zero (`QR==` is `A`), a last quad of `xx=x` decodes its first and
    /// third bytes (`QQ=A` is `A`, 0), and four or more `=` alone are one zero byte. Anything else is refused: a
    /// byte outside the alphabet (whitespace, base64url's `-` and `_`), missing padding, `=` inside the text.
    ///
    /// - Returns: the decoded bytes, or nil where Foundation returns nil.
    static func decodeStandard(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let padding = UInt8(ascii: "=")
        var unpadded = input.count
        while unpadded > 0, input[unpadded - 1] == padding { unpadded -= 1 }
        guard unpadded > 0 else {
            if input.isEmpty { return [] }
            return input.count >= 4 ? [0] : nil
        }
        // The characters up to the last one that is not `=`, and the `=` that make them whole quads.
        let parsed = (unpadded + 3) / 4 * 4
        guard parsed <= input.count else { return nil }
        return standardValues.withUnsafeBufferPointer { values -> [UInt8]? in
            var output: [UInt8] = []
            output.reserveCapacity(parsed / 4 * 3)
            var i = 0
            while i + 4 < parsed {
                let v0 = values[Int(input[i])]
                let v1 = values[Int(input[i + 1])]
                let v2 = values[Int(input[i + 2])]
                let v3 = values[Int(input[i + 3])]
                // `=` (64) or an invalid byte (0xFF) sets a bit above the six of a value.
                guard (v0 | v1 | v2 | v3) < 64 else { return nil }
                let n = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6 | UInt32(v3)
                output.append(UInt8(truncatingIfNeeded: n >> 16))
                output.append(UInt8(truncatingIfNeeded: n >> 8))
                output.append(UInt8(truncatingIfNeeded: n))
                i += 4
            }
            // The last quad: a `=` in its third or fourth place stands for a zero value whose byte is left out.
            let third = input[i + 2]
            let fourth = input[i + 3]
            let v0 = values[Int(input[i])]
            let v1 = values[Int(input[i + 1])]
            let v2 = third == padding ? 0 : values[Int(third)]
            let v3 = fourth == padding ? 0 : values[Int(fourth)]
            guard (v0 | v1 | v2 | v3) < 64 else { return nil }
            let n = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6 | UInt32(v3)
            output.append(UInt8(truncatingIfNeeded: n >> 16))
            if third != padding { output.append(UInt8(truncatingIfNeeded: n >> 8)) }
            if fourth != padding { output.append(UInt8(truncatingIfNeeded: n)) }
            return output
        }
    }

    /// Decodes base64 or base64url, padded or not; nil for any other byte or an impossible length.
    static func decode(_ input: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        var padding = false
        for b in input {
            if b == 0x3D {
                padding = true
                continue
            }
            let value = values[Int(b)]
            guard value != 0xFF, !padding else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bits >= 6 ? nil : output
    }

    /// Encodes as base64url without padding, as JWTs are written.
    static func encodeURL(_ input: [UInt8]) -> [UInt8] { encode(input, alphabet: url, pad: false) }

    /// Encodes as standard base64 with padding.
    static func encodeStandard(_ input: [UInt8]) -> [UInt8] { encode(input, alphabet: standard, pad: true) }

    private static func encode(_ input: [UInt8], alphabet: [UInt8], pad: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            output += [
                alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)],
            ]
            i += 3
        }
        let rest = input.count - i
        if rest > 0 {
            let n = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
            output.append(alphabet[Int(n >> 18)])
            output.append(alphabet[Int(n >> 12 & 63)])
            if rest == 2 { output.append(alphabet[Int(n >> 6 & 63)]) }
            if pad { output += Array(repeating: 0x3D, count: 3 - rest) }
        }
        return output
    }
}
