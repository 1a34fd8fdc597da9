/// A shape match: the byte range of the value (only the value), its kind and the rule id.
struct ShapeMatch: Equatable, Sendable {
    var range: Range<Int>
    var kind: FindingKind
    var rule: String
}

/// Hand-written scanners for personal data recognized by its shape in free text: IP and MAC addresses, US social
/// security numbers, payment cards, phone numbers and IBANs.
///
/// The text pass calls them from its per-byte loop at a trigger byte, so each one rejects fast, never allocates on
/// the way to a rejection, and reads at most about 64 bytes around the trigger. Each validates what its domain
/// allows (octet ranges, issuance rules, IIN prefixes and Luhn, NANP and E.164 codes, IBAN lengths and mod 97)
/// and looks at the bytes around the value, so that versions, dates, timestamps, ids, prices and hex dumps of the
/// same shape are left alone. Values the mask factory made (documentation ranges, invalid check digits, tagged
/// phone numbers) are recognized and skipped, so sanitizing twice changes nothing.
enum ShapeScanner {
    /// How far from the trigger a scanner may read.
    static let window = 64

    // MARK: - Bytes

    // The ASCII punctuation the shapes are made of.
    static let dot: UInt8 = 0x2E
    static let dash: UInt8 = 0x2D
    static let colon: UInt8 = 0x3A
    static let plus: UInt8 = 0x2B
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let underscore: UInt8 = 0x5F
    static let slash: UInt8 = 0x2F
    static let hash: UInt8 = 0x23
    static let percent: UInt8 = 0x25
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D

    // MARK: - Numbers

    /// Called at `start` when text[start] is a digit, '+' or '(' and the byte before (if any) is not a letter,
    /// digit, '.', '_' or '-' attached to a word. Tries, in this order: IPv4 (public only), US SSN, payment card,
    /// phone. `end` is the exclusive end of the text. Returns the match, or nil.
    ///
    /// Most numbers in logs are short (`200`, `31000ms`, `4.18.2`): they are rejected after one look at the digit
    /// run and the byte that ends it.
    /// - Parameter digitRun: how many digits start at `start`, when the caller has counted them (a run that ends
    ///   before `end`).
    static func number(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, digitRun: Int? = nil)
        -> ShapeMatch?
    {
        guard start >= 0, start < end, end <= text.count else { return nil }
        let first = text[start]
        if start > 0 {
            let before = text[start - 1]
            if ASCII.isAlnum(before) || before == dot || before == underscore { return nil }
            if before == dash && start > 1 && ASCII.isAlnum(text[start - 2]) { return nil }
            // `+44 20 ...` was tried at its '+': its digits are not a number of their own.
            if before == plus && ASCII.isDigit(first) { return nil }
        }
        if first == plus || first == openParen {
            return phone(in: text, at: start, end: end, whole: false).map {
                ShapeMatch(range: $0, kind: .phone, rule: "phone-number")
            }
        }
        guard ASCII.isDigit(first) else { return nil }

        // The fast reject: the digit run and the byte after it.
        var i = start
        if let digitRun {
            i += min(digitRun, 20)
        } else {
            while i < end, i - start < 20, ASCII.isDigit(text[i]) { i += 1 }
        }
        let run = i - start
        if run > 19 { return nil }
        let next: UInt8 = i < end ? text[i] : ASCII.space
        let afterNext: UInt8 = i + 1 < end ? text[i + 1] : 0
        // Decided in one test: what follows a number is any byte, and a test of each case mispredicts.
        let attached = ASCII.isLetter(next) || next == underscore
        let separated = Self.isIn(Self.numberSeparators, next) && Self.isIn(Self.groupStarts, afterNext)
        guard !attached && (run >= 13 || separated) else { return nil }

        if next == dot && run <= 3 {
            switch ipv4(in: text, at: start, end: end) {
            case .address(let range): return ShapeMatch(range: range, kind: .ipAddress, rule: "ipv4")
            case .ignored: return nil
            case .notDottedQuad: break
            }
        }
        if run == 3, let range = ssn(in: text, at: start, end: end, whole: false) {
            return ShapeMatch(range: range, kind: .ssn, rule: "us-ssn")
        }
        if let range = card(in: text, at: start, end: end, whole: false) {
            return ShapeMatch(range: range, kind: .cardNumber, rule: "card-number")
        }
        // In free text, a phone number that starts with a digit other than 0 is a North American one (a first group
        // of three digits, or a lone 1 and then three) or a Russian one (a lone 8): after any other first group
        // `phone` cannot succeed, and dates, times and sizes (`2026-03-14`, `2559.0`) need not be read as groups.
        if first != 0x30 && run != 1 && run != 3 { return nil }
        // A phone number written from its first digit has nine digits at least (a national one; NANP has ten):
        // decimals and short groupings (`1.525`, `0.000 `) are turned down before their groups are read.
        guard mayHoldPhoneDigits(text, from: start, end: end) else { return nil }
        if let range = phone(in: text, at: start, end: end, whole: false) {
            return ShapeMatch(range: range, kind: .phone, rule: "phone-number")
        }
        return nil
    }

    /// '.', '-', space and '(': what may separate a number's first group from the next.
    private static let numberSeparators: UInt64 = 1 << 0x0E | 1 << 0x0D | 1 | 1 << 0x08
    /// A digit or '(': what may start the next group.
    private static let groupStarts: UInt64 = 0x3FF << 16 | 1 << 0x08

    /// Whether `byte` is in `set`, a set of bytes from the space to '_' as bits counted from the space.
    @inline(__always) private static func isIn(_ set: UInt64, _ byte: UInt8) -> Bool {
        let offset = byte &- ASCII.space
        return offset < 64 && set &>> UInt64(offset) & 1 != 0
    }

    /// Space, '(', ')', '-', '.' and the digits, as bits counted from the space.
    private static let phoneBytes: UInt64 = 1 | 1 << 8 | 1 << 9 | 1 << 13 | 1 << 14 | 0x3FF << 16

    /// Whether the bytes from `start` that a phone number's groups may take (digits, spaces, '-', '.', '(' and ')';
    /// `phoneGroups` reads no others, and no further) hold the nine digits that a phone number in free text needs.
    static func mayHoldPhoneDigits(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var digits = 0
        var i = start
        let limit = min(end, start + 56)
        while i < limit {
            let b = text[i]
            // One test for all the bytes a phone number may hold, however digits and separators alternate.
            guard isIn(phoneBytes, b) else { return false }
            digits &+= ASCII.isDigit(b) ? 1 : 0
            if digits == 9 { return true }
            i += 1
        }
        return false
    }

    // MARK: - Whole values

    /// Classifies a whole value given by a key context (e.g. under the key "phone" or "client_ip"); returns the
    /// kind if the WHOLE value is a public IP address, phone, card, SSN, IBAN or MAC; nil otherwise. Used for JSON
    /// values and headers like X-Forwarded-For parts.
    ///
    /// The key has already said what the value is likely to be, so the shapes free text needs formatting for are
    /// accepted bare here: `123456789` as an SSN, `2025550143` or `07700900123` as a phone. Surrounding whitespace
    /// is left out of the range, and so are what is not the value itself: a port (`203.0.113.7:4711`,
    /// `[2001:db8::1]:443`), a prefix length (`/24`), an IPv6 zone (`%eth0`), brackets and a phone extension.
    /// - Returns: the match, with a range in `value`'s indices.
    static func classifyWhole(_ value: UnsafeBufferPointer<UInt8>) -> ShapeMatch? {
        var s = 0
        var e = value.count
        while s < e, ASCII.isWhitespace(value[s]) { s += 1 }
        while e > s, ASCII.isWhitespace(value[e - 1]) { e -= 1 }
        guard e > s, e - s <= window else { return nil }
        let first = value[s]

        if first == openBracket {
            // [2001:db8::1] or [2001:db8::1]:443
            var close = s + 1
            while close < e, value[close] != closeBracket { close += 1 }
            guard close < e, isPortSuffix(value, from: close + 1, to: e) else { return nil }
            return ipv6Address(in: value, s + 1, zoneStripped(value, s + 1, close))
        }
        if let quad = parseIPv4(value, at: s, end: e) {
            let rest = quad.end
            guard rest == e || isPortSuffix(value, from: rest, to: e) || isPrefixLengthSuffix(value, from: rest, to: e),
                isPublicIPv4(quad.address)
            else { return nil }
            return ShapeMatch(range: s..<rest, kind: .ipAddress, rule: "ipv4")
        }
        var hasColon = false
        for i in s..<e where value[i] == colon {
            hasColon = true
            break
        }
        if hasColon {
            if e - s == 17, let mac = mac(in: value, s, e, separator: colon) { return mac }
            var addressEnd = zoneStripped(value, s, e)
            if addressEnd == e, let prefixLength = lastIndex(of: slash, in: value, s, e),
                isPrefixLengthSuffix(value, from: prefixLength, to: e)
            {
                addressEnd = prefixLength
            }
            return ipv6Address(in: value, s, addressEnd)
        }
        if e - s == 17, value[s + 2] == dash { return mac(in: value, s, e, separator: dash) }
        if e - s == 14, value[s + 4] == dot { return mac(in: value, s, e, separator: dot) }
        if ASCII.isLetter(first) {
            guard Checksums.ibanValid(value[s..<e]) else { return nil }
            return ShapeMatch(range: s..<e, kind: .iban, rule: "iban")
        }
        guard ASCII.isDigit(first) || first == plus || first == openParen else { return nil }
        if ASCII.isDigit(first), let range = card(in: value, at: s, end: e, whole: true), range.upperBound == e {
            return ShapeMatch(range: range, kind: .cardNumber, rule: "card-number")
        }
        if ASCII.isDigit(first), let range = ssn(in: value, at: s, end: e, whole: true), range.upperBound == e {
            return ShapeMatch(range: range, kind: .ssn, rule: "us-ssn")
        }
        if let range = phone(in: value, at: s, end: e, whole: true),
            range.upperBound == e || isPhoneExtension(value, from: range.upperBound, to: e)
        {
            return ShapeMatch(range: range, kind: .phone, rule: "phone-number")
        }
        return nil
    }

    /// The end of an IPv6 address before its zone (`fe80::1%eth0`), or `e` when there is none.
    private static func zoneStripped(_ text: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e {
            if text[i] == percent { return i }
            i += 1
        }
        return e
    }

    private static func lastIndex(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var i = e
        while i > s {
            i -= 1
            if text[i] == byte { return i }
        }
        return nil
    }

    /// `:443`: a colon and one to five digits, up to `to`.
    private static func isPortSuffix(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        if from == to { return true }
        guard to - from >= 2, to - from <= 6, text[from] == colon else { return false }
        return (from + 1..<to).allSatisfy { ASCII.isDigit(text[$0]) }
    }

    /// `/24` or `/64`: a slash and one to three digits, up to `to`.
    private static func isPrefixLengthSuffix(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        guard to - from >= 2, to - from <= 4, text[from] == slash else { return false }
        return (from + 1..<to).allSatisfy { ASCII.isDigit(text[$0]) }
    }

    /// ` x123`, `x123`, ` ext. 123`, `;ext=123`, `#123`: an extension after a phone number.
    private static func isPhoneExtension(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var i = from
        while i < to, ASCII.isSpace(text[i]) || text[i] == 0x3B || text[i] == 0x2C { i += 1 }
        guard i < to else { return false }
        if ASCII.lower(text[i]) == 0x78 || text[i] == hash {
            i += 1
        } else if to - i >= 3, ASCII.equalsIgnoringCase(text[i..<(i + 3)], "ext") {
            i += 3
            while i < to, text[i] == dot || text[i] == 0x3D || text[i] == colon { i += 1 }
        } else {
            return false
        }
        while i < to, ASCII.isSpace(text[i]) { i += 1 }
        let digits = i
        while i < to, ASCII.isDigit(text[i]) { i += 1 }
        return i == to && (1...6).contains(i - digits)
    }

    // MARK: - Context

    /// Whether the bytes at `index` continue the value that ended there, making it part of something longer:
    /// a letter, a digit or '_', or a '-', '.', '/' or ':' followed by a digit (`2026-06-19`, `3.14`, `1/2`).
    static func continues(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        guard index < end else { return false }
        let b = text[index]
        if ASCII.isAlnum(b) || b == underscore { return true }
        if b == dash || b == dot || b == slash || b == colon {
            return index + 1 < end && ASCII.isDigit(text[index + 1])
        }
        return false
    }

    /// Whether a space-separated number at `start` follows another group of digits (`12 345 678 901`), so that it
    /// is a tail of a longer number rather than a value of its own.
    ///
    /// The end of a date, a time or a decimal (`2026-03-14 `, `08:00:00 `, `1.5 `) is not such a group: a card or a
    /// phone number after a log line's timestamp is a value of its own.
    static func followsDigitGroup(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start >= 2, ASCII.isSpace(text[start - 1]), ASCII.isDigit(text[start - 2]) else { return false }
        var groupStart = start - 2
        while groupStart > 0, start - groupStart < 32, ASCII.isDigit(text[groupStart - 1]) { groupStart -= 1 }
        guard groupStart > 0 else { return true }
        let before = text[groupStart - 1]
        return !(before == dash || before == colon || before == dot || before == slash)
    }

    /// The key or word just before a value at `start`: `order_id=`, `"traceId": `, `version `, `build #`.
    ///
    /// Skips up to four bytes of quotes, spaces, ':', '=' and '#', then takes up to 32 key characters.
    /// - Returns: the key's range, or nil when no word is there.
    static func keyBefore(_ text: UnsafeBufferPointer<UInt8>, start: Int) -> Range<Int>? {
        var i = start
        while i > 0, start - i < 4 {
            let b = text[i - 1]
            guard
                b == ASCII.space || b == ASCII.tab || b == ASCII.quote || b == ASCII.apostrophe || b == colon
                    || b == 0x3D || b == hash
            else { break }
            i -= 1
        }
        var keyEnd = i
        while keyEnd > 0, i - keyEnd < 2, text[keyEnd - 1] == dot { keyEnd -= 1 }  // `No. 123`, `ver. 2`
        var keyStart = keyEnd
        while keyStart > 0, keyEnd - keyStart < 32, ASCII.isKeyChar(text[keyStart - 1]) { keyStart -= 1 }
        return keyStart < keyEnd ? keyStart..<keyEnd : nil
    }

    /// Whether a '#' stands right before the value (`#4111...`, `order # 202-555-0143`): a number that counts
    /// things, not one that reaches a person.
    static func hasNumberSign(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        var i = start
        while i > 0, start - i < 2, ASCII.isSpace(text[i - 1]) { i -= 1 }
        return i > 0 && text[i - 1] == hash
    }

    /// The last word of a key, split at '_', '-', '.' and camelCase humps: `trace_id` → `id`, `traceId` → `Id`,
    /// `ORDER_NUMBER` → `NUMBER`.
    static func lastWord(of key: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = key.upperBound
        while start > key.lowerBound, ASCII.isAlnum(text[start - 1]) {
            start -= 1
            // A hump: an uppercase letter after a lowercase one starts the word.
            if ASCII.isUpper(text[start]) && start > key.lowerBound && ASCII.isLower(text[start - 1]) { break }
        }
        return start..<key.upperBound
    }

    /// Whether the key before `start` names an identifier, a count or a time rather than a person's data: a
    /// 16-digit number under `order_id` or `traceId` is an id even when its Luhn digit happens to fit.
    static func followsIdentifierKey(_ text: UnsafeBufferPointer<UInt8>, start: Int) -> Bool {
        if hasNumberSign(text, before: start) { return true }
        guard let key = keyBefore(text, start: start) else { return false }
        let word = text[lastWord(of: key, in: text)]
        return identifierWords.contains { ASCII.equalsIgnoringCase(word, $0) }
    }

    /// Whether the word before `start` says a dotted number is a version (`version 10.2.0.1`, `build 4.18.2.7`).
    static func followsVersionKey(_ text: UnsafeBufferPointer<UInt8>, start: Int) -> Bool {
        guard let key = keyBefore(text, start: start) else { return false }
        let word = text[lastWord(of: key, in: text)]
        return versionWords.contains { ASCII.equalsIgnoringCase(word, $0) }
    }

    /// Last words of keys whose values are identifiers, counters, times or sizes.
    private static let identifierWords: [StaticString] = [
        "id", "ids", "uuid", "guid", "trace", "span", "parent", "order", "orders", "invoice", "ticket", "ref",
        "reference", "seq", "sequence", "offset", "nonce", "ts", "timestamp", "time", "epoch", "millis", "nanos",
        "ms", "ns", "micros", "sec", "secs", "seconds",
        "build", "version", "tx", "txn", "txid", "request", "req", "job", "task", "pid", "port", "size", "bytes",
        "count", "total", "duration", "elapsed", "latency", "sku", "isbn", "ean", "gtin", "upc", "barcode", "serial",
        "checksum", "hash", "crc",
    ]

    /// Words before a dotted number that make it a version.
    private static let versionWords: [StaticString] = [
        "version", "ver", "v", "rv", "release", "rel", "build", "firmware", "fw", "kernel", "rev", "revision", "patch",
        "oid",
    ]
}
