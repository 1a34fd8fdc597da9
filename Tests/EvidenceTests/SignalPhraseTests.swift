import Sanitizer
import Testing

@testable import Evidence

@Suite struct SignalPhraseTests {
    /// The playbooks' phrases, as the classifier looks for them.
    static let phrases: [String] = Array(
        Set(
            PlaybookLibrary.builtIn.playbooks.flatMap(\.signals).flatMap { signal -> [String] in
                if case .text(let list) = signal.test { return list }
                return []
            })
    ).sorted()

    /// One pass of the keyword filter over a pack's text finds exactly the phrases that a search for each one
    /// finds, in any case, in texts made of pieces of the phrases (overlapping, cut short, at the very start and end).
    @Test func findsWhatASearchForEachPhraseFinds() {
        let phrases = Self.phrases
        let filter = KeywordFilter(keywords: phrases)
        let pieces =
            phrases.prefix(60).flatMap { phrase in
                [phrase, String(phrase.prefix(phrase.count / 2)), String(phrase.suffix(phrase.count / 2)).uppercased()]
            } + [" ", "\n", "_", "TIMED OUT", "x509: ", "Rate"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let expected = Set(phrases.filter { text.lowercased().contains($0) })
            var found: Set<String> = []
            EvidenceText(EvidencePack(logs: [text])).forEachMatch(of: filter) { index, _ in
                found.insert(phrases[index])
            }
            #expect(found == expected, "\(text)")
        }
    }
}
