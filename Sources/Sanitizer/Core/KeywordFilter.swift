import ScanKernels

/// Finds every occurrence of a set of ASCII keywords, without regard to case, in one pass over the bytes.
///
/// The scanner's prefilter, in two stages. First a test on the raw bytes (``StartFilter``, vector instructions in
/// `ScanKernels`) rules out almost every position without a branch. Then each position it lets through is tested
/// exactly: the keywords that share the table word of its first three bytes (or, for keywords of two bytes, its first
/// byte) are compared with the text, lowercased. Unlike an automaton, no byte's work waits on the previous byte's.
/// Its tables take 16 KiB at most, so the exact test finds them in the first-level cache.
package struct KeywordFilter: Sendable {
    /// The keywords, lowercased, in the order given: a match reports the keyword's index.
    let keywords: [[UInt8]]
    /// The same keywords end to end, keyword `i` at `keywordOffsets[i]..<keywordOffsets[i + 1]`: comparing with
    /// them copies and counts no array.
    private let keywordBytes: [UInt8]
    private let keywordOffsets: [Int32]
    private let lowercase: [UInt8]
    /// Keywords of three bytes or more, by the ``StartFilter`` table word of their first three bytes, folded: those
    /// of word `w` are `tripleKeywords[tripleStart[w]..<tripleStart[w + 1]]`.
    private let tripleStart: [Int32]
    private let tripleKeywords: [Int32]
    /// Two-byte keywords, the same way by their first byte, folded.
    private let pairStart: [Int32]
    private let pairKeywords: [Int32]
    /// One-byte keywords: the keyword's index plus one, or zero.
    private let single: [Int32]
    /// Where a keyword may start, tested on the raw bytes before the tables above.
    let start: StartFilter

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
            case 2: pairs.append((Int(casebook_fold(keyword[0])), Int32(index)))
            default: triples.append((Self.tripleWord(keyword[0], keyword[1], keyword[2]), Int32(index)))
            }
        }
        (tripleStart, tripleKeywords) = Self.index(triples, buckets: Int(CASEBOOK_KEYWORD_TABLE_WORDS))
        (pairStart, pairKeywords) = Self.index(pairs, buckets: 256)
        self.single = single
        start = StartFilter(keywords: lowered)
    }

    /// Buckets keywords: each bucket's keywords, in the order given, and where each bucket's list starts.
    private static func index(_ entries: [(bucket: Int, keyword: Int32)], buckets: Int)
        -> (start: [Int32], keywords: [Int32])
    {
        let sorted = entries.sorted { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.keyword < $1.keyword }
        var start = [Int32](repeating: 0, count: buckets + 1)
        for entry in sorted { start[entry.bucket + 1] += 1 }
        for i in 0..<buckets { start[i + 1] += start[i] }
        return (start, sorted.map(\.keyword))
    }

    /// The ``StartFilter`` table word of three bytes, folded.
    @inline(__always) private static func tripleWord(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let triple = UInt32(casebook_fold(a)) | UInt32(casebook_fold(b)) << 8 | UInt32(casebook_fold(c)) << 16
        return Int(casebook_keyword_word(triple))
    }

    /// Calls `body(keywordIndex, endOffset)` for every keyword occurrence in `text[range]`, in order of start.
    ///
    /// `endOffset` is the offset just past the keyword's last byte.
    @inline(__always)
    package func forEachMatch(in text: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (Int, Int) -> Void) {
        guard let base = text.baseAddress, !range.isEmpty, range.upperBound <= text.count else { return }
        lowercase.withUnsafeBufferPointer { lower in
            single.withUnsafeBufferPointer { single in
                let end = range.upperBound
                /// The exact test of one position: every keyword that starts there, in the order of the tables
                /// (three bytes or more, two, one).
                @inline(__always) func match(at i: Int) {
                    let a = base[i]
                    if i + 2 < end {
                        let word = Self.tripleWord(a, base[i + 1], base[i + 2])
                        compare(word, starts: tripleStart, keywords: tripleKeywords, at: i, base, end, lower, body)
                    }
                    if i + 1 < end {
                        compare(
                            Int(casebook_fold(a)), starts: pairStart, keywords: pairKeywords, at: i, base, end, lower,
                            body)
                    }
                    let s = single[Int(lower[Int(a)])]
                    if s != 0 { body(Int(s) - 1, i + 1) }
                }
                start.forEachCandidate(in: text, range: range) { match(at: $0) }
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
    /// byte. This test (`casebook_keyword_candidates64` in `ScanKernels`) takes 64 positions at once, eight at a
    /// time with vector instructions where the machine has AVX2, without a branch. Bytes are folded
    /// (`casebook_fold`: letters to lower case, and a few symbols onto others); then
    /// - the first three bytes at a position choose a 32-bit word of a 16 KiB table, and the fourth a bit in it: a
    ///   keyword of four bytes or more sets the bit of its fourth byte, one of three bytes its whole word;
    /// - two-byte keywords (`sk`) and one-byte keywords (`@`) are compared byte by byte.
    /// Logs pass about one position in a hundred, so the result is the same as testing every position, only sooner.
    struct StartFilter: Sendable {
        private let table: [UInt32]
        /// Each two-byte keyword's bytes, folded, one after another.
        private let pairs: [UInt8]
        /// Each one-byte keyword, folded.
        private let singles: [UInt8]

        init(keywords: [[UInt8]]) {
            var table = [UInt32](repeating: 0, count: Int(CASEBOOK_KEYWORD_TABLE_WORDS))
            var pairs: Set<[UInt8]> = []
            var singles: Set<UInt8> = []
            for keyword in keywords {
                let folded = keyword.map(casebook_fold)
                switch folded.count {
                case 0: continue
                case 1: singles.insert(folded[0])
                case 2: pairs.insert(folded)
                default:
                    let word = Int(
                        casebook_keyword_word(UInt32(folded[0]) | UInt32(folded[1]) << 8 | UInt32(folded[2]) << 16))
                    table[word] |= folded.count == 3 ? ~0 : 1 << casebook_keyword_bit(folded[3])
                }
            }
            self.table = table
            self.pairs = pairs.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 }
            self.singles = singles.sorted()
        }

        /// Bit k set where position `offset + k` of `buffer` may start a keyword, for `count` positions (at most 64
        /// are tested), by the kernel the machine chose or by the portable one.
        @inline(__always)
        func candidates(
            in buffer: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int, portable: Bool = false
        ) -> UInt64 {
            table.withUnsafeBufferPointer { table in
                pairs.withUnsafeBufferPointer { pairs in
                    singles.withUnsafeBufferPointer { singles in
                        let kernel = portable ? casebook_keyword_candidates64_portable : casebook_keyword_candidates64
                        return kernel(
                            buffer.baseAddress! + offset, count, buffer.count &- offset, table.baseAddress,
                            pairs.baseAddress, pairs.count / 2, singles.baseAddress, singles.count)
                    }
                }
            }
        }

        /// Calls `body(position)`, in order, for each position of `range` where a keyword may start.
        @inline(__always)
        func forEachCandidate(in text: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (Int) -> Void) {
            var block = range.lowerBound
            while block < range.upperBound {
                var candidates = candidates(in: text, at: block, count: range.upperBound &- block)
                while candidates != 0 {
                    body(block &+ candidates.trailingZeroBitCount)
                    candidates &= candidates &- 1
                }
                block &+= 64
            }
        }
    }
}
