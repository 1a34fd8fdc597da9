import Foundation
import Sanitizer
import Testing

@Suite struct StringBytesTests {
    @Test(arguments: [
        ("java.net.SocketTimeoutException: Read timed out", "Exception", true),
        ("ExceptionHandler", "Exception", true),
        ("an Exceptio", "Exception", false),
        ("EEEError", "Error", true),
        ("EEEErro", "Error", false),
        ("", "Error", false),
        ("anything", "", true),
        ("https://api", "://", true),
        ("café Error", "Error", true),
    ])
    func containsBytesFindsWhatContainsFinds(text: String, needle: String, expected: Bool) {
        #expect(text.containsBytes(needle) == expected)
        #expect(text.dropFirst(0).containsBytes(needle) == expected, "as a Substring")
    }

    /// The range found is the one `range(of:)` finds, in the string and in a substring of it.
    @Test(arguments: [
        ("https://api.example.com://x", "://"), ("café://é", "://"), ("no scheme", "://"), ("aaab", "ab"),
        ("x", "xy"), ("", "a"),
    ])
    func firstRangeOfBytesIsTheFirstOccurrence(text: String, needle: String) {
        let expected = text.range(of: needle)
        #expect(text.firstRangeOfBytes(needle) == expected)
        let tail = text.dropFirst(1)
        #expect(tail.firstRangeOfBytes(needle) == tail.range(of: needle), "in a Substring")
    }

    @Test(arguments: [("  a b \n", "a b"), ("\t\r\n", ""), ("x", "x"), (" é ", "é"), ("", "")])
    func trimmingWhitespaceTakesOnlyTheEnds(text: String, expected: String) {
        #expect(String(text.trimmingWhitespace()) == expected)
    }
}
