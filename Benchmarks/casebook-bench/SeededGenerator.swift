/// A small, fast, seedable random generator (xoshiro256**), so a generated log is the same on every machine.
///
/// `SystemRandomNumberGenerator` cannot be seeded; the benchmark's input must be reproducible byte for byte.
struct SeededGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        // SplitMix64 spreads a small seed over the whole state, as xoshiro's authors recommend.
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// `count` characters drawn from `alphabet`.
    mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &self)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func hex(_ count: Int) -> String { string(count, from: Alphabet.lowerHex) }

    /// A random version 4 UUID, lowercase.
    mutating func uuid() -> String {
        let variant = pick(["8", "9", "a", "b"])
        return "\(hex(8))-\(hex(4))-4\(hex(3))-\(variant)\(hex(3))-\(hex(12))"
    }
}

/// The character sets the generator draws from.
enum Alphabet {
    static let lowerHex = Array("0123456789abcdef".utf8)
    static let digits = Array("0123456789".utf8)
    static let upperAlnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    /// AWS access key ids use base32's alphabet.
    static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
