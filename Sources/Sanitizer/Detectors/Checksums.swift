/// Check-digit algorithms of the shapes that carry one: payment cards (Luhn) and IBANs (ISO 7064 mod 97-10).
///
/// A detector validates before it masks: a 16-digit number is a card only when its Luhn digit is right, which
/// removes nine in ten order numbers and ids of the same shape. Both checks run on bytes and never allocate, so
/// the scanners can call them on every candidate.
enum Checksums {
    // MARK: - Luhn

    /// Whether the Luhn check (ISO/IEC 7812-1) holds over digit VALUES 0...9, not ASCII.
    ///
    /// The rightmost digit is the check digit; every second digit from it leftwards is doubled.
    /// - Returns: false for an empty array or a value above 9.
    static func luhnValid(_ digits: [UInt8]) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        var double = false
        for d in digits.reversed() {
            guard d < 10 else { return false }
            sum += luhnTerm(d, doubled: double)
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// The Luhn check over the ASCII digits of `text[range]`, skipping any other byte (group separators).
    ///
    /// The scanners use this form so that a grouped card number (`4111 1111 1111 1111`) is checked in place.
    static func luhnValid(asciiDigitsIn text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= text.count else { return false }
        var sum = 0
        var double = false
        var seen = 0
        var i = range.upperBound
        while i > range.lowerBound {
            i -= 1
            let b = text[i]
            guard ASCII.isDigit(b) else { continue }
            sum += luhnTerm(b &- 0x30, doubled: double)
            double.toggle()
            seen += 1
        }
        return seen > 0 && sum % 10 == 0
    }

    @inline(__always) private static func luhnTerm(_ d: UInt8, doubled: Bool) -> Int {
        guard doubled else { return Int(d) }
        let twice = Int(d) * 2
        return twice > 9 ? twice - 9 : twice
    }

    // MARK: - IBAN

    /// Whether `bytes` is a valid IBAN: spaces ignored, letters in either case, a country of the SWIFT IBAN
    /// registry with exactly its length, then the ISO 7064 mod 97-10 check (remainder 1).
    ///
    /// Any byte other than a space, an ASCII letter or digit makes it invalid.
    static func ibanValid(_ bytes: some Collection<UInt8>) -> Bool {
        var count = 0
        var head: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        for b in bytes where b != ASCII.space {
            guard ASCII.isAlnum(b), count < 34 else { return false }
            switch count {
            case 0: head.0 = upper(b)
            case 1: head.1 = upper(b)
            case 2: head.2 = b
            case 3: head.3 = b
            default: break
            }
            count += 1
        }
        guard count > 4, ASCII.isUpper(head.0), ASCII.isUpper(head.1), ASCII.isDigit(head.2), ASCII.isDigit(head.3),
            ibanLength(country: head.0, head.1) == count
        else { return false }
        // The check runs over the BBAN first, then the country and check digits moved to the end.
        var remainder = 0
        var seen = 0
        for b in bytes where b != ASCII.space {
            if seen >= 4 { remainder = mod97(remainder, b) }
            seen += 1
        }
        remainder = mod97(mod97(mod97(mod97(remainder, head.0), head.1), head.2), head.3)
        return remainder == 1
    }

    /// One step of the mod-97 remainder: a digit counts as itself, a letter as two digits (A = 10 ... Z = 35).
    @inline(__always) private static func mod97(_ remainder: Int, _ b: UInt8) -> Int {
        if ASCII.isDigit(b) { return (remainder * 10 + Int(b &- 0x30)) % 97 }
        return (remainder * 100 + Int(upper(b) &- 0x41) + 10) % 97
    }

    @inline(__always) private static func upper(_ b: UInt8) -> UInt8 { ASCII.isLower(b) ? b & 0xDF : b }

    /// The IBAN length of a country (two uppercase ASCII letters), or nil when the registry has no such country.
    static func ibanLength(country first: UInt8, _ second: UInt8) -> Int? {
        guard ASCII.isUpper(first), ASCII.isUpper(second) else { return nil }
        let length = ibanLengths[Int(first &- 0x41) * 26 + Int(second &- 0x41)]
        return length == 0 ? nil : Int(length)
    }

    /// IBAN lengths by country, indexed by (first letter) × 26 + (second letter); 0 where no IBAN exists.
    ///
    /// From the SWIFT IBAN registry (release 102): the 89 prefixes it defines. Territories that use their parent's
    /// prefix (Åland, the French overseas departments, Jersey, ...) have no prefix of their own.
    private static let ibanLengths: [UInt8] = {
        let registry: [(StaticString, UInt8)] = [
            ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22),
            ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24),
            ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18),
            ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22), ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27),
            ("GT", 28), ("HN", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26),
            ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20),
            ("LU", 20), ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20),
            ("MR", 27), ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23), ("PK", 24),
            ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("RU", 33), ("SA", 24),
            ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("SO", 23), ("ST", 25),
            ("SV", 28), ("TL", 23), ("TN", 24), ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20),
            ("YE", 30),
        ]
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for (code, length) in registry {
            code.withUTF8Buffer { letters in
                table[Int(letters[0] &- 0x41) * 26 + Int(letters[1] &- 0x41)] = length
            }
        }
        return table
    }()

    /// How many countries the registry table holds, for tests.
    static var ibanCountryCount: Int { ibanLengths.count { $0 != 0 } }
}
