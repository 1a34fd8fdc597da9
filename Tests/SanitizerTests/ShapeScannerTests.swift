import Testing

@testable import Sanitizer

@Suite("Shape scanner")
struct ShapeScannerTests {
    // MARK: - Helpers

    /// A value a scanner found, as text.
    struct Found: Equatable, CustomStringConvertible {
        var value: String
        var kind: FindingKind
        var rule: String

        init(_ value: String, _ kind: FindingKind, _ rule: String) {
            self.value = value
            self.kind = kind
            self.rule = rule
        }

        var description: String { "\(rule)(\(value))" }
    }

    /// Runs the shape scanners over `text` the way the engine's text pass does: at every trigger byte, skipping past
    /// each match and past a hex run that was looked at as a whole.
    static func scanShapes(_ text: String) -> [Found] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { text in
            var found: [Found] = []
            func add(_ match: ShapeMatch) {
                found.append(Found(String(decoding: text[match.range], as: UTF8.self), match.kind, match.rule))
            }
            let end = text.count
            var i = 0
            var previous = ASCII.space
            var hexRunEnd = 0
            while i < end {
                let b = text[i]
                let wordBefore = ASCII.isAlnum(previous) || previous == 0x2E || previous == 0x5F || previous == 0x2D
                if !wordBefore && (ASCII.isDigit(b) || b == 0x2B || b == 0x28) {
                    if let match = ShapeScanner.number(in: text, at: i, end: end) {
                        add(match)
                        i = max(i + 1, match.range.upperBound)
                        previous = text[i - 1]
                        continue
                    }
                } else if (b == 0x3A || b == 0x2D) && i >= hexRunEnd && i + 1 < end && ASCII.isHex(previous)
                    && (ASCII.isHex(text[i + 1]) || text[i + 1] == 0x3A)
                {
                    if let match = ShapeScanner.hexGroups(in: text, around: i, lowerBound: 0, end: end) {
                        add(match)
                        i = max(i + 1, match.range.upperBound)
                        previous = text[i - 1]
                        hexRunEnd = i
                        continue
                    }
                    var j = i + 1
                    while j < end, ASCII.isHex(text[j]) || text[j] == 0x3A || text[j] == 0x2D { j += 1 }
                    hexRunEnd = j
                } else if !wordBefore && ASCII.isUpper(b) && i + 3 < end && ASCII.isUpper(text[i + 1])
                    && ASCII.isDigit(text[i + 2]) && ASCII.isDigit(text[i + 3])
                {
                    if let match = ShapeScanner.iban(in: text, at: i, end: end) {
                        add(match)
                        i = max(i + 1, match.range.upperBound)
                        previous = text[i - 1]
                        continue
                    }
                }
                previous = b
                i += 1
            }
            return found
        }
    }

    /// `classifyWhole` on a string: the kind, rule and value it found.
    static func classify(_ value: String) -> Found? {
        let bytes = Array(value.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            ShapeScanner.classifyWhole(buffer).map {
                Found(String(decoding: buffer[$0.range], as: UTF8.self), $0.kind, $0.rule)
            }
        }
    }

    /// Digits with a Luhn check digit appended, grouped as `groups` (e.g. [4, 4, 4, 4]) with `separator`.
    static func cardNumber(_ payload: String, grouping groups: [Int] = [], separator: String = " ") -> String {
        var digits = payload.utf8.map { $0 - 0x30 }
        digits.append(0)
        for check in UInt8(0)...9 {
            digits[digits.count - 1] = check
            if Checksums.luhnValid(digits) { break }
        }
        let text = String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
        guard !groups.isEmpty else { return text }
        var parts: [String] = []
        var rest = Substring(text)
        for size in groups {
            parts.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return parts.joined(separator: separator)
    }

    /// The same number with its last digit changed, so that the Luhn check fails.
    static func luhnTwin(_ card: String) -> String {
        var bytes = Array(card.utf8)
        let last = bytes.count - 1
        bytes[last] = 0x30 + (bytes[last] - 0x30 + 1) % 10
        return String(decoding: bytes, as: UTF8.self)
    }

    static let ip = FindingKind.ipAddress

    // MARK: - IPv4

    @Test(
        "IPv4: public addresses are found, without port or prefix length",
        arguments: [
            ("client 203.0.113.7 connected", "203.0.113.7"),
            ("remote_addr=198.51.100.23:51234 ok", "198.51.100.23"),
            ("allow 8.8.8.8/32;", "8.8.8.8"),
            ("ssh deploy@203.0.113.200", "203.0.113.200"),
            ("[203.0.113.5] says", "203.0.113.5"),
            ("\"ip\":\"198.51.100.1\"", "198.51.100.1"),
            ("from 1.1.1.1.", "1.1.1.1"),
            ("host 172.32.0.1 and", "172.32.0.1"),
            ("via 100.128.0.1", "100.128.0.1"),
        ])
    func ipv4Public(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, Self.ip, "ipv4")])
    }

    @Test(
        "IPv4: private, reserved, masked and version-like quads are left alone",
        arguments: [
            "client 192.0.2.7 connected",  // TEST-NET-1: our masks
            "remote_addr=10.1.2.3:51234", "listen 0.0.0.0:8080", "loopback 127.0.0.1", "metadata 169.254.169.254",
            "pod 172.16.4.2", "pod 172.31.255.1", "nat 100.64.0.1", "lan 192.168.1.1", "bench 198.18.0.1",
            "bench 198.19.255.1", "mdns 224.0.0.251", "bcast 255.255.255.255", "ietf 192.0.0.8",
            "version 8.8.8.8", "v8.8.8.8", "Chrome/120.0.0.0 Safari", "release 1.2.3.4-beta", "tag 1.2.3.4.5",
            "leading 203.0.113.07", "big 203.0.113.256", "three 203.0.113", "build 4.18.2.7", "x86_64-8.8.8.8",
            "rev 203.0.113.7", "8.8.8.8abc", "203.0.113.7.nip.io", "OID 2.5.29.17", "rv:1.9.1.20",
        ])
    func ipv4Ignored(text: String) {
        #expect(Self.scanShapes(text) == [])
    }

    @Test("IPv4: a range of addresses is not a version with a suffix")
    func ipv4Range() {
        // The text pass does not start a number after a '-', so the range's second address is the key policy's.
        #expect(Self.scanShapes("block 203.0.113.7-203.0.113.9 now").first == Found("203.0.113.7", Self.ip, "ipv4"))
        #expect(Self.scanShapes("block 203.0.113.7-rc1 now") == [])
    }

    // MARK: - IPv6

    @Test(
        "IPv6: global unicast addresses in every text form",
        arguments: [
            ("dns 2001:4860:4860::8888 ok", "2001:4860:4860::8888"),
            ("GET [2606:4700:4700::1111]:443", "2606:4700:4700::1111"),
            ("client 2a00:1450:4001:82b::200e said", "2a00:1450:4001:82b::200e"),
            ("full 2001:0db8:0000:0000:0000:ff00:0042:8329 end", "2001:0db8:0000:0000:0000:ff00:0042:8329"),
            ("doc 2001:db8::1 example", "2001:db8::1"),
            ("zone 2606:4700::1%eth0 up", "2606:4700::1"),
            ("ip:2a03:2880:f12f:83:face:b00c::25de", "2a03:2880:f12f:83:face:b00c::25de"),
            ("from 2001:db8:85a3::8a2e:370:7334: refused", "2001:db8:85a3::8a2e:370:7334"),
            ("net 2001:db8::/32 routed", "2001:db8::"),
            ("6to4 2002:cb00:7107::1.", "2002:cb00:7107::1"),
            ("mixed 2001:db8::203.0.113.7 x", "2001:db8::203.0.113.7"),
        ])
    func ipv6Public(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, Self.ip, "ipv6")])
    }

    @Test(
        "IPv6: non-global addresses, invalid parses, times and paths are left alone",
        arguments: [
            "loopback ::1 up", "link fe80::1ff:fe23:4567:890a%eth0", "ula fd12:3456:789a::1", "mcast ff02::1",
            "mapped ::ffff:10.0.0.1", "doc3 3fff::1", "at 12:34:56 today", "at 12:34:56.789Z", "std::vector<int>",
            "Vec::new()", "dead:beef", "prefix 2001:db8 only", "two gaps 2001:db8::1::2", "nine 1:2:3:4:5:6:7:8:9",
            "2001:db8::1g", "long 2001:4860:4860:0:0:0:0:8888:1", "x2001:4860::8888", "crate::io::Error",
            "ratio 2024:06:19", "SHA256:2001:4860::8888",
        ])
    func ipv6Ignored(text: String) {
        #expect(Self.scanShapes(text) == [])
    }

    @Test("IPv6: an IPv4-mapped address reports its public IPv4, so the mask keeps the mapped form")
    func ipv6Mapped() {
        #expect(Self.scanShapes("client ::ffff:203.0.113.7 ok") == [Found("203.0.113.7", Self.ip, "ipv4")])
        #expect(Self.scanShapes("client ::ffff:192.168.0.7 ok") == [])
    }

    // MARK: - MAC

    @Test(
        "MAC: six hex pairs with one separator",
        arguments: [
            ("link 00:1A:2B:3C:4D:5E up", "00:1A:2B:3C:4D:5E"), ("hw=00-1a-2b-3c-4d-5e,", "00-1a-2b-3c-4d-5e"),
            ("wlan a4:83:e7:12:34:56.", "a4:83:e7:12:34:56"), ("mac=3C-22-FB-01-02-03", "3C-22-FB-01-02-03"),
        ])
    func macFound(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, .macAddress, "mac-address")])
    }

    @Test(
        "MAC: documentation block, zero, broadcast, wrong group counts and mixed separators are left alone",
        arguments: [
            "masked 00:00:5E:00:53:01", "zero 00:00:00:00:00:00", "bcast ff:ff:ff:ff:ff:ff", "five 00:1A:2B:3C:4D",
            "seven 00:1A:2B:3C:4D:5E:6F", "mixed 00:1A-2B:3C-4D:5E",
            "fp aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99",
            "host-00-1a-2b-3c-4d-5e", "00-1a-2b-3c-4d-5e-extra", "triple 001:1A:2B:3C:4D:5E",
        ])
    func macIgnored(text: String) {
        #expect(Self.scanShapes(text) == [])
    }

    @Test("MAC: the Cisco form, at its dot")
    func macCisco() {
        func atFirstDot(_ s: String) -> Found? {
            let bytes = Array(s.utf8)
            guard let dot = bytes.firstIndex(of: 0x2E) else { return nil }
            return bytes.withUnsafeBufferPointer { text in
                ShapeScanner.hexGroups(in: text, around: dot, lowerBound: 0, end: text.count).map {
                    Found(String(decoding: text[$0.range], as: UTF8.self), $0.kind, $0.rule)
                }
            }
        }
        #expect(atFirstDot("mac 001a.2b3c.4d5e up") == Found("001a.2b3c.4d5e", .macAddress, "mac-address"))
        #expect(atFirstDot("build 2024.0619.1200 up") == nil)
        #expect(atFirstDot("mac 001a.2b3c.4d5e.77") == nil)
    }

    // MARK: - SSN

    @Test(
        "SSN: dashed or spaced, by the issuance rules",
        arguments: [
            ("ssn 123-45-6789 on file", "123-45-6789"), ("SSN: 234 56 7890.", "234 56 7890"),
            ("\"ssn\":\"899-99-9999\"", "899-99-9999"), ("(001-01-0001)", "001-01-0001"),
        ])
    func ssnFound(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, .ssn, "us-ssn")])
    }

    @Test(
        "SSN: never-issued parts, longer runs and undelimited digits are left alone",
        arguments: [
            "ssn 000-45-6789", "ssn 666-45-6789", "itin 912-45-6789", "ssn 123-00-6789", "ssn 123-45-0000",
            "ssn 123-45-67890", "id 0123-45-6789", "ssn 123-45-6789-1", "plain 123456789", "spaced 123 45 6789 12",
            "run 12 123 45 6789", "ssn 123-45 6789", "ssn 123-45-6789.5", "order 123-45-6789", "#123-45-6789",
        ])
    func ssnIgnored(text: String) {
        #expect(Self.scanShapes(text) == [])
    }

    // MARK: - Cards

    static let cards: [String] = [
        Self.cardNumber("411111111111111", grouping: [4, 4, 4, 4]),  // Visa
        Self.cardNumber("400012345678901"),  // Visa, contiguous
        Self.cardNumber("400012345678", grouping: [4, 4, 4, 1]),  // Visa, 13 digits
        Self.cardNumber("555500000000000", grouping: [4, 4, 4, 4], separator: "-"),  // Mastercard
        Self.cardNumber("222100123456789"),  // Mastercard 2-series
        Self.cardNumber("37828224631000", grouping: [4, 6, 5]),  // Amex
        Self.cardNumber("601100099013942", grouping: [4, 4, 4, 4]),  // Discover
        Self.cardNumber("353011133330000"),  // JCB
        Self.cardNumber("3056930902590", grouping: [4, 6, 4]),  // Diners, 14 digits
        Self.cardNumber("621234567890123456", grouping: [4, 4, 4, 4, 3]),  // UnionPay, 19 digits
        Self.cardNumber("501800000000", grouping: [4, 4, 5]),  // Maestro, 13 digits
    ]

    @Test("Cards: known IIN, issued length and Luhn, contiguous or grouped", arguments: cards)
    func cardFound(card: String) {
        #expect(Self.scanShapes("paid with \(card) today") == [Found(card, .cardNumber, "card-number")])
        #expect(Self.scanShapes("card=\(card)") == [Found(card, .cardNumber, "card-number")])
        // The twin with a wrong check digit is no card.
        #expect(Self.scanShapes("paid with \(Self.luhnTwin(card)) today").allSatisfy { $0.kind != .cardNumber })
    }

    @Test(
        "Cards: after a date, a time or a decimal, a card is a value of its own (after a digit group it is not)",
        arguments: ["2026-03-14 ", "2026-03-14T08:00:00 ", "08:00:00.123 ", "took 1.5 "])
    func cardAfterATimestamp(prefix: String) {
        for card in ["4111111111111111", "4111 1111 1111 1111"] {
            #expect(Self.scanShapes(prefix + card) == [Found(card, .cardNumber, "card-number")], "\(prefix)\(card)")
        }
    }

    @Test(
        "Cards: unknown prefixes, lengths a scheme does not issue, ids and longer runs are left alone",
        arguments: [
            Self.cardNumber("111111111111111"),  // no scheme starts with 1
            Self.cardNumber("911111111111111"),  // nor with 9
            Self.cardNumber("341111111111111"),  // Amex prefix, 16 digits
            Self.cardNumber("41111111111111"),  // Visa, 15 digits
            Self.cardNumber("51111111111111111"),  // Mastercard, 18 digits
            "order_id=" + Self.cardNumber("411111111111111"), "traceId: " + Self.cardNumber("621234567890123"),
            "#" + Self.cardNumber("411111111111111"), Self.cardNumber("411111111111111") + "abc",
            Self.cardNumber("411111111111111") + "1234",
            "4111 " + Self.cardNumber("411111111111111", grouping: [4, 4, 4, 4]),
            Self.cardNumber("411111111111111", grouping: [4, 4, 4, 4]) + " 2026",
            Self.cardNumber("411111111111111", grouping: [4, 4, 4, 4]) + ".5",
            Self.cardNumber("411111111111111", grouping: [8, 8]),
            Self.cardNumber("411111111111111", grouping: [4, 2, 2, 8]),
            "epoch_ms 1718790000123", "ns 1718790000123456789", "micros " + Self.cardNumber("64619894956383"),
            "ids 1031758502225766 " + Self.cardNumber("63118713614407106"),
        ])
    func cardIgnored(text: String) {
        #expect(Self.scanShapes(text).allSatisfy { $0.kind != .cardNumber }, "\(text)")
    }

    // MARK: - Phones

    @Test(
        "Phones: E.164, NANP and European national formats",
        arguments: [
            ("call +44 20 7946 0018 now", "+44 20 7946 0018"),
            ("mobile +44 7911 123456.", "+44 7911 123456"),
            ("tel +44 (0)20 7946 0018", "+44 (0)20 7946 0018"),
            ("us +1 (202) 555-0243", "+1 (202) 555-0243"),
            ("us +1-202-555-0243,", "+1-202-555-0243"),
            ("sms to +12025550243", "+12025550243"),
            ("fr +33 1 99 00 12 34", "+33 1 99 00 12 34"),
            ("de +49 30 12345678", "+49 30 12345678"),
            ("jp +81 3-1234-5678", "+81 3-1234-5678"),
            ("in +91 98765 43210", "+91 98765 43210"),
            ("ie +353 1 496 0123", "+353 1 496 0123"),
            ("uk 0044 20 7946 0018", "0044 20 7946 0018"),
            ("us 001-202-555-0243", "001-202-555-0243"),
            ("office (202) 555-0243", "(202) 555-0243"),
            ("office (202)555-0243", "(202)555-0243"),
            ("cell 202-555-0243.", "202-555-0243"),
            ("cell 202.555.0243", "202.555.0243"),
            ("cell 202 555-0243", "202 555-0243"),
            ("toll 1-800-234-5678", "1-800-234-5678"),
            ("us 1 (202) 555-0243", "1 (202) 555-0243"),
            ("ext 202-555-0243 x123", "202-555-0243"),
            ("ext 202-555-0243x12", "202-555-0243"),
            ("london 020 7946 0018", "020 7946 0018"),
            ("mobile 07911 123456", "07911 123456"),
            ("berlin 030 12345678", "030 12345678"),
            ("paris 01 99 00 12 34", "01 99 00 12 34"),
            ("paris 01.99.00.12.34", "01.99.00.12.34"),
            ("leeds (0113) 496 0999", "(0113) 496 0999"),
            ("sydney (02) 9876 5432", "(02) 9876 5432"),
            ("london 020-7946-0018", "020-7946-0018"),
            ("tokyo 090-3915-0008", "090-3915-0008"),
            ("seoul 02-2345-6789", "02-2345-6789"),
            ("stockholm 08-170 669 07", "08-170 669 07"),
            ("nl (0406)-812415", "(0406)-812415"),
            ("moscow 8 (495) 123-45-67", "8 (495) 123-45-67"),
            ("uk +44(0)20 7946 0018", "+44(0)20 7946 0018"),
            ("tr +90(312)907-4391x500", "+90(312)907-4391"),
            ("us 1(202)555-0243", "1(202)555-0243"),
            ("n11 +1 911 555 0243", "+1 911 555 0243"),
            ("+1 202 555 0243 2 calls", "+1 202 555 0243"),
            ("cell: 202-555-0243 (home)", "202-555-0243"),
        ])
    func phoneFound(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, .phone, "phone-number")])
    }

    @Test(
        "Phones: our masks, short or unassigned numbers, bare digits and other groupings are left alone",
        arguments: [
            "office (202) 555-0147",  // 555-01xx: our NANP masks
            "plus +1", "plus +1 202", "short +44 20 7946", "unassigned +28 1234 5678", "reserved +999 1234 5678",
            "area +1 (102) 555-0243", "exchange +1 202 155 0243", "spaces 202 555 0243", "area 0 (022) 555-0243",
            "bare 2025550243", "long 202-555-02431", "more 202-555-0243-1", "order 202-555-0243",
            "#202-555-0243", "dashes 020-79-460018", "bare 02079460018", "run 12 020 7946 0018", "date 06-19-2026",
            "dots 020.7946.0018", "pairs 01.99.00.12", "dump 08 00 45 00 00 10", "dump 01 23 45 67 89 10 11",
            "ru 8 495 123 45 67", "ru (8) 495 123-45-67",
            "tail 020 7946 0018 12", "uk short 020 7946", "code +4 420 7946 0018", "split +4420 79 46",
            "too long +44 20 7946 0018 123 456 789 0", "trunk (0)20 7946 0018",
        ])
    func phoneIgnored(text: String) {
        #expect(Self.scanShapes(text) == [], "\(text)")
    }

    // MARK: - IBAN

    @Test(
        "IBAN: compact or grouped by four, ending at the country's length",
        arguments: [
            ("IBAN DE89 3704 0044 0532 0130 00 for", "DE89 3704 0044 0532 0130 00"),
            ("to GB82WEST12345698765432.", "GB82WEST12345698765432"),
            ("pay NL91ABNA0417164300, thanks", "NL91ABNA0417164300"),
            ("FR14 2004 1010 0505 0001 3M02 606 AND MORE", "FR14 2004 1010 0505 0001 3M02 606"),
            ("NO93 8601 1117 947 is short", "NO93 8601 1117 947"),
            ("\"iban\":\"CH9300762011623852957\"", "CH9300762011623852957"),
        ])
    func ibanFound(text: String, value: String) {
        #expect(Self.scanShapes(text) == [Found(value, .iban, "iban")])
    }

    @Test(
        "IBAN: a wrong check, length, country or grouping is left alone",
        arguments: [
            "IBAN DE89 3704 0044 0532 0130 01", "IBAN DE89 3704 0044 0532 0130", "IBAN DE89370400440532013000X",
            "IBAN XX89 3704 0044 0532 0130 00", "IBAN DE89  3704 0044 0532 0130 00", "IBAN DE89 37040 044 0532 0130 00",
            "IBAN GB82 WEST 1234 5698 7654 3210", "IBAN DE8937040044053201300", "xDE89370400440532013000",
        ])
    func ibanIgnored(text: String) {
        #expect(Self.scanShapes(text) == [])
    }

    // MARK: - Whole values

    @Test(
        "Whole values: the kind of a value under a key",
        arguments: [
            ("203.0.113.7", "203.0.113.7", FindingKind.ipAddress, "ipv4"),
            (" 203.0.113.7:4711 ", "203.0.113.7", .ipAddress, "ipv4"),
            ("198.51.100.0/24", "198.51.100.0", .ipAddress, "ipv4"),
            ("[2001:db8::1]:443", "2001:db8::1", .ipAddress, "ipv6"),
            ("2606:4700::1%en0", "2606:4700::1", .ipAddress, "ipv6"),
            ("2a00:1450::/32", "2a00:1450::", .ipAddress, "ipv6"),
            ("::ffff:203.0.113.9", "203.0.113.9", .ipAddress, "ipv4"),
            ("00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E", .macAddress, "mac-address"),
            ("00-1a-2b-3c-4d-5e", "00-1a-2b-3c-4d-5e", .macAddress, "mac-address"),
            ("001a.2b3c.4d5e", "001a.2b3c.4d5e", .macAddress, "mac-address"),
            ("DE89370400440532013000", "DE89370400440532013000", .iban, "iban"),
            ("de89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00", .iban, "iban"),
            ("4111111111111111", "4111111111111111", .cardNumber, "card-number"),
            ("4111-1111-1111-1111", "4111-1111-1111-1111", .cardNumber, "card-number"),
            ("123456789", "123456789", .ssn, "us-ssn"),
            ("123-45-6789", "123-45-6789", .ssn, "us-ssn"),
            ("2025550243", "2025550243", .phone, "phone-number"),
            ("12025550243", "12025550243", .phone, "phone-number"),
            ("202 555 0243", "202 555 0243", .phone, "phone-number"),
            ("+1 202 555 0243", "+1 202 555 0243", .phone, "phone-number"),
            ("07911123456", "07911123456", .phone, "phone-number"),
            ("020-7946-0018", "020-7946-0018", .phone, "phone-number"),
            ("+44 20 7946 0018 ext. 12", "+44 20 7946 0018", .phone, "phone-number"),
            ("(202) 555-0243 x1234", "(202) 555-0243", .phone, "phone-number"),
        ])
    func wholeFound(value: String, expected: String, kind: FindingKind, rule: String) {
        #expect(Self.classify(value) == Found(expected, kind, rule))
    }

    @Test(
        "Whole values: private addresses, masks, invalid checks and other text are nothing",
        arguments: [
            "10.0.0.1", "192.0.2.44", "127.0.0.1:8080", "fe80::1", "[::1]:443", "00:00:5E:00:53:2A",
            "DE89370400440532013001", "4111111111111112", "000-12-3456", "1234567890", "(202) 555-0147",
            "hello", "12345", "", "   ", "203.0.113.7 and more", "203.0.113.7:99999999", "2025550243 x",
            "4111 1111 1111 1111 1111", "2001:db8::1 extra", "2024.0619.1200", "2026-06-19", "19.06.2026",
            "06/19/2026", "2026-06-19T09:12:03Z", "12:34:56", "09:12:03.123", "4.18.2", "1.2.3.4-beta", "v8.8.8.8",
            "123e4567-e89b-12d3-a456-426614174000", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "31000ms",
            "$1,234.56", "3.14159", "+1", "+02:00", "dead:beef", "std::vector", "1718790000123", "2026-06",
            "checkout-api-5f7d8c9b6-abcde", "1.0.0-alpha.1+build.5",
        ])
    func wholeIgnored(value: String) {
        #expect(Self.classify(value) == nil, "\(value)")
    }

    // MARK: - Masks

    static let maskKey = PseudonymKey(hex: String(repeating: "5a", count: 32))!

    /// Every positive above, in one text per kind.
    static let positives: [String] = [
        "client 203.0.113.7 from 198.51.100.23:443 and 8.8.8.8",
        "v6 2001:4860:4860::8888 and [2606:4700:4700::1111]:443 and 2001:db8::1 and ::ffff:203.0.113.7",
        "mac 00:1A:2B:3C:4D:5E and 00-1a-2b-3c-4d-5e",
        "ssn 123-45-6789 and 234 56 7890",
        "cards " + cards.joined(separator: " , "),
        "phones +44 20 7946 0018 , +1 (202) 555-0243 , +33 1 99 00 12 34 , 202-555-0243 , 020 7946 0018 , "
            + "07911 123456 , 01 99 00 12 34 , +12025550243 , 0044 20 7946 0018 , (0113) 496 0999",
        "ibans DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432 and NO93 8601 1117 947",
    ]

    @Test("Masked values are never found again: sanitizing twice changes nothing", arguments: positives)
    func masksAreNotFound(text: String) {
        let masks = MaskFactory(key: Self.maskKey)
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var found = 0
        bytes.withUnsafeBufferPointer { buffer in
            var last = 0
            for match in scanAll(buffer) {
                let value = Array(buffer[match.range])
                let mask: [UInt8] =
                    switch match.kind {
                    case .ipAddress: value.contains(0x3A) ? masks.ipv6(value) : masks.ipv4(value)
                    case .macAddress: masks.mac(value)
                    case .cardNumber: masks.card(value)
                    case .iban: masks.iban(value)
                    case .ssn: masks.ssn(value)
                    case .phone: masks.phone(value)
                    default: value
                    }
                output += buffer[last..<match.range.lowerBound]
                output += mask
                last = match.range.upperBound
                found += 1
            }
            output += buffer[last...]
        }
        #expect(found >= 2)
        let masked = String(decoding: output, as: UTF8.self)
        #expect(Self.scanShapes(masked) == [], "\(masked)")
    }

    /// The matches of ``Self.scanShapes(_:)`` as ranges.
    private func scanAll(_ text: UnsafeBufferPointer<UInt8>) -> [ShapeMatch] {
        var matches: [ShapeMatch] = []
        var offset = 0
        let string = String(decoding: text, as: UTF8.self)
        for found in Self.scanShapes(string) {
            let value = Array(found.value.utf8)
            var i = offset
            while i + value.count <= text.count, !text[i..<(i + value.count)].elementsEqual(value) { i += 1 }
            matches.append(ShapeMatch(range: i..<(i + value.count), kind: found.kind, rule: found.rule))
            offset = i + value.count
        }
        return matches
    }

    // MARK: - The negative corpus

    /// Log lines, configs and prose full of numbers that are not personal data.
    static let negativeCorpus = """
        2026-06-19T09:12:03.123Z INFO  checkout-api-7d9f8b6c5-x2x7q [trace_id=4bf92f3577b34da6a3ce929d0e0e4736 \
        span_id=00f067aa0ba902b7] POST /orders/8812/items 415 31000ms
        2026-06-19 09:12:03,123 WARN [main] c.e.checkout.OrderService - retry 3/5 after 250 ms (timeout_ms=30000)
        Jun 19 09:12:03 ip-10-0-12-34 kernel: [12345.678901] eth0: link up, 1000 Mbps, full duplex
        172.16.4.2 - - [19/Jun/2026:09:12:03 +0000] "GET /health HTTP/1.1" 200 612 "-" "kube-probe/1.29"
        10.0.0.5:8080 -> 192.168.1.20:443 via 100.64.1.1 and 127.0.0.1:5432, masked 192.0.2.77
        release checkout-api 4.18.2, express@4.18.2, node v20.11.1, envoy 1.29.3, version 1.2.3.4-beta, v10.0.0.1
        Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36
        commit 9f2c1ab 3e1f0c9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e tree a94a8fe5ccb19ba61c4c0873d391e987982fbbd3
        uuid 123e4567-e89b-12d3-a456-426614174000, request id 550e8400-e29b-41d4-a716-446655440000
        price $1,234.56 EUR 99.99, total 1 234 567 bytes, 12.5%, 3.14159, -273.15, 6.02e23, 1e-9
        dates: 2026-06-19, 19.06.2026, 06/19/2026, 2026/06/19, 20260619, 19 Jun 2026, 2026-06-19T09:12:03+02:00
        times: 12:34:56, 09:12:03.123, 23:59:59.999999, 1h2m3s, 00:00:30, PT30S, 100ms, 2.5s
        epoch 1718790000 epoch_ms=1718790000123 ns=1718790000123456789 ts: 1718790000.123
        order_id=4111111111111111 dd.trace_id=4539578763621486 dd.span_id=5555555555554444 txn 4012888888881881
        pod checkout-api-5f7d8c9b6-abcde restarted 3 times; node ip-10-0-1-23.eu-west-1.compute.internal
        ports 80, 443, 8080, 0.0.0.0:9090, :3000, localhost:5173; status 200 201 404 500 503
        sizes 1048576 bytes, 512 MiB, 2.5 GB, 4096 KiB, 1 048 576 B; counts 12 345 678
        k8s: replicas 3, cpu 500m, memory 512Mi, image registry.example.com/app:1.4.2-rc.1
        hex 0xdeadbeef 0x7fff5fbff8a8 deadbeefcafebabe dead:beef cafe:babe:f00d, std::vector<int>, Vec::new()
        rust crate::io::Error, ruby Foo::Bar, php \\App\\Http, c++ std::chrono::milliseconds(250)
        ssh-rsa fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8
        md5 16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48 and 16:27:ac:a5:76:28:2d:36 and 2001:4860:4860::8888::2
        semver 1.0.0-alpha.1+build.5 2.0.0 0.9.12 10.15.7 2024.6.19
        phone-like 555-1234, 1-2-3, 12-34-56, 2026-06, 1234-5678, 12345-6789, 2+2=4, +1, +15%, +02:00, -0500
        order numbers ORD-2026-000123, INV/2026/0042, #12345, ticket 202-555-0243, case #4111111111111111
        versions v1.2.3, 1.2.3.4-beta, 4.18.2.1-rc1, build 10.0.19045.3803, firmware 2.4.1.7
        isbn 978-3-16-148410-0 ean 4006381333931 gtin 00012345600012 zip 90210-1234
        lat 52.520008, lon 13.404954, temp -3.5C, ratio 16:9, score 10/10, version 1:2.34-5ubuntu1
        Content-Length: 1234567 Retry-After: 120 X-RateLimit-Reset: 1718790000 Age: 31536000
        docker sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        ipv6 ::1 fe80::1%lo0 fd00::1 ff02::fb ::ffff:10.1.2.3 2001:db8:1234:5678:9abc:def0:1234:FFFF:1
        mac 00:00:5E:00:53:AB 00:00:00:00:00:00 FF:FF:FF:FF:FF:FF
        iban-like DE00 1234 5678 9012 3456 78 AB12 3456 7890, GB00BANK00000000000000, USD 1234
        ids 1234567890 9876543210 01234567891 2025550243 020794600183 123456789 0012345678
        """

    @Test("The negative corpus holds no match anywhere")
    func negativeCorpusIsClean() {
        #expect(Self.scanShapes(Self.negativeCorpus) == [])
    }

    @Test("The negative corpus stays clean line by line")
    func negativeCorpusLines() {
        for line in Self.negativeCorpus.split(separator: "\n") {
            #expect(Self.scanShapes(String(line)) == [], "\(line)")
        }
    }

    @Test("Positives stay found inside the noisy corpus")
    func positivesInNoise() {
        let text = Self.negativeCorpus + "\nuser 203.0.113.7 card 4111 1111 1111 1111 call +44 20 7946 0018\n"
        #expect(
            Self.scanShapes(text) == [
                Found("203.0.113.7", Self.ip, "ipv4"),
                Found("4111 1111 1111 1111", .cardNumber, "card-number"),
                Found("+44 20 7946 0018", .phone, "phone-number"),
            ])
    }

    // MARK: - Robustness

    /// Random text with many of the bytes the scanners care about.
    static func randomText(_ random: inout SeededGenerator, length: Int) -> [UInt8] {
        let alphabet = Array("0123456789012345678901234567890123456789abcdefABCDEFxyzXZ .-:+()/[]%#_\n".utf8)
        return (0..<length).map { _ in
            let r = random.next()
            return r % 11 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int((r >> 16) % UInt64(alphabet.count))]
        }
    }

    @Test("Random bytes never crash, and every range is non-empty and inside its bounds")
    func fuzz() {
        var random = SeededGenerator(seed: Array("shape-scanner-fuzz".utf8))
        for round in 0..<1500 {
            let length = Int(random.next() % 160)
            let bytes = Self.randomText(&random, length: length)
            bytes.withUnsafeBufferPointer { text in
                let end = length == 0 ? 0 : length - Int(random.next() % UInt64(min(length, 8)))
                for i in 0..<max(end, 1) where i < end {
                    if let m = ShapeScanner.number(in: text, at: i, end: end) {
                        #expect(m.range.lowerBound == i && m.range.upperBound <= end && !m.range.isEmpty, "\(round)")
                    }
                    let lowerBound = i - Int(random.next() % UInt64(i + 1))
                    if let m = ShapeScanner.hexGroups(in: text, around: i, lowerBound: lowerBound, end: end) {
                        #expect(m.range.lowerBound >= lowerBound && m.range.upperBound <= end, "\(round)")
                        #expect(!m.range.isEmpty && m.range.upperBound > i, "\(round)")
                    }
                    if let m = ShapeScanner.iban(in: text, at: i, end: end) {
                        #expect(m.range.lowerBound == i && m.range.upperBound <= end && !m.range.isEmpty, "\(round)")
                    }
                    let sliceEnd = min(end, i + Int(random.next() % 40))
                    let slice = UnsafeBufferPointer(rebasing: text[i..<sliceEnd])
                    if let m = ShapeScanner.classifyWhole(slice) {
                        #expect(m.range.lowerBound >= 0 && m.range.upperBound <= slice.count && !m.range.isEmpty)
                    }
                }
                _ = Self.scanShapes(String(decoding: text, as: UTF8.self))
            }
        }
        // Edge calls: empty text, start at or past the end, inverted bounds.
        let empty: [UInt8] = []
        empty.withUnsafeBufferPointer { text in
            #expect(ShapeScanner.number(in: text, at: 0, end: 0) == nil)
            #expect(ShapeScanner.hexGroups(in: text, around: 0, lowerBound: 0, end: 0) == nil)
            #expect(ShapeScanner.iban(in: text, at: 0, end: 0) == nil)
            #expect(ShapeScanner.classifyWhole(text) == nil)
        }
        Array("+1 202-555-0243".utf8).withUnsafeBufferPointer { text in
            #expect(ShapeScanner.number(in: text, at: 5, end: 3) == nil)
            #expect(ShapeScanner.number(in: text, at: 0, end: 99) == nil)
            #expect(ShapeScanner.hexGroups(in: text, around: 6, lowerBound: 7, end: text.count) == nil)
        }
    }

    @Test("Scanners read nothing past `end`, before `lowerBound`, or farther than their window")
    func boundedReads() {
        var random = SeededGenerator(seed: Array("shape-scanner-bounds".utf8))
        let window = 80
        for _ in 0..<400 {
            let length = 40 + Int(random.next() % 200)
            let bytes = Self.randomText(&random, length: length)
            for i in 0..<length {
                let end = min(length, i + Int(random.next() % 120))
                guard end > i else { continue }
                // Whatever lies past `end`, or past the window, must not change an answer.
                var changed = bytes
                for j in end..<length { changed[j] = 0x37 }
                var far = bytes
                for j in min(length, i + window)..<length { far[j] = far[j] == 0x37 ? 0x5A : 0x37 }
                let lowerBound = max(0, i - Int(random.next() % 50))
                var before = bytes
                for j in 0..<lowerBound { before[j] = before[j] == 0x31 ? 0x20 : 0x31 }
                let results = [bytes, changed, far].map { variant in
                    variant.withUnsafeBufferPointer { text in
                        (
                            ShapeScanner.number(in: text, at: i, end: end),
                            ShapeScanner.hexGroups(in: text, around: i, lowerBound: lowerBound, end: end),
                            ShapeScanner.iban(in: text, at: i, end: end)
                        )
                    }
                }
                #expect(results[0].0 == results[1].0 && results[0].1 == results[1].1 && results[0].2 == results[1].2)
                #expect(results[0].0 == results[2].0 && results[0].1 == results[2].1 && results[0].2 == results[2].2)
                let hexBefore = before.withUnsafeBufferPointer {
                    ShapeScanner.hexGroups(in: $0, around: i, lowerBound: lowerBound, end: end)
                }
                #expect(hexBefore == results[0].1)
            }
        }
    }
}
