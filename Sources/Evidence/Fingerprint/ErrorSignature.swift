/// An error message with the parts that differ between occurrences replaced by placeholders, so that two
/// occurrences of the same failure read the same.
///
/// `Timeout after 30012 ms calling 10.2.3.4:8443 (request 7f3e...)` becomes
/// `timeout after <n> ms calling <ip> (request <hex>)`. Replaced: UUIDs and long hex, timestamps, IP addresses,
/// emails, URLs, host names, and numbers; then case and runs of white space.
public struct ErrorSignature: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(message: String) {
        description = Self.asciiSignature(message) ?? Self.signature(message)
    }

    /// The signature of any message, `Character` by `Character`.
    static func signature(_ message: String) -> String {
        var output = ""
        // The signature keeps 400 characters: reading past the first few thousand only costs time.
        for word in message.prefix(2_000).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        {
            if !output.isEmpty { output += " " }
            output += Self.normalize(word)
        }
        return String(output.prefix(400))
    }

    /// The signature of a message in ASCII without carriage returns, where a byte is a `Character`: the same as
    /// the general path gives, computed on the bytes. Nil for any other message.
    static func asciiSignature(_ message: String) -> String? {
        var message = message
        return message.withUTF8 { bytes -> String? in
            let considered = UnsafeBufferPointer(rebasing: bytes.prefix(2_000))
            // Past the 2,000th byte, a combining mark would join the last character considered.
            guard !considered.contains(where: { $0 >= 0x80 || $0 == 0x0D }),
                bytes.count <= considered.count || bytes[considered.count] < 0x80
            else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(min(considered.count + 16, 512))
            for word in considered.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
                if !output.isEmpty { output.append(0x20) }
                guard let first = word.firstIndex(where: isCoreByte), let last = word.lastIndex(where: isCoreByte)
                else {
                    output += word
                    continue
                }
                output += word[word.startIndex..<first]
                appendPlaceholder(of: UnsafeBufferPointer(rebasing: word[first...last]), to: &output)
                output += word[(last + 1)...]
            }
            return String(decoding: output.prefix(400), as: UTF8.self)
        }
    }

    /// `isCore` of the general path, for an ASCII byte: a letter, a digit, or one of `-_.:/@%+=~`.
    private static func isCoreByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || coreSymbols.contains(b)
    }

    private static let coreSymbols = Set("-_.:/@%+=~".utf8)

    /// `placeholder` of the general path, for ASCII bytes.
    private static func appendPlaceholder(of core: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let bytes = Array(core)
        if let shape = shapePlaceholder(String(decoding: bytes, as: UTF8.self), bytes) {
            output += shape.utf8
            return
        }
        var inDigits = false
        for byte in bytes {
            if isDigit(byte) {
                if !inDigits { output += "<n>".utf8 }
                inDigits = true
            } else {
                inDigits = false
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
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
        if let shape = shapePlaceholder(text, Array(text.utf8)) { return shape }
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

    /// The placeholder of a word that has a shape of its own (`<url>`, `<email>`, `<hex>`, `<ip>`, `<ts>`,
    /// `<host>`), or nil; `bytes` are the word's UTF-8 bytes.
    private static func shapePlaceholder(_ text: String, _ bytes: [UInt8]) -> String? {
        if text.containsBytes("://") { return "<url>" }
        if bytes.contains(0x40), bytes.contains(0x2E) { return "<email>" }
        let digits = bytes.filter(isDigit).count
        let hexLike = bytes.allSatisfy { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x2D }
        if hexLike, bytes.count >= 8, digits > 0 { return "<hex>" }
        if isAddress(bytes) { return "<ip>" }
        if digits >= 4, bytes.count >= 10, bytes.contains(0x3A) || bytes.contains(0x2D),
            bytes.first.map(isDigit) == true
        {
            return "<ts>"
        }
        // A host name has a dot; without one, its test need not split the word.
        if bytes.contains(0x2E), isHostName(text) { return "<host>" }
        return nil
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
