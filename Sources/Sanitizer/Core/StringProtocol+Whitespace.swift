extension StringProtocol {
    /// The text without the white space (spaces, tabs, line breaks) at either end.
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through `NSString` on Linux, which costs a bridge and a copy of
    /// the whole string: on an import's hot path it cost more than parsing the value it trimmed.
    package func trimmingWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
