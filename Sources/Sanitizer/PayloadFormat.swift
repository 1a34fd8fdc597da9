/// The formats `casebook sanitize` reads. `auto` tells them apart by their first bytes.
public enum PayloadFormat: String, Sendable, Codable, CaseIterable {
    case auto
    /// JSON or JSON Lines.
    case json
    /// HTTP Archive 1.2.
    case har
    /// Raw HTTP requests and responses, or a header block.
    case http
    /// A curl command line, or a `curl -v` transcript.
    case curl
    /// Anything else: logs, stack traces, `.env`, properties, YAML, TOML, chat pastes.
    case text

    /// Whether `head` starts like JSON Lines: an object alone on its first line, and another line after it.
    public static func looksLikeJSONLines(_ head: [UInt8]) -> Bool {
        guard let newline = head.firstIndex(of: ASCII.newline), newline + 1 < head.count else { return false }
        var last = newline
        while last > 0, ASCII.isWhitespace(head[last - 1]) { last -= 1 }
        var first = 0
        while first < last, ASCII.isWhitespace(head[first]) { first += 1 }
        guard first < last, head[first] == 0x7B, head[last - 1] == 0x7D else { return false }
        let rest = head[(newline + 1)...].drop { ASCII.isWhitespace($0) }
        return rest.first == 0x7B
    }

    /// Tells the format of `input` from its content (its first bytes are enough).
    public static func detect(_ input: UnsafeBufferPointer<UInt8>) -> PayloadFormat {
        var i = byteOrderMarkLength(input)
        while i < input.count, ASCII.isWhitespace(input[i]) { i += 1 }
        guard i < input.count else { return .text }
        let first = input[i]
        if first == 0x7B || first == 0x5B {
            let head = Array(input[i..<min(input.count, i + 4096)])
            if ValueShape.containsSubsequence(head, "\"log\"") && ValueShape.containsSubsequence(head, "\"entries\"")
                || ValueShape.containsSubsequence(head, "\"creator\"")
            {
                return .har
            }
            return .json
        }
        if CurlCommand.looksLike(input) || CurlVerbose.looksLike(input) { return .curl }
        if HTTPMessage.looksLike(input) { return .http }
        return .text
    }

    /// The length of a UTF-8 byte order mark at the start of `input` (Windows tools write one): 3 or 0. It is no
    /// part of the payload's format.
    static func byteOrderMarkLength(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF ? 3 : 0
    }
}
