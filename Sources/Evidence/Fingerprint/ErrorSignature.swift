/// An error message with the parts that differ between occurrences replaced by placeholders, so that two
/// occurrences of the same failure read the same.
///
/// `Timeout after 30012 ms calling 10.2.3.4:8443 (request 7f3e...)` becomes
/// `timeout after <n> ms calling <ip> (request <hex>)`. Replaced: UUIDs and long hex, timestamps, IP addresses,
/// emails, URLs, host names, and numbers; then case and runs of white space.
public struct ErrorSignature: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(message: String) {
        var output = ""
        // The signature keeps 400 characters: reading past the first few thousand only costs time.
        for word in message.prefix(2_000).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        {
            if !output.isEmpty { output += " " }
            output += Self.normalize(word)
        }
        description = String(output.prefix(400))
    }

    /// One word: a placeholder for what varies, the rest lowercased with its digit runs replaced.
    static func normalize(_ word: Substring) -> String {
        // Keep surrounding punctuation (quotes, brackets, a trailing comma) as it reads.
        let isCore: (Character) -> Bool = { $0.isLetter || $0.isNumber || "-_.:/@%+=~".contains($0) }
        guard let first = word.firstIndex(where: isCore), let last = word.lastIndex(where: isCore) else {
            return String(word)
        }
        let core = word[first...last]
        let lead = word[..<first]
        let trail = word[word.index(after: last)...]
        return lead + placeholder(core) + trail
    }

    static func placeholder(_ core: Substring) -> String {
        let text = String(core)
        if text.containsBytes("://") { return "<url>" }
        if text.utf8.contains(UInt8(ascii: "@")), text.utf8.contains(UInt8(ascii: ".")) { return "<email>" }
        let bytes = Array(text.utf8)
        let digits = bytes.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        let hexLike = bytes.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x2D
        }
        if hexLike, bytes.count >= 8, digits > 0 { return "<hex>" }
        if isAddress(bytes) { return "<ip>" }
        if digits >= 4, bytes.count >= 10, bytes.contains(0x3A) || bytes.contains(0x2D),
            bytes.first.map(isDigit) == true
        {
            return "<ts>"
        }
        if isHostName(text) { return "<host>" }
        // Digit runs become <n>; letters are lowercased.
        var out = ""
        var inDigits = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                if !inDigits { out.append("<n>") }
                inDigits = true
            } else {
                inDigits = false
                out.append(character)
            }
        }
        return out
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `10.2.3.4`, `10.2.3.4:8443`, or an IPv6 address (hex groups and at least two colons).
    static func isAddress(_ bytes: [UInt8]) -> Bool {
        var host = bytes
        let colons = bytes.filter { $0 == 0x3A }.count
        if colons >= 2 {
            return bytes.allSatisfy {
                isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x3A || $0 == 0x2E
            }
                && bytes.contains(where: isDigit)
        }
        if colons == 1, let colon = bytes.firstIndex(of: 0x3A) { host = Array(bytes[..<colon]) }
        let parts = host.split(separator: 0x2E, omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(isDigit) }
    }

    /// `payments.internal`, `api.stripe.com:443`: lowercase dotted names with a known top-level label, or with three
    /// labels or more; not `order.id` in a message, nor `java.lang.NullPointerException` (capitalized).
    static func isHostName(_ text: String) -> Bool {
        var name = Substring(text)
        if let colon = name.firstIndex(of: ":") {
            guard name[name.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
            name = name[..<colon]
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy({ $0.isLetter }),
            labels.allSatisfy({ label in
                !label.isEmpty && label.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
            })
        else { return false }
        return labels.count >= 3 || knownTopLabels.contains(String(top))
    }

    private static let knownTopLabels: Set<String> = [
        "com", "net", "org", "io", "dev", "app", "cloud", "internal", "local", "svc", "invalid", "example",
    ]
}
