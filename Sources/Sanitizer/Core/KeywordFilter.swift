/// Finds every occurrence of a set of ASCII keywords, without regard to case, in one pass over the bytes.
///
/// The scanner's prefilter. Each position's next three bytes are hashed into a 64 Ki-bit table that stays in the
/// first-level cache; only where the table says a keyword may start are candidates compared. Unlike an
/// automaton, no byte's work waits on the previous byte's, so the loop runs at the speed of the loads.
/// Keywords of one or two bytes are kept in tables of their own.
///
/// Before any of that, a cheaper test on the raw bytes (``StartFilter``) rules out almost every position without
/// lowercasing a byte or taking a branch that is hard to predict.
package struct KeywordFilter: Sendable {
    /// The keywords, lowercased, in the order given: a match reports the keyword's index.
    let keywords: [[UInt8]]
    /// The same keywords end to end, keyword `i` at `keywordOffsets[i]..<keywordOffsets[i + 1]`: comparing with
    /// them copies and counts no array.
    private let keywordBytes: [UInt8]
    private let keywordOffsets: [Int32]
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
    /// Where a keyword may start, tested on the raw bytes before the tables above.
    private let start: StartFilter

    package init(keywords: [String]) {
        let lowered = keywords.map { Array($0.utf8).map(ASCII.lower) }
        self.keywords = lowered
        keywordBytes = lowered.flatMap { $0 }
        keywordOffsets = lowered.reduce(into: [0]) { offsets, keyword in
            offsets.append(offsets.last! + Int32(keyword.count))
        }
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
        start = StartFilter(keywords: lowered, lowercase: lowercase)
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
    package func forEachMatch(in text: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (Int, Int) -> Void) {
        guard let base = text.baseAddress, !range.isEmpty, range.upperBound <= text.count else { return }
        lowercase.withUnsafeBufferPointer { lower in
            tripleBits.withUnsafeBufferPointer { tripleBits in
                pairBits.withUnsafeBufferPointer { pairBits in
                    single.withUnsafeBufferPointer { single in
                        let end = range.upperBound
                        /// The exact test of one position: every keyword that starts there, in the order of the
                        /// tables (three-byte hash, pair, single).
                        @inline(__always) func match(at i: Int) {
                            let a = lower[Int(base[i])]
                            let b: UInt8 = i + 1 < end ? lower[Int(base[i + 1])] : 0
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
                        }
                        var i = range.lowerBound
                        start.forEachCandidate(in: base, from: &i, to: end) { match(at: $0) }
                        // Should the raw test ever stop short of the end, the exact test takes the rest.
                        while i < end {
                            match(at: i)
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
            let from = Int(keywordOffsets[index])
            let count = Int(keywordOffsets[index + 1]) - from
            guard start + count <= end else { continue }
            let equal = keywordBytes.withUnsafeBufferPointer { keyword in
                for offset in 0..<count where lower[Int(base[start + offset])] != keyword[from + offset] {
                    return false
                }
                return true
            }
            if equal { body(index, start + count) }
        }
    }
}

extension KeywordFilter {
    /// A test on raw bytes that passes every position where a keyword may start, and few others.
    ///
    /// The exact tables lowercase three bytes and branch on each of three tables, which costs a few nanoseconds a
    /// byte. This test reads eight bytes at once and tests six positions from them without a branch:
    /// - a hash of each position's first three bytes, as they are, indexes a 128 Ki-bit table (16 KiB, in the
    ///   first-level cache) of every case variant of a keyword's first three bytes, and of a two-byte keyword's
    ///   first two with any third;
    /// - one-byte keywords (`@`) are found with a word-at-a-time byte comparison, which may also flag a byte above
    ///   a real match: harmless, as every flagged position goes on to the exact tables.
    /// Logs pass about three positions in a hundred, so the result is the same as testing every position, only
    /// sooner.
    struct StartFilter: Sendable {
        private let triples: [UInt64]
        /// Each one-byte keyword's raw bytes (every case variant), repeated across a word.
        private let singleWords: [UInt64]
        private static let tripleBits = 17

        init(keywords: [[UInt8]], lowercase: [UInt8]) {
            var triples = [UInt64](repeating: 0, count: (1 << Self.tripleBits) / 64)
            var singleBytes: Set<Int> = []
            let allBytes = Array(0...255)
            // Every raw byte that lowercases to `byte`: the byte itself, and its uppercase for a letter.
            func variants(_ byte: UInt8) -> [Int] { allBytes.filter { lowercase[$0] == byte } }
            for keyword in keywords where !keyword.isEmpty {
                guard keyword.count >= 2 else {
                    singleBytes.formUnion(variants(keyword[0]))
                    continue
                }
                let thirds = keyword.count == 2 ? allBytes : variants(keyword[2])
                for a in variants(keyword[0]) {
                    for b in variants(keyword[1]) {
                        for c in thirds {
                            let triple = Self.hash(UInt64(a | b << 8 | c << 16))
                            triples[triple >> 6] |= 1 << UInt64(triple & 63)
                        }
                    }
                }
            }
            self.triples = triples
            singleWords = singleBytes.sorted().map { UInt64($0) &* 0x0101_0101_0101_0101 }
        }

        /// A hash of the three low bytes of `bytes`, of `tripleBits` bits.
        @inline(__always) private static func hash(_ bytes: UInt64) -> Int {
            let triple = UInt32(truncatingIfNeeded: bytes) & 0xFF_FFFF
            return Int(truncatingIfNeeded: (triple &* 0x9E37_79B1) >> UInt32(32 - tripleBits))
        }

        /// 1 when the triple table has the three low bytes of `bytes`, else 0.
        @inline(__always)
        private static func tripleBit(_ bytes: UInt64, _ triples: UnsafeBufferPointer<UInt64>) -> UInt64 {
            let triple = hash(bytes)
            return triples[triple &>> 6] &>> UInt64(triple & 63) & 1
        }

        /// Calls `body(position)`, in order, for each position from `i` to `end` where a keyword may start; leaves `i`
        /// at `end`.
        @inline(__always)
        func forEachCandidate(
            in base: UnsafePointer<UInt8>, from i: inout Int, to end: Int, _ body: (Int) -> Void
        ) {
            triples.withUnsafeBufferPointer { triples in
                singleWords.withUnsafeBufferPointer { singleWords in
                    while i &+ 8 <= end {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        // Candidates as the low bit of each byte: position k is bit 8k.
                        var candidates = Self.tripleBit(word, triples)
                        candidates |= Self.tripleBit(word &>> 8, triples) &<< 8
                        candidates |= Self.tripleBit(word &>> 16, triples) &<< 16
                        candidates |= Self.tripleBit(word &>> 24, triples) &<< 24
                        candidates |= Self.tripleBit(word &>> 32, triples) &<< 32
                        candidates |= Self.tripleBit(word &>> 40, triples) &<< 40
                        for single in singleWords {
                            // Bytes equal to the keyword become zero; a zero byte sets its high bit here.
                            let x = word ^ single
                            let zeros = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                            candidates |= (zeros &>> 7) & 0x0000_0101_0101_0101
                        }
                        while candidates != 0 {
                            body(i &+ candidates.trailingZeroBitCount &>> 3)
                            candidates &= candidates &- 1
                        }
                        i &+= 6
                    }
                    // The last one to seven positions: their bytes and then zeros, in one word. Where a keyword
                    // of three bytes or more meets the zeros it could not fit anyway, and a two-byte keyword's bit
                    // is set for any third byte, so the positions let through are still every possible start.
                    guard i < end else { return }
                    let count = end &- i
                    var word: UInt64 = 0
                    for k in 0..<count { word |= UInt64(base[i &+ k]) &<< UInt64(8 * k) }
                    var candidates: UInt64 = 0
                    for k in 0..<count {
                        candidates |= Self.tripleBit(word &>> UInt64(8 * k), triples) &<< UInt64(8 * k)
                    }
                    for single in singleWords {
                        let x = word ^ single
                        candidates |= ((x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080) &>> 7
                    }
                    candidates &= 0x0101_0101_0101_0101 &>> UInt64(8 * (8 - count))
                    while candidates != 0 {
                        body(i &+ candidates.trailingZeroBitCount &>> 3)
                        candidates &= candidates &- 1
                    }
                    i = end
                }
            }
        }
    }
}
