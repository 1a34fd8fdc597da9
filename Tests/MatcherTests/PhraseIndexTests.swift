import Testing

@testable import Matcher

@Suite struct PhraseIndexTests {
    /// One pass with the index finds exactly the phrases a search for each phrase on its own finds, in texts made
    /// of pieces of the phrases (overlapping, cut short, at the very start and end).
    @Test func findsWhatASearchForEachPhraseFinds() {
        let lists: [[Phrase]] = [["rate limit", "429 from upstream", "x"], ["timeout", "timed out", "time"], ["ou"]]
        let index = PhraseIndex(lists)
        let pieces = ["rate", " limit", "429 from ", "upstream", "x", "time", "out", "timed", " ", "ou", "t", "ra"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            var expected: Set<PhraseIndex.Key> = []
            for (list, phrases) in lists.enumerated() {
                for (phrase, value) in phrases.enumerated() where text.contains(value.text) {
                    expected.insert(PhraseIndex.Key(list: list, phrase: phrase))
                }
            }
            #expect(index.phrases(in: LowercasedText(text)) == expected, "\(text)")
        }
    }
}
