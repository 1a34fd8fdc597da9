/// Hexadecimal groups: IPv6 addresses and MAC addresses.
extension ShapeScanner {
    /// Called at a ':' (or '-' for MACs) whose neighbours are hex digits or ':'; finds an IPv6 address (public,
    /// i.e. global unicast 2000::/3, excluding 2001:db8::/32 masks that carry MaskFactory.ipv6CheckGroup) or a MAC
    /// address containing that byte. `lowerBound` is the earliest byte you may look at. Also report the range so
    /// the caller can skip the rest of the address.
    ///
    /// The whole run of hex digits and separators around `index` is judged as one token, so a time (`12:34:56`),
    /// a C++ or Rust path (`std::vector`), a fingerprint (`aa:bb:...` in 16 groups) or a UUID is never cut into an
    /// address. An IPv4-mapped address with a public IPv4 (`::ffff:203.0.113.7`, as Node and Java log clients)
    /// is reported as that IPv4 address, so its mask keeps the mapped form. A '.' between Cisco-style groups
    /// (`0011.2233.4455`) is accepted as the trigger too.
    static func hexGroups(
        in text: UnsafeBufferPointer<UInt8>, around index: Int, lowerBound: Int, end: Int
    ) -> ShapeMatch? {
        guard lowerBound >= 0, lowerBound <= index, index < end, end <= text.count else { return nil }
        switch text[index] {
        case colon: return colonGroups(in: text, around: index, lowerBound: lowerBound, end: end)
        case dash, dot:
            let separator = text[index]
            let length = separator == dot ? 14 : 17
            guard
                let token = hexToken(
                    text, around: index, lowerBound: lowerBound, end: end, separator: separator, longest: length),
                token.count == length
            else { return nil }
            return mac(in: text, token.lowerBound, token.upperBound, separator: separator)
        default: return nil
        }
    }

    /// Whether the '-' or '.' at `index` may separate two groups of a MAC address (`00-1a-2b-...`,
    /// `0011.2233.4455`), judged from the bytes next to it only: the test before ``hexGroups(in:around:lowerBound:end:)``
    /// that spares it dates, UUIDs, decimals and versions, which hold the same separators in groups of other lengths.
    ///
    /// Every separator of a MAC address passes: the groups on both sides of it have the MAC's group length (two hex
    /// digits, four for '.'), and so does the group past a neighbouring separator, of which it has at least one.
    static func mayBeMACSeparator(in text: UnsafeBufferPointer<UInt8>, at index: Int, lowerBound: Int, end: Int) -> Bool
    {
        let separator = text[index]
        let length = separator == dot ? 4 : 2
        // Past the group on each side: another separator, or a byte that ends the address (most dates and ids fail
        // here, on a digit).
        let pastBefore = index - length - 1
        let pastAfter = index + length + 1
        guard pastBefore >= lowerBound - 1, pastAfter <= end else { return false }
        let continuesBefore = pastBefore >= lowerBound && text[pastBefore] == separator
        let continuesAfter = pastAfter < end && text[pastAfter] == separator
        guard continuesBefore || continuesAfter else { return false }
        if !continuesBefore && pastBefore >= lowerBound && ASCII.isHex(text[pastBefore]) { return false }
        if !continuesAfter && pastAfter < end && ASCII.isHex(text[pastAfter]) { return false }
        guard isHexRun(text, from: pastBefore + 1, to: index), isHexRun(text, from: index + 1, to: pastAfter) else {
            return false
        }
        // The groups past a neighbouring separator have the same length.
        if continuesBefore {
            let beyond = pastBefore - length - 1
            guard beyond >= lowerBound - 1, isHexRun(text, from: beyond + 1, to: pastBefore) else { return false }
            if beyond >= lowerBound && text[beyond] != separator && ASCII.isHex(text[beyond]) { return false }
        }
        if continuesAfter {
            let beyond = pastAfter + length + 1
            guard beyond <= end, isHexRun(text, from: pastAfter + 1, to: beyond) else { return false }
            if beyond < end && text[beyond] != separator && ASCII.isHex(text[beyond]) { return false }
        }
        return true
    }

    @inline(__always) private static func isHexRun(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var i = from
        while i < to {
            guard ASCII.isHex(text[i]) else { return false }
            i += 1
        }
        return true
    }

    /// The run of hex digits and `separator`s around `index`, when it stands alone: no word character or
    /// separator touches it, and it is no longer than `longest` bytes (what the address needs; the caller wants no
    /// other length).
    ///
    /// What stands before the run is judged before the bytes after it are read, and reading stops once the run is
    /// too long: UUIDs and dates are turned down without walking all of them.
    private static func hexToken(
        _ text: UnsafeBufferPointer<UInt8>, around index: Int, lowerBound: Int, end: Int, separator: UInt8,
        longest: Int
    ) -> Range<Int>? {
        let limit = 18
        var s = index
        while s > lowerBound, index - s < limit, ASCII.isHex(text[s - 1]) || text[s - 1] == separator { s -= 1 }
        if s > lowerBound {
            let b = text[s - 1]
            if ASCII.isAlnum(b) || b == underscore || b == separator || b == dot || b == dash { return nil }
        }
        var e = index + 1
        while e < end, e - index < limit, ASCII.isHex(text[e]) || text[e] == separator {
            e += 1
            if e - s > longest { return nil }
        }
        if e < end {
            let b = text[e]
            if ASCII.isAlnum(b) || b == underscore || b == separator { return nil }
            if (b == dot || b == dash || b == colon) && e + 1 < end && ASCII.isAlnum(text[e + 1]) { return nil }
        }
        return s..<e
    }

    /// An IPv6 address or a colon-separated MAC around the ':' at `index`.
    private static func colonGroups(
        in text: UnsafeBufferPointer<UInt8>, around index: Int, lowerBound: Int, end: Int
    ) -> ShapeMatch? {
        // The longest IPv6 text (with an embedded IPv4) is 45 bytes.
        let limit = 46
        var s = index
        while s > lowerBound, index - s < limit, ASCII.isHex(text[s - 1]) || text[s - 1] == colon { s -= 1 }
        if s > lowerBound && index - s >= limit { return nil }
        // What stands before the run is judged below, after the run's end is found; it can be judged now (times,
        // `std::` paths) whenever the run starts before `index`, as the leading-colon rule below then surely applies
        // as it will there.
        if s < index {
            let start = text[s] == colon && text[s + 1] != colon ? s + 1 : s
            if start > lowerBound {
                let b = text[start - 1]
                if ASCII.isAlnum(b) || b == underscore || b == dot || b == dash { return nil }
            }
        }
        var e = index + 1
        while e < end, e - index < limit, ASCII.isHex(text[e]) || text[e] == colon || text[e] == dot { e += 1 }
        if e < end && e - index >= limit { return nil }
        // A sentence's full stop, and a colon that ends a label (`from 2001:db8::1: refused`), are not the address.
        while e > index + 1, text[e - 1] == dot { e -= 1 }
        if e - s >= 2, text[e - 1] == colon, text[e - 2] != colon { e -= 1 }
        // `ip:2001:db8::1`: a single leading colon belongs to the key before it.
        if text[s] == colon, s + 1 < e, text[s + 1] != colon { s += 1 }
        guard e - s >= 3 else { return nil }
        if s > lowerBound {
            let b = text[s - 1]
            if ASCII.isAlnum(b) || b == underscore || b == dot || b == dash { return nil }
        }
        if e < end {
            let b = text[e]
            if ASCII.isAlnum(b) || b == underscore { return nil }
            if b == dot && e + 1 < end && ASCII.isAlnum(text[e + 1]) { return nil }
        }
        if e - s == 17, text[s + 2] == colon {
            return mac(in: text, s, e, separator: colon)
        }
        return ipv6Address(in: text, s, e)
    }

    // MARK: - IPv6

    /// The public IPv6 address that is exactly `text[s..<e]`, or the public IPv4 inside an IPv4-mapped one.
    ///
    /// Public means global unicast (2000::/3), less the documentation prefix 3fff::/20 and our own masks in
    /// 2001:db8::/32 (their last group is ``MaskFactory/ipv6CheckGroup(_:)`` of the seven before it). Other
    /// 2001:db8 addresses are reported: they stand for real ones in examples.
    static func ipv6Address(in text: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ShapeMatch? {
        guard let address = parseIPv6(text, s, e) else { return nil }
        let groups = address.groups
        if let dotted = address.embeddedIPv4, groups[0] == 0, groups[1] == 0, groups[2] == 0, groups[3] == 0,
            groups[4] == 0, groups[5] == 0xFFFF
        {
            let v4 = UInt32(groups[6]) << 16 | UInt32(groups[7])
            return isPublicIPv4(v4) ? ShapeMatch(range: dotted..<e, kind: .ipAddress, rule: "ipv4") : nil
        }
        guard groups[0] & 0xE000 == 0x2000 else { return nil }
        if groups[0] == 0x3FFF && groups[1] < 0x1000 { return nil }
        if groups[0] == 0x2001 && groups[1] == 0x0DB8
            && groups[7] == MaskFactory.ipv6CheckGroup((0..<7).lazy.map { groups[$0] })
        {
            return nil
        }
        return ShapeMatch(range: s..<e, kind: .ipAddress, rule: "ipv6")
    }

    /// Parses `text[s..<e]` as a whole IPv6 address (RFC 4291 text forms: full, `::`-compressed, with a trailing
    /// dotted IPv4).
    /// - Returns: the eight groups, and where an embedded IPv4 starts; nil when it is not an address.
    static func parseIPv6(
        _ text: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int
    ) -> (groups: SIMD8<UInt16>, embeddedIPv4: Int?)? {
        guard s >= 0, e <= text.count, e - s >= 2, e - s <= 45 else { return nil }
        var groups = SIMD8<UInt16>()
        var count = 0
        var gap = -1
        var embedded: Int?
        var i = s
        if text[i] == colon {
            guard text[i + 1] == colon else { return nil }
            gap = 0
            i += 2
        }
        while i < e {
            let groupStart = i
            var value: UInt16 = 0
            while i < e, i - groupStart < 5, let digit = ASCII.hexValue(text[i]) {
                value = value &<< 4 | UInt16(digit)
                i += 1
            }
            if i < e && text[i] == dot {
                // The last 32 bits as a dotted quad: it must end the address.
                guard count <= 6, let quad = parseIPv4(text, at: groupStart, end: e), quad.end == e else { return nil }
                groups[count] = UInt16(quad.address >> 16)
                groups[count + 1] = UInt16(quad.address & 0xFFFF)
                count += 2
                embedded = groupStart
                break
            }
            guard i > groupStart, i - groupStart <= 4, count < 8 else { return nil }
            groups[count] = value
            count += 1
            if i == e { break }
            guard text[i] == colon else { return nil }
            i += 1
            if i < e && text[i] == colon {
                guard gap < 0 else { return nil }
                gap = count
                i += 1
            } else if i == e {
                return nil  // a trailing single colon
            }
        }
        if gap >= 0 {
            guard count <= 7 else { return nil }
            // Move the groups after `::` to the end.
            let tail = count - gap
            var j = 0
            while j < tail {
                groups[7 - j] = groups[count - 1 - j]
                j += 1
            }
            var z = gap
            while z < 8 - tail {
                groups[z] = 0
                z += 1
            }
        } else if count != 8 {
            return nil
        }
        return (groups, embedded)
    }

    // MARK: - MAC

    /// A MAC address that is exactly `text[s..<e]`: six groups of two hex digits separated by `separator` (':' or
    /// '-'), or three groups of four separated by '.' (Cisco, which must hold a letter: `2024.0619.1200` is not).
    ///
    /// The documentation block 00:00:5E:00:53:xx (where our masks live), all zeros and broadcast are skipped.
    static func mac(in text: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, separator: UInt8) -> ShapeMatch? {
        guard s >= 0, e <= text.count else { return nil }
        let groupLength = separator == dot ? 4 : 2
        guard e - s == (separator == dot ? 14 : 17) else { return nil }
        var octets = SIMD8<UInt8>()
        var n = 0
        var hasLetter = false
        var i = s
        while i < e {
            if (i - s) % (groupLength + 1) == groupLength {
                guard text[i] == separator else { return nil }
                i += 1
                continue
            }
            guard let high = ASCII.hexValue(text[i]), i + 1 < e, let low = ASCII.hexValue(text[i + 1]) else {
                return nil
            }
            hasLetter = hasLetter || ASCII.isLetter(text[i]) || ASCII.isLetter(text[i + 1])
            octets[n] = high << 4 | low
            n += 1
            i += 2
        }
        guard n == 6, separator != dot || hasLetter else { return nil }
        let isDocumentation =
            octets[0] == 0 && octets[1] == 0 && octets[2] == 0x5E && octets[3] == 0
            && octets[4] == 0x53
        var allZero = true
        var allOnes = true
        for j in 0..<6 {
            allZero = allZero && octets[j] == 0
            allOnes = allOnes && octets[j] == 0xFF
        }
        guard !isDocumentation, !allZero, !allOnes else { return nil }
        return ShapeMatch(range: s..<e, kind: .macAddress, rule: "mac-address")
    }
}
