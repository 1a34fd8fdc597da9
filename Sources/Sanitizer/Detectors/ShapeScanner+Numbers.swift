/// Digit shapes: IPv4 dotted quads, US social security numbers and payment card numbers.
extension ShapeScanner {
    // MARK: - IPv4

    /// What a dotted quad at a position turned out to be.
    enum DottedQuadVerdict: Equatable {
        /// A public address: report it.
        case address(Range<Int>)
        /// Four valid octets, but private, reserved, one of our masks, or a version: leave it, and try nothing else.
        case ignored
        /// Not four octets: another number shape may still fit.
        case notDottedQuad
    }

    /// A public IPv4 address at `start`, without its `:port` or `/prefix`.
    ///
    /// A dotted quad is a version when a 'v', a product (`Chrome/120.0.0.0`) or the word `version` stands before
    /// it, or a fifth part or a suffix (`1.2.3.4-beta`, `.5`) follows it.
    static func ipv4(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> DottedQuadVerdict {
        guard let quad = parseIPv4(text, at: start, end: end) else { return .notDottedQuad }
        let after = quad.end
        if after < end {
            let b = text[after]
            if ASCII.isAlnum(b) || b == underscore { return .ignored }
            if (b == dot || b == dash) && after + 1 < end && ASCII.isAlnum(text[after + 1]) {
                // `203.0.113.7-203.0.113.9` is a range of addresses; `1.2.3.4-beta` and `1.2.3.4.5` are versions.
                let isRange = b == dash && parseIPv4(text, at: after + 1, end: min(end, after + 17)) != nil
                if !isRange { return .ignored }
            }
        }
        if start > 0 {
            let before = text[start - 1]
            if before == 0x76 || before == 0x56 { return .ignored }  // v1.2.3.4
            // `pkg==4.3.2.1`, `pkg>=…`, `pkg~=…`: a pinned version.
            if before == 0x3D && start > 1 && [0x3D, 0x3E, 0x3C, 0x7E, 0x21].contains(text[start - 2]) {
                return .ignored
            }
            // `~[app-1.2.3.4.jar:1.2.3.4]`: the version after a Java frame's archive.
            if before == 0x3A && start >= 5
                && (ASCII.equalsIgnoringCase(text[(start - 5)..<(start - 1)], ".jar")
                    || ASCII.equalsIgnoringCase(text[(start - 5)..<(start - 1)], ".war"))
            {
                return .ignored
            }
            if before == slash && start > 1 && ASCII.isAlnum(text[start - 2]) { return .ignored }
        }
        guard isPublicIPv4(quad.address), !followsVersionKey(text, start: start) else { return .ignored }
        return .address(start..<after)
    }

    /// Four decimal octets separated by dots, each 0-255 without a leading zero (`010` is octal to some parsers).
    /// - Returns: the end of the fourth octet and the address, or nil.
    static func parseIPv4(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, address: UInt32)? {
        var i = start
        var address: UInt32 = 0
        for octet in 0..<4 {
            if octet > 0 {
                guard i < end, text[i] == dot else { return nil }
                i += 1
            }
            let octetStart = i
            var value: UInt32 = 0
            while i < end, i - octetStart < 4, ASCII.isDigit(text[i]) {
                value = value * 10 + UInt32(text[i] &- 0x30)
                i += 1
            }
            let length = i - octetStart
            guard length >= 1, length <= 3, value <= 255, length == 1 || text[octetStart] != 0x30 else { return nil }
            address = address << 8 | value
        }
        return (i, address)
    }

    /// Whether an address is reachable on the internet and names a host: not this-network, private, shared (CGN),
    /// loopback, link-local, IETF, TEST-NET-1 (where our masks live), benchmarking, multicast or reserved.
    ///
    /// TEST-NET-2 and -3 (198.51.100.0/24, 203.0.113.0/24) are reported: tests and examples use them as client IPs.
    static func isPublicIPv4(_ address: UInt32) -> Bool {
        let a = address >> 24
        let b = (address >> 16) & 0xFF
        let c = (address >> 8) & 0xFF
        switch a {
        case 0, 10, 127: return false
        case 100: return !(64...127).contains(b)
        case 169: return b != 254
        case 172: return !(16...31).contains(b)
        case 192: return b != 168 && !(b == 0 && (c == 0 || c == 2))
        case 198: return b != 18 && b != 19
        case 224...: return false
        default: return true
        }
    }

    // MARK: - US social security numbers

    /// A US SSN at `start`: `ddd-dd-dddd` or `ddd dd dddd`, and in a whole value also `ddddddddd`.
    ///
    /// The issuance rules hold: area not 000, 666 or 900-999 (the last are ITINs), group not 00, serial not 0000.
    /// Masks use area 000, so they never match. In free text, a number under an id-like key (`order`, `ticket`)
    /// is an id.
    static func ssn(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, whole: Bool) -> Range<Int>? {
        var separator: UInt8 = 0
        let valueEnd: Int
        let area: Int
        let group: Int
        let serial: Int
        if start + 11 <= end, text[start + 3] == ASCII.space || text[start + 3] == dash,
            text[start + 6] == text[start + 3]
        {
            separator = text[start + 3]
            guard let a = decimal(text, start, 3), let g = decimal(text, start + 4, 2),
                let s = decimal(text, start + 7, 4)
            else { return nil }
            (area, group, serial, valueEnd) = (a, g, s, start + 11)
        } else if whole, start + 9 == end, let a = decimal(text, start, 3), let g = decimal(text, start + 3, 2),
            let s = decimal(text, start + 5, 4)
        {
            (area, group, serial, valueEnd) = (a, g, s, start + 9)
        } else {
            return nil
        }
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return nil }
        if !whole {
            if continues(text, at: valueEnd, end: end) { return nil }
            if separator == ASCII.space {
                if valueEnd + 1 < end && ASCII.isSpace(text[valueEnd]) && ASCII.isDigit(text[valueEnd + 1]) {
                    return nil
                }
                if followsDigitGroup(text, at: start) { return nil }
            }
            // `order 123-45-6789`: a number under an id-like key is an id of the same shape.
            if followsIdentifierKey(text, start: start) { return nil }
        }
        return start..<valueEnd
    }

    /// The decimal value of `count` ASCII digits at `start`, or nil when one is not a digit.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= text.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            let b = text[i]
            guard ASCII.isDigit(b) else { return nil }
            value = value * 10 + Int(b &- 0x30)
        }
        return value
    }

    // MARK: - Payment cards

    /// A payment card number at `start`: 13-19 digits, contiguous or in groups (4-4-4-4, 4-6-5, 4-4-4-4-3 ...)
    /// separated by single spaces or dashes, with a known IIN prefix, a length its scheme issues, and a valid Luhn
    /// digit.
    ///
    /// In free text, a contiguous run under an id-like key (`order_id=`, `traceId:`) is an identifier, and a
    /// number inside a longer run of digits or digit groups is not a card.
    static func card(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, whole: Bool) -> Range<Int>? {
        var i = start
        while i < end, i - start < 20, ASCII.isDigit(text[i]) { i += 1 }
        let firstRun = i - start
        var digitCount = firstRun
        var separator: UInt8 = 0
        if firstRun >= 13 {
            guard firstRun <= 19 else { return nil }
            if i + 1 < end, text[i] == ASCII.space || text[i] == dash, ASCII.isDigit(text[i + 1]), !whole {
                return nil
            }
        } else {
            guard firstRun == 4, i + 1 < end, text[i] == ASCII.space || text[i] == dash else { return nil }
            separator = text[i]
            var groups = 1
            var previousLength = 4
            while i + 1 < end, text[i] == separator, ASCII.isDigit(text[i + 1]), i - start < window {
                // Only the last group may have fewer than three digits.
                if groups >= 2 && previousLength < 3 { return nil }
                let groupStart = i + 1
                var j = groupStart
                while j < end, j - groupStart < 7, ASCII.isDigit(text[j]) { j += 1 }
                let length = j - groupStart
                digitCount += length
                guard length <= 6, digitCount <= 19 else { return nil }
                previousLength = length
                groups += 1
                i = j
            }
            guard digitCount >= 13 else { return nil }
        }
        let valueEnd = i
        if !whole && continues(text, at: valueEnd, end: end) { return nil }
        guard let prefix = decimal(text, start, 4), cardPrefixAllows(prefix, length: digitCount),
            Checksums.luhnValid(asciiDigitsIn: text, range: start..<valueEnd)
        else { return nil }
        if !whole {
            if separator == 0 && followsIdentifierKey(text, start: start) { return nil }
            // `ids 4012 4111111111111111`, `4111 1111 1111 1111` after other groups: one of a run of numbers.
            if separator != dash && followsDigitGroup(text, at: start) { return nil }
        }
        return start..<valueEnd
    }

    /// Whether a card scheme issues numbers of `length` digits that start with these first four digits.
    ///
    /// Visa 4 (13, 16, 19); Mastercard 51-55 and 2221-2720 (16); Amex 34, 37 (15); Diners 300-305, 36, 38-39
    /// (14-19); JCB 3528-3589 (16-19, and 35xx, 2131 and 1800 of older ranges); Discover 6011, 644-649, 65,
    /// UnionPay 62 and Maestro 50, 56-69 (13-19).
    static func cardPrefixAllows(_ firstFour: Int, length: Int) -> Bool {
        let p1 = firstFour / 1000
        let p2 = firstFour / 100
        let p3 = firstFour / 10
        // Ranges overlap (Discover's 65 is inside Maestro's 56-69): any scheme that issues the length will do.
        if p1 == 4 && (length == 13 || length == 16 || length == 19) { return true }
        if ((51...55).contains(p2) || (2221...2720).contains(firstFour)) && length == 16 { return true }
        if (p2 == 34 || p2 == 37) && length == 15 { return true }
        if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 { return (14...19).contains(length) }
        // JCB: 3528-3589 today; the rest of 35 and the 15-digit 2131 and 1800 in older ranges and test data.
        if p2 == 35 && (16...19).contains(length) { return true }
        if (firstFour == 2131 || firstFour == 1800) && length == 15 { return true }
        if firstFour == 6011 || (644...649).contains(p3) || p2 == 65 || p2 == 62 {
            if (16...19).contains(length) { return true }
        }
        if (p2 == 50 || (56...69).contains(p2)) && (13...19).contains(length) { return true }
        return false
    }
}
