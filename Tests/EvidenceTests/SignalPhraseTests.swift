import Testing

@testable import Evidence

@Suite struct SignalPhraseTests {
    /// One pass of the keyword filter finds exactly the signal phrases that a search for each one finds, in any
    /// case, in texts made of pieces of the phrases (overlapping, cut short, at the very start and end).
    @Test func findsWhatASearchForEachPhraseFinds() {
        let phrases = Triage.signalPhrases.flatMap(\.1)
        let pieces =
            phrases.prefix(40).flatMap { phrase in
                [phrase, String(phrase.prefix(phrase.count / 2)), String(phrase.suffix(phrase.count / 2)).uppercased()]
            } + [" ", "\n", "_", "TIMED OUT", "x509: ", "Rate"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let expected = Set(phrases.filter { text.lowercased().contains($0) })
            #expect(Triage.signalPhrasesIn(text) == expected, "\(text)")
        }
    }
}
