/// Base64 and base64url on bytes, without Foundation's string round trips (JWTs are decoded on the hot path).
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
