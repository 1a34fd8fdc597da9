/// Finds every occurrence of a set of ASCII keywords, without regard to case, in one pass over the bytes.
///
/// The scanner's prefilter. Each position's next three bytes are hashed into a 64 Ki-bit table that stays in the
/// first-level cache; only where the table says a keyword may start are candidates compared. Unlike an
/// automaton, no byte's work waits on the previous byte's, so the loop runs at the speed of the loads.
/// Keywords of one or two bytes are kept in tables of their own.
struct KeywordFilter: Sendable {
    /// The keywords, lowercased, in the order given: a match reports the keyword's index.
    let keywords: [[UInt8]]
    private let lowercase: [UInt8]
    /// Set where a keyword of three or more bytes may start with the hashed three bytes.
    private let tripleBits: [UInt64]
    /// For each triple hash, the range of `tripleKeywords` listing the keywords to compare.
    private let tripleStart: [Int32]
    private let tripleKeywords: [Int32]
    /// Two-byte keywords, indexed by their two bytes.
    private let pairBits: [UInt64]
    private let pairStart: [Int32]
    private let pairKeywords: [Int32]
    /// One-byte keywords: the keyword's index plus one, or zero.
    private let single: [Int32]

    init(keywords: [String]) {
        let lowered = keywords.map { Array($0.utf8).map(ASCII.lower) }
        self.keywords = lowered
        lowercase = (0...255).map { ASCII.lower(UInt8($0)) }
        var triples: [(bucket: Int, keyword: Int32)] = []
        var pairs: [(bucket: Int, keyword: Int32)] = []
        var single = [Int32](repeating: 0, count: 256)
        for (index, keyword) in lowered.enumerated() {
            switch keyword.count {
            case 0: continue
            case 1: single[Int(keyword[0])] = Int32(index + 1)
            case 2: pairs.append((Self.pairIndex(keyword[0], keyword[1]), Int32(index)))
            default: triples.append((Self.tripleHash(keyword[0], keyword[1], keyword[2]), Int32(index)))
            }
        }
        (tripleBits, tripleStart, tripleKeywords) = Self.index(triples)
        (pairBits, pairStart, pairKeywords) = Self.index(pairs)
        self.single = single
    }

    /// Buckets keywords by hash: a bitmap of the hashes in use and, through `start`, each hash's keywords.
    private static func index(_ entries: [(bucket: Int, keyword: Int32)])
        -> (bits: [UInt64], start: [Int32], keywords: [Int32])
    {
        let sorted = entries.sorted { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.keyword < $1.keyword }
        var bits = [UInt64](repeating: 0, count: (1 << 16) / 64)
        var start = [Int32](repeating: 0, count: (1 << 16) + 1)
        for entry in sorted {
            bits[entry.bucket >> 6] |= 1 << UInt64(entry.bucket & 63)
            start[entry.bucket + 1] += 1
        }
        for i in 0..<(1 << 16) { start[i + 1] += start[i] }
        return (bits, start, sorted.map(\.keyword))
    }

    @inline(__always) private static func tripleHash(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let x = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16
        return Int((x &* 0x9E37_79B1) >> 16)
    }

    @inline(__always) private static func pairIndex(_ a: UInt8, _ b: UInt8) -> Int { Int(a) | Int(b) << 8 }

    /// Calls `body(keywordIndex, endOffset)` for every keyword occurrence in `text[range]`, in order of start.
    ///
    /// `endOffset` is the offset just past the keyword's last byte.
    @inline(__always)
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (Int, Int) -> Void) {
        guard let base = text.baseAddress, !range.isEmpty else { return }
        lowercase.withUnsafeBufferPointer { lower in
            tripleBits.withUnsafeBufferPointer { tripleBits in
                pairBits.withUnsafeBufferPointer { pairBits in
                    single.withUnsafeBufferPointer { single in
                        let end = range.upperBound
                        var i = range.lowerBound
                        var a = lower[Int(base[i])]
                        var b: UInt8 = i + 1 < end ? lower[Int(base[i + 1])] : 0
                        while i < end {
                            let c: UInt8 = i + 2 < end ? lower[Int(base[i + 2])] : 0
                            let h = Self.tripleHash(a, b, c)
                            if tripleBits[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                                compare(h, starts: tripleStart, keywords: tripleKeywords, at: i, base, end, lower, body)
                            }
                            let p = Self.pairIndex(a, b)
                            if pairBits[p >> 6] & (1 << UInt64(p & 63)) != 0 {
                                compare(p, starts: pairStart, keywords: pairKeywords, at: i, base, end, lower, body)
                            }
                            let s = single[Int(a)]
                            if s != 0 { body(Int(s) - 1, i + 1) }
                            a = b
                            b = c
                            i &+= 1
                        }
                    }
                }
            }
        }
    }

    /// Compares the keywords of one bucket with the text at `start`.
    @inline(__always)
    private func compare(
        _ bucket: Int, starts: [Int32], keywords candidates: [Int32], at start: Int, _ base: UnsafePointer<UInt8>,
        _ end: Int, _ lower: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void
    ) {
        for k in Int(starts[bucket])..<Int(starts[bucket + 1]) {
            let index = Int(candidates[k])
            let keyword = keywords[index]
            guard start + keyword.count <= end else { continue }
            var equal = true
            for (offset, byte) in keyword.enumerated() where lower[Int(base[start + offset])] != byte {
                equal = false
                break
            }
            if equal { body(index, start + keyword.count) }
        }
    }
}
