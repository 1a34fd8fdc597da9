import Foundation

/// Judgements about a value's shape that decide whether a key's value is masked.
enum ValueShape {
    /// Whether a value stands for a secret without being one: empty, a template or environment reference, an
    /// already redacted marker, a boolean or null.
    static func isPlaceholder(_ value: some Collection<UInt8>) -> Bool {
        let v = Array(value)
        guard let first = v.first, let last = v.last else { return true }
        if v.allSatisfy({ $0 == 0x2A || $0 == 0x2E || $0 == 0x78 || $0 == 0x58 || $0 == 0x23 || $0 == 0x2D }) {
            return true  // ****, xxxx, ####, ...
        }
        if first == 0x24 && v.count > 1 {
            // ${VAR}, $(cmd), $VAR: a reference, not a value.
            if v[1] == 0x7B || v[1] == 0x28 { return true }
            if v.dropFirst().allSatisfy({ ASCII.isUpper($0) || ASCII.isDigit($0) || $0 == 0x5F }) { return true }
        }
        if (first == 0x7B && v.count > 1 && v[1] == 0x7B) || (first == 0x3C && last == 0x3E)
            || (first == 0x25 && last == 0x25 && v.count > 2)
        {
            return true  // {{template}}, <placeholder>, %VAR%
        }
        let lowered = String(decoding: v.map(ASCII.lower), as: UTF8.self)
        if placeholderWords.contains(lowered) { return true }
        // AWS's documentation examples (`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`).
        let text = String(decoding: v, as: UTF8.self)
        if text.hasSuffix("EXAMPLE") || text.hasSuffix("EXAMPLEKEY") { return true }
        // `ghp_XXXXXXXXXXXXXXXXXXXX`: a kind's prefix, then a run of one filler.
        if let underscore = v.lastIndex(of: 0x5F), underscore + 8 < v.count, underscore <= 12,
            v[(underscore + 1)...].allSatisfy({ $0 == v[underscore + 1] }), [0x58, 0x78, 0x2A, 0x30].contains(v.last!)
        {
            return true
        }
        if lowered.hasPrefix("[redacted") || lowered.hasPrefix("[filtered") || lowered.hasPrefix("<redacted")
            || lowered.hasPrefix("process.env.") || lowered.hasPrefix("os.environ") || lowered.hasPrefix("env:")
            || lowered.hasPrefix("secretkeyref") || lowered.hasPrefix("vault:")
            || lowered.hasPrefix("arn:aws:secretsmanager")
        {
            return true
        }
        return false
    }

    private static let placeholderWords: Set<String> = [
        "null", "nil", "none", "undefined", "true", "false", "redacted", "filtered", "hidden", "masked", "removed",
        "<none>", "n/a", "empty", "omitted", "sanitized", "[hidden]", "[masked]", "[secure]", "not-set", "unset",
        "your_api_key", "your-api-key", "your_token_here", "your_password", "placeholder",
        // PyPI's upload user name: a fixed word, not a person.
        "__token__",
    ]

    /// Whether a value is 20 hex digits or more with both letters and digits: a token, not a word or a number.
    static func isLongHex(_ value: some Collection<UInt8>) -> Bool {
        value.count >= 20 && value.allSatisfy(ASCII.isHex) && value.contains(where: ASCII.isDigit)
            && value.contains(where: ASCII.isLetter)
    }

    /// Whether a value is a query string of two parameters or more (`sv=2022-11-02&sig=...`, a SAS token): its
    /// parameters are judged each by its own name, not masked whole.
    static func isQueryString(_ value: some Collection<UInt8>) -> Bool {
        var pairs = 0
        for part in Array(value).split(separator: 0x26, omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: 0x3D), equals > part.startIndex,
                part[..<equals].allSatisfy({ ASCII.isAlnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E })
            else { return false }
            pairs += 1
        }
        return pairs >= 2
    }

    /// Whether a value looks machine-generated: long enough, no spaces, varied characters, not made of words.
    ///
    /// Used for weak keys (`key`, `code`, `sig`) whose values are secrets only sometimes: `code=4/0AeaYSHB...`
    /// is an OAuth code, `code=INVALID_TOKEN` an error code, `key=item:4412` a cache key.
    static func looksRandom(_ value: some Collection<UInt8>) -> Bool {
        let v = Array(value)
        guard v.count >= 12, v.count <= 4096 else { return false }
        var lower = 0
        var upper = 0
        var digit = 0
        for b in v {
            if ASCII.isLower(b) {
                lower += 1
            } else if ASCII.isUpper(b) {
                upper += 1
            } else if ASCII.isDigit(b) {
                digit += 1
            } else if !(b == 0x2D || b == 0x5F || b == 0x2E || b == 0x2F || b == 0x2B || b == 0x3D || b == 0x7E) {
                return false  // spaces, `:`, quotes...: prose, keys and paths, not tokens
            }
        }
        if v.first == 0x2F { return false }
        // `StripeApiKey`, `orderServiceClient`: an identifier in camelCase, words of a capital and lowercase.
        if v.allSatisfy(ASCII.isLetter) {
            var humps: [Int] = [0]
            for b in v {
                if ASCII.isUpper(b) && humps[humps.count - 1] > 0 { humps.append(0) }
                humps[humps.count - 1] += 1
            }
            if humps.count >= 2 && humps.allSatisfy({ $0 >= 3 }) { return false }
        }
        // `uploads/2024/05/report-q2.csv`: a path to a file (an S3 object key), not a token.
        if v.contains(0x2F), let dot = v.lastIndex(of: 0x2E), dot > v.lastIndex(of: 0x2F)!,
            (2...5).contains(v.count - dot - 1), v[(dot + 1)...].allSatisfy(ASCII.isLetter)
        {
            return false
        }
        let classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0)
        if classes < 2 || (digit == v.count) { return false }
        // `user-profile-2026`, `feature.new_checkout`: parts that are each only letters or only digits are words.
        let parts = v.split { $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x2F }
        if parts.count >= 2
            && parts.allSatisfy({ part in
                part.allSatisfy(ASCII.isLetter) || part.allSatisfy(ASCII.isDigit)
            })
        {
            return false
        }
        return shannonEntropy(v) >= (v.count < 20 ? 3.0 : 3.4)
    }

    /// The value with a query string's or form's spaces (`+`, `%20`) written as spaces: `Jane+Doe` is `Jane Doe`.
    static func formSpaced(_ value: some Collection<UInt8>) -> [UInt8] {
        var spaced = value.map { $0 == 0x2B ? ASCII.space : $0 }
        if spaced.contains(0x25) {
            spaced = Array(String(decoding: spaced, as: UTF8.self).replacingOccurrences(of: "%20", with: " ").utf8)
        }
        return spaced
    }

    /// Whether a value is shaped like a person's name: two to four capitalized words of letters.
    static func isPersonShaped(_ value: some Collection<UInt8>) -> Bool {
        // Two to four words are one to three spaces (`+` or `%20` in a query string): most values (`checkout`,
        // ids) are told apart without copying.
        var spaces = 0
        for b in value where b == ASCII.space || b == 0x2B || b == 0x25 { spaces += 1 }
        guard (1...3).contains(spaces) else { return false }
        let words = formSpaced(value).split(separator: ASCII.space, omittingEmptySubsequences: false)
        guard (2...4).contains(words.count) else { return false }
        for word in words {
            guard let first = word.first, ASCII.isUpper(first) || first >= 0x80, word.count >= 2 else { return false }
            for b in word.dropFirst() where !(ASCII.isLower(b) || b >= 0x80 || b == 0x2D || b == 0x27 || b == 0x2E) {
                return false
            }
        }
        return true
    }

    static func shannonEntropy(_ v: [UInt8]) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for b in v { counts[Int(b)] += 1 }
        let n = Double(v.count)
        var entropy = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            entropy -= p * log2(p)
        }
        return entropy
    }

    static func containsSubsequence(_ v: [UInt8], _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { n in
            guard n.count <= v.count else { return false }
            for i in 0...(v.count - n.count) where v[i] == n[0] {
                if (0..<n.count).allSatisfy({ v[i + $0] == n[$0] }) { return true }
            }
            return false
        }
    }
}
