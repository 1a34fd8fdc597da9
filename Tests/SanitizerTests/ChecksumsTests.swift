import Testing

@testable import Sanitizer

/// Luhn, IBAN mod 97 and the country tables the shape scanners validate with.
@Suite("Checksums")
struct ChecksumsTests {
    // MARK: - Luhn

    /// Digit values of a string of ASCII digits.
    static func values(_ digits: String) -> [UInt8] { digits.utf8.map { $0 - 0x30 } }

    @Test(
        "Luhn accepts a valid number and rejects its one-digit twin",
        arguments: [
            ("4111111111111111", "4111111111111112"),  // Visa test number
            ("5555555555554444", "5555555555554445"),
            ("378282246310005", "378282246310006"),  // Amex test number, 15 digits
            ("79927398713", "79927398710"),  // the textbook example
            ("0", "1"),
        ])
    func luhn(valid: String, invalid: String) {
        #expect(Checksums.luhnValid(Self.values(valid)))
        #expect(!Checksums.luhnValid(Self.values(invalid)))
    }

    @Test("Luhn catches every single-digit error and every adjacent transposition but 09/90")
    func luhnDetectsErrors() {
        let valid = Self.values("4012888888881881")
        #expect(Checksums.luhnValid(valid))
        for i in valid.indices {
            for d in UInt8(0)...9 where d != valid[i] {
                var changed = valid
                changed[i] = d
                #expect(!Checksums.luhnValid(changed), "digit \(i) changed to \(d)")
            }
        }
        let base = Self.values("4539578763621486")
        #expect(Checksums.luhnValid(base))
        for i in 0..<(base.count - 1)
        where base[i] != base[i + 1] && !(base[i] + base[i + 1] == 9 && base[i] * base[i + 1] == 0) {
            var swapped = base
            swapped.swapAt(i, i + 1)
            #expect(!Checksums.luhnValid(swapped), "digits \(i) and \(i + 1) swapped")
        }
    }

    @Test("Luhn takes digit values, not ASCII, and rejects an empty input")
    func luhnInputs() {
        #expect(!Checksums.luhnValid([]))
        #expect(!Checksums.luhnValid(Array("4111111111111111".utf8)))
        #expect(!Checksums.luhnValid([4, 1, 11, 1]))
    }

    @Test("The in-place Luhn skips group separators")
    func luhnInPlace() {
        for (text, expected) in [
            ("4111 1111 1111 1111", true), ("4111-1111-1111-1111", true), ("4111 1111 1111 1112", false),
        ] {
            let bytes = Array(text.utf8)
            let result = bytes.withUnsafeBufferPointer {
                Checksums.luhnValid(asciiDigitsIn: $0, range: 0..<$0.count)
            }
            #expect(result == expected, "\(text)")
        }
    }

    // MARK: - IBAN

    @Test(
        "IBAN: valid examples of the registry, and the same with one character changed",
        arguments: [
            "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606",
            "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034", "NO93 8601 1117 947", "CH93 0076 2011 6238 5295 7",
            "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456", "PL61 1090 1014 0000 0712 1981 2874",
            "AT61 1904 3002 3457 3201", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
            "BR18 0036 0305 0000 1000 9795 493C 1",
            "SC18 SSCB 1101 0000 0000 0000 1497 USD", "LC55 HEMM 0001 0001 0012 0012 0002 3015",
        ])
    func ibanExamples(_ iban: String) {
        #expect(Checksums.ibanValid(Array(iban.utf8)))
        #expect(Checksums.ibanValid(Array(iban.replacingOccurrences(of: " ", with: "").utf8)))
        #expect(Checksums.ibanValid(Array(iban.lowercased().utf8)))
        // Change the last character: a digit moves by one, a letter to the next letter.
        var bytes = Array(iban.utf8)
        let last = bytes[bytes.count - 1]
        bytes[bytes.count - 1] = ASCII.isDigit(last) ? 0x30 + (last - 0x30 + 1) % 10 : (last == 0x5A ? 0x41 : last + 1)
        #expect(!Checksums.ibanValid(bytes))
    }

    @Test(
        "IBAN: wrong length, unknown country, bad characters and wrong order are invalid",
        arguments: [
            "DE89 3704 0044 0532 0130 0",  // one short
            "DE89 3704 0044 0532 0130 000",  // one long
            "XX89 3704 0044 0532 0130 00",  // no such country
            "DE89-3704-0044-0532-0130-00",  // dashes are not ignored
            "89DE 3704 0044 0532 0130 00",
            "DE8X 3704 0044 0532 0130 00",
            "",
            "DE",
        ])
    func ibanInvalid(_ text: String) {
        #expect(!Checksums.ibanValid(Array(text.utf8)))
    }

    @Test("IBAN: a check computed for every registered country validates, at exactly its length")
    func ibanEveryCountry() throws {
        var countries = 0
        for first in UInt8(0x41)...0x5A {
            for second in UInt8(0x41)...0x5A {
                guard let length = Checksums.ibanLength(country: first, second) else { continue }
                countries += 1
                let bban = String(repeating: "1234567890", count: 4).prefix(length - 4)
                let country = String(decoding: [first, second], as: UTF8.self)
                let iban = Self.makeIBAN(country: country, bban: String(bban))
                #expect(iban.count == length)
                #expect(Checksums.ibanValid(Array(iban.utf8)), "\(iban)")
                #expect(!Checksums.ibanValid(Array((iban + "1").utf8)), "\(iban)1")
            }
        }
        #expect(countries == 89)
        #expect(Checksums.ibanCountryCount == 89)
    }

    @Test("IBAN lengths of some countries", arguments: [("DE", 22), ("GB", 22), ("NO", 15), ("LC", 32), ("RU", 33)])
    func ibanLengths(country: String, length: Int) {
        let c = Array(country.utf8)
        #expect(Checksums.ibanLength(country: c[0], c[1]) == length)
    }

    /// An IBAN with its check digits computed: `country` + check + `bban`.
    static func makeIBAN(country: String, bban: String) -> String {
        var remainder = 0
        for b in (bban + country + "00").utf8 {
            if ASCII.isDigit(b) {
                remainder = (remainder * 10 + Int(b - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(b - 0x41 + 10)) % 97
            }
        }
        let check = 98 - remainder
        return country + (check < 10 ? "0\(check)" : "\(check)") + bban
    }

    // MARK: - Phone codes

    @Test(
        "Country calling code lengths",
        arguments: [
            ("12025550143", 1), ("79161234567", 1), ("442079460018", 2), ("4930123456", 2), ("33123456789", 2),
            ("353861234567", 3), ("35812345678", 3), ("8613800138000", 2), ("85223456789", 3), ("97150123456", 3),
            ("2348012345678", 3), ("1", 1), ("", 1),
        ])
    func countryCodeLength(digits: String, length: Int) {
        #expect(Phone.countryCodeLength(Array(digits.utf8)) == length)
    }

    @Test("Unassigned country codes are not codes", arguments: ["28", "210", "0", "292", "384", "422", "969"])
    func unassignedCodes(_ digits: String) {
        let d = digits.utf8.map { Int($0) - 0x30 } + [-1, -1, -1]
        #expect(Phone.countryCode(d[0], d[1], d[2]) == nil)
    }

    @Test(
        "NANP area and exchange codes start with 2-9",
        arguments: [
            (202, 555, true), (212, 418, true), (800, 234, true), (999, 200, true), (102, 555, false),
            (002, 555, false), (202, 155, false), (202, 55, false), (1202, 555, false),
        ])
    func nanp(area: Int, exchange: Int, valid: Bool) {
        #expect(Phone.isValidNANP(area: area, exchange: exchange) == valid)
    }
}
