/// Phone numbers: E.164 (`+44 20 7946 0018`, `+1 (202) 555-0143`, `0044 ...`), NANP national formats
/// (`(202) 555-0143`, `202-555-0143`, `1-202-555-0143`) and European national formats with a trunk 0
/// (`020 7946 0018`, `07700 900123`, `01 23 45 67 89`).
///
/// A number is read as digit groups with the separators people write between them, then judged as a whole: the
/// country code must be assigned and the national number of a length that country uses, NANP area and exchange
/// codes must be possible, and a national number must be grouped the way phone numbers are. Dates, times,
/// versions, prices, ids and runs of numbers have other groupings and fail.
extension ShapeScanner {
    /// The digit groups of a written phone number, as the lexer found them.
    ///
    /// Small enough to live in registers: positions are offsets from the number's start (a number is read within
    /// 64 bytes), so reading one costs no allocation and almost no copying.
    struct PhoneGroups {
        static let capacity = 8
        /// Where the number starts; group positions are offsets from here.
        let base: Int
        private(set) var count = 0
        private var offsets = SIMD8<UInt8>()
        private var digitCounts = SIMD8<UInt8>()
        /// The byte between the previous group and this one: a space, '-', '.', ')' when the group follows a
        /// closing parenthesis directly, '(' when it is in parentheses right after the previous group; 0 for the
        /// first group.
        private(set) var separators = SIMD8<UInt8>()
        /// Bit k: group k is in parentheses.
        private(set) var parenthesized: UInt8 = 0

        init(base: Int) { self.base = base }

        /// The first digit of group k.
        var starts: Positions { Positions(base: base, offsets: offsets) }
        /// The digits in group k.
        var lengths: Lengths { Lengths(counts: digitCounts) }

        /// Group positions, read as absolute indices.
        struct Positions {
            let base: Int
            let offsets: SIMD8<UInt8>
            subscript(k: Int) -> Int { base + Int(offsets[k]) }
        }

        /// Group digit counts, read as `Int`s.
        struct Lengths {
            let counts: SIMD8<UInt8>
            subscript(k: Int) -> Int { Int(counts[k]) }
        }

        /// Adds a group; past the capacity, or too far from the start to be one number, it is dropped.
        mutating func append(start: Int, length: Int, parenthesized inParentheses: Bool, separator: UInt8) {
            guard count < Self.capacity, start - base < 256, length < 256 else { return }
            offsets[count] = UInt8(start - base)
            digitCounts[count] = UInt8(length)
            separators[count] = separator
            if inParentheses { parenthesized |= 1 << UInt8(count) }
            count += 1
        }

        /// Whether group k is in parentheses.
        func isParenthesized(_ k: Int) -> Bool { parenthesized & (1 << UInt8(k)) != 0 }

        /// Whether any of the first `k` groups other than those in `allowed` (a bit set) is in parentheses.
        func hasParentheses(among k: Int, except allowed: UInt8) -> Bool {
            let firstK: UInt8 = k >= 8 ? 0xFF : (1 << UInt8(k)) - 1
            return parenthesized & firstK & ~allowed != 0
        }

        /// The end of group k, past its closing parenthesis.
        func end(of k: Int) -> Int { starts[k] + lengths[k] + (isParenthesized(k) ? 1 : 0) }

        /// The digits in the first `k` groups.
        func digitCount(_ k: Int) -> Int {
            var n = 0
            for j in 0..<k { n += lengths[j] }
            return n
        }
    }

    /// How a phone number was written.
    enum PhoneForm {
        /// With a country code, after '+' or the call prefix 00.
        case international
        /// A North American number without its +1.
        case nanp
        /// A national number with a trunk prefix (0, or 8 in Russia).
        case national
    }

    /// A phone number starting at `start`, which is a digit, '+' or '('.
    ///
    /// In free text a number may be followed by another number after a space (`+1 202 555 0143 2 calls`): when
    /// all groups together are too long for the country, the number without that last group is taken.
    /// - Parameter whole: the value is a whole value under a phone-like key: bare digits and any separators do.
    /// - Returns: the range of the number, without an extension; nil when it is none, or one of our masks.
    static func phone(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, whole: Bool) -> Range<Int>? {
        guard start >= 0, start + 1 < end, end <= text.count else { return nil }
        let first = text[start]
        let international = first == plus
        if international || first == openParen {
            guard ASCII.isDigit(text[start + 1]) else { return nil }
        }
        guard let groups = phoneGroups(in: text, at: start, end: end), groups.count > 1 || whole || international
        else { return nil }
        if !whole && !international && followsDigitGroup(text, at: start) { return nil }
        var k = groups.count
        while k >= 1 {
            defer { k -= 1 }
            // One trailing group may be left off, only at a space, and only in free text: more is a run of numbers.
            if k < groups.count && (whole || k < groups.count - 1 || groups.separators[k] != ASCII.space) { continue }
            guard let form = phoneForm(text, groups, k, international: international, whole: whole) else { continue }
            // A national number grouped with spaces and followed by more groups is part of a longer run.
            if k < groups.count && form == .national { return nil }
            let valueEnd = groups.end(of: k - 1)
            if !whole && continuesPhone(text, at: valueEnd, end: end) { return nil }
            if !whole && !international && followsIdentifierKey(text, start: start) { return nil }
            let range = start..<valueEnd
            return MaskFactory.isMaskedPhone(text[range]) ? nil : range
        }
        return nil
    }

    /// Reads digit groups from `start`: an optional '+', then groups of digits (one may be in parentheses),
    /// separated by one space, '-' or '.', or by nothing around a parenthesis. At most 8 groups within 40 bytes.
    /// - Returns: nil when the first group is malformed or a group is longer than any phone number.
    static func phoneGroups(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> PhoneGroups? {
        var groups = PhoneGroups(base: start)
        var i = start
        if text[i] == plus { i += 1 }
        var separator: UInt8 = 0
        while groups.count < PhoneGroups.capacity, i < end, i - start < 40 {
            let inParentheses = text[i] == openParen
            if inParentheses { i += 1 }
            let groupStart = i
            while i < end, i - groupStart < 16, ASCII.isDigit(text[i]) { i += 1 }
            let length = i - groupStart
            if length > 15 { return nil }
            if inParentheses {
                guard length >= 1, length <= 5, i < end, text[i] == closeParen else {
                    // `(202) 555-0143 (home)`: the number ended before the parenthesis.
                    return groups.count == 0 ? nil : groups
                }
                i += 1
            }
            guard length > 0 else { return groups.count == 0 ? nil : groups }
            groups.append(start: groupStart, length: length, parenthesized: inParentheses, separator: separator)
            guard i < end else { break }
            let b = text[i]
            if inParentheses && ASCII.isDigit(b) {
                separator = closeParen
                continue
            }
            if b == openParen && !inParentheses && i + 1 < end && ASCII.isDigit(text[i + 1]) {
                separator = openParen  // +44(0)20 ..., 1(202)555-0143
                continue
            }
            guard b == ASCII.space || b == dash || b == dot, i + 1 < end else { break }
            let n = text[i + 1]
            guard ASCII.isDigit(n) || (n == openParen && i + 2 < end && ASCII.isDigit(text[i + 2])) else { break }
            separator = b
            i += 1
        }
        return groups
    }

    /// How the first `k` groups form a phone number, or nil when they form none.
    static func phoneForm(
        _ text: UnsafeBufferPointer<UInt8>, _ groups: PhoneGroups, _ k: Int, international: Bool, whole: Bool
    ) -> PhoneForm? {
        if international {
            return isInternational(text, groups, k, callPrefix: 0) ? .international : nil
        }
        let start = groups.starts[0]
        if isRussianTrunk(text, groups, k) { return .national }
        guard text[start] == 0x30 else { return isNANP(text, groups, k, whole: whole) ? .nanp : nil }
        if groups.lengths[0] > 1 && text[start + 1] == 0x30 {
            // 0044 20 7946 0018, 001-202-555-0143: the international call prefix, then the country code.
            guard !groups.isParenthesized(0), groups.lengths[0] >= 3, k >= 2 || whole else { return nil }
            return isInternational(text, groups, k, callPrefix: 2) ? .international : nil
        }
        return isNationalTrunk(text, groups, k, whole: whole) ? .national : nil
    }

    /// E.164: an assigned country code written whole at the start, 8 to 15 digits, a national number of a length
    /// the country uses, and for +1 a possible NANP number. A `(0)` after the code is the trunk prefix people add
    /// for domestic callers (`+44 (0)20 ...`) and does not count.
    private static func isInternational(
        _ text: UnsafeBufferPointer<UInt8>, _ groups: PhoneGroups, _ k: Int, callPrefix: Int
    ) -> Bool {
        // Only the group after the country code may be in parentheses: `+1 (202) ...`, `+44 (0)20 ...`.
        guard !groups.hasParentheses(among: k, except: 0b10) else { return false }
        var digits = DigitString()
        for j in 0..<k {
            let start = groups.starts[j]
            let length = groups.lengths[j]
            if j == 1 && length == 1 && groups.isParenthesized(1) && text[start] == 0x30 { continue }
            for i in start..<(start + length) { digits.append(text[i] &- 0x30) }
        }
        digits.drop(callPrefix)
        guard (8...15).contains(digits.count), let code = Phone.countryCode(digits[0], digits[1], digits[2]),
            groups.lengths[0] - callPrefix >= code.length,
            Phone.nationalLengths(countryCode: code.value, codeLength: code.length).contains(digits.count - code.length)
        else { return false }
        if code.value == 1 {
            return Phone.isValidNANP(area: digits.value(1, 3), exchange: digits.value(4, 3))
        }
        return true
    }

    /// A North American number: `(202) 555-0143`, `(202)555-0143`, `202-555-0143`, `202.555.0143`,
    /// `202 555-0143`, `1-202-555-0143`, `1 (202) 555-0143`; in a whole value also `2025550143`, `12025550143`
    /// and any separators. `202 555 0143` in free text is a run of numbers, not a phone.
    private static func isNANP(_ text: UnsafeBufferPointer<UInt8>, _ groups: PhoneGroups, _ k: Int, whole: Bool) -> Bool
    {
        let lead = groups.lengths[0] == 1 && text[groups.starts[0]] == 0x31 && !groups.isParenthesized(0)
        if whole && k == 1 {
            let length = groups.lengths[0]
            let offset = length == 11 && text[groups.starts[0]] == 0x31 ? 1 : 0
            guard length - offset == 10, !groups.isParenthesized(0),
                let area = decimal(text, groups.starts[0] + offset, 3),
                let exchange = decimal(text, groups.starts[0] + offset + 3, 3)
            else { return false }
            return Phone.isValidNANP(area: area, exchange: exchange)
        }
        let a = lead ? 1 : 0
        let (x, s) = (a + 1, a + 2)
        guard k == a + 3, groups.lengths[a] == 3, groups.lengths[x] == 3, groups.lengths[s] == 4,
            !groups.hasParentheses(among: k, except: 1 << UInt8(a))
        else { return false }
        let areaInParentheses = groups.isParenthesized(a)
        let (s1, s2) = (groups.separators[x], groups.separators[s])
        if !whole {
            if areaInParentheses {
                guard s1 == closeParen || s1 == ASCII.space || s1 == dash, s2 != closeParen else { return false }
            } else {
                guard (s1 == s2 && (s1 == dash || s1 == dot)) || (s1 == ASCII.space && s2 == dash) else { return false }
            }
            if lead {
                let s0 = groups.separators[a]
                guard s0 == ASCII.space || areaInParentheses || s0 == s1 else { return false }
            }
        }
        guard let area = decimal(text, groups.starts[a], 3), let exchange = decimal(text, groups.starts[x], 3) else {
            return false
        }
        return Phone.isValidNANP(area: area, exchange: exchange)
    }

    /// A national number with a trunk 0, as written in the UK, Europe and East Asia: `020 7946 0018`,
    /// `(020) 7946 0018`, `07700 900123`, `030 12345678`, `08-170 669 07`, `(0406)-812415`, `020-1234567`,
    /// `090-3915-0008`, `01 23 45 67 89`, `01.23.45.67.89`. 9 to 12 digits and an area code of 2-5 digits, grouped
    /// with spaces, in five pairs, or with dashes as area code and number or in three groups ending in four
    /// digits; in a whole value also bare or with any separators. Dashes and dots elsewhere make dates and ids
    /// (`01-02-2026`, `0123-4567-8`), not phones.
    private static func isNationalTrunk(
        _ text: UnsafeBufferPointer<UInt8>, _ groups: PhoneGroups, _ k: Int, whole: Bool
    ) -> Bool {
        let n = groups.digitCount(k)
        let areaInParentheses = groups.isParenthesized(0)
        if k == 1 { return whole && (10...11).contains(n) && !areaInParentheses }
        // More than five groups is a table or a dump of numbers, not one phone number.
        guard k <= 5, (9...12).contains(n), (2...5).contains(groups.lengths[0]),
            !groups.hasParentheses(among: k, except: 0b1)
        else { return false }
        for j in 1..<k where !(2...8).contains(groups.lengths[j]) { return false }
        // 19 06 2026 1200, 06-19-2026: a date.
        if k >= 3 && groups.lengths[0] == 2 && groups.lengths[1] == 2 && groups.lengths[2] == 4 { return false }
        if whole { return true }
        if k == 5 && (0..<5).allSatisfy({ groups.lengths[$0] == 2 })
            && (2..<5).allSatisfy({ groups.separators[$0] == groups.separators[1] })
        {
            return true
        }
        let first = groups.separators[1]
        let restSpaced = (2..<k).allSatisfy { groups.separators[$0] == ASCII.space }
        if (first == ASCII.space || first == closeParen) && restSpaced { return true }
        // 08-170 669 07 (Sweden), (0406)-812415
        if first == dash && restSpaced && (k >= 3 || areaInParentheses) { return true }
        // 020-1234567, 030-12345678 (the Netherlands, Germany)
        if k == 2 && first == dash && groups.lengths[0] >= 3 && groups.lengths[1] >= 5 && n >= 10 { return true }
        // 090-3915-0008, 010-1234-5678, 02-1234-5678
        return k == 3 && first == dash && groups.separators[2] == dash && (3...4).contains(groups.lengths[1])
            && groups.lengths[2] == 4
    }

    /// A Russian national number with the trunk 8 and the area code in parentheses: `8 (495) 123-45-67`.
    private static func isRussianTrunk(_ text: UnsafeBufferPointer<UInt8>, _ groups: PhoneGroups, _ k: Int) -> Bool {
        guard k >= 3, groups.lengths[0] == 1, text[groups.starts[0]] == 0x38, groups.isParenthesized(1),
            (3...5).contains(groups.lengths[1]), !groups.hasParentheses(among: k, except: 0b10),
            groups.digitCount(k) == 11
        else { return false }
        return (2..<k).allSatisfy { groups.separators[$0] != dot }
    }

    /// Whether the byte at `index` continues the number: as ``continues(_:at:end:)``, except an extension
    /// (`x123`).
    private static func continuesPhone(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        guard index < end else { return false }
        let b = text[index]
        if (b == 0x78 || b == 0x58) && index + 1 < end && ASCII.isDigit(text[index + 1]) { return false }
        return continues(text, at: index, end: end)
    }

    /// Up to 32 digit values on the stack: the digits of one phone number, without allocating.
    struct DigitString {
        private var storage = SIMD32<UInt8>()
        private var offset = 0
        private var total = 0

        var count: Int { total - offset }

        mutating func append(_ digit: UInt8) {
            if total < 32 { storage[total] = digit }
            total += 1
        }

        /// Leaves out the first `n` digits.
        mutating func drop(_ n: Int) { offset = min(total, offset + n) }

        /// The digit at `i`, or -1 past the end.
        subscript(i: Int) -> Int {
            let j = offset + i
            return i >= 0 && j < min(total, 32) ? Int(storage[j]) : -1
        }

        /// The decimal value of `length` digits from `from`.
        func value(_ from: Int, _ length: Int) -> Int {
            var v = 0
            for i in from..<(from + length) { v = v * 10 + max(0, self[i]) }
            return v
        }
    }
}
