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
    package func containsBytes(_ needle: String) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { haystack in
            var needle = needle
            return needle.withUTF8 { needle in
                guard let n = needle.first else { return true }
                // Each candidate's first byte is found with `memchr`; the rest is compared there.
                var start = 0
                while let i = ByteSearch.firstIndex(of: n, in: haystack, from: start, to: haystack.count) {
                    guard i + needle.count <= haystack.count else { return false }
                    if memcmp(haystack.baseAddress! + i, needle.baseAddress!, needle.count) == 0 { return true }
                    start = i + 1
                }
                return false
            }
        }
        return found ?? String(self).containsBytes(needle)
    }
}
