import Glibc

// Text helpers that work on the UTF-8 bytes. Foundation's `trimmingCharacters(in:)` and `contains(_:)` go through
// `NSString` on Linux, and the standard library's `firstRange(of:)` through a generic searcher: on an import's hot
// path each cost more than the work around it.
extension StringProtocol {
    /// The text without the white space (spaces, tabs, line breaks) at either end.
    package func trimmingWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return self[endIndex...] }
        return self[first...last]
    }

    /// Whether `needle` occurs in the text, byte for byte.
    package func containsBytes(_ needle: String) -> Bool { firstRangeOfBytes(needle) != nil }

    /// Where `needle` first occurs in the text, byte for byte: Foundation's `range(of:)` goes through `NSString`.
    package func firstRangeOfBytes(_ needle: String) -> Range<Index>? {
        let found = utf8.withContiguousStorageIfAvailable { haystack -> Range<Int>? in
            var needle = needle
            return needle.withUTF8 { needle -> Range<Int>? in
                guard let n = needle.first else { return 0..<0 }
                // Each candidate's first byte is found with `memchr`; the rest is compared there.
                var start = 0
                while let i = ByteSearch.firstIndex(of: n, in: haystack, from: start, to: haystack.count) {
                    guard i + needle.count <= haystack.count else { return nil }
                    if memcmp(haystack.baseAddress! + i, needle.baseAddress!, needle.count) == 0 {
                        return i..<i + needle.count
                    }
                    start = i + 1
                }
                return nil
            }
        }
        guard let found else {
            // Not stored contiguously (bridged): search a copy, and map the offsets back.
            let copy = String(self)
            return copy.firstRangeOfBytes(needle).map { range in
                let lower = copy.utf8.distance(from: copy.startIndex, to: range.lowerBound)
                let upper = copy.utf8.distance(from: copy.startIndex, to: range.upperBound)
                return index(atUTF8Offset: lower)..<index(atUTF8Offset: upper)
            }
        }
        return found.map { index(atUTF8Offset: $0.lowerBound)..<index(atUTF8Offset: $0.upperBound) }
    }

    private func index(atUTF8Offset offset: Int) -> Index { utf8.index(utf8.startIndex, offsetBy: offset) }
}
