import Foundation
import ScanKernels
import Testing

@testable import Sanitizer

/// The scanner's shortcuts give exactly what the plain computation they skip would give.
@Suite struct FastPathTests {
    // MARK: - Keyword prefilter

    /// Every occurrence of every keyword, found by comparing at each position: what the prefilter must report.
    static func naiveMatches(_ keywords: [[UInt8]], in text: [UInt8]) -> [[Int]] {
        var matches: [[Int]] = []
        for start in text.indices {
            for (index, keyword) in keywords.enumerated() where !keyword.isEmpty && start + keyword.count <= text.count
            {
                if zip(keyword, text[start...]).allSatisfy({ $0 == ASCII.lower($1) }) {
                    matches.append([index, start + keyword.count])
                }
            }
        }
        return matches
    }

    static let keywords = ["pass", "token", "@", "://", "sk", "q~", "eyj", "-----begin", "x"]

    @Test(arguments: [
        "password=hunter2 and TOKEN: abc",
        "no keyword here at all, just words",
        "mail me: ada@example.invalid",
        "ends with a keyword: pass",
        "ends with one byte: @",
        "sk",
        "@",
        "https://host/Path?Q~x SK-y eYJhbGciOi -----BEGIN",
        "PaSs PASS pass pAsS tokentoken",
        "\u{0}\u{1}pass\u{FF}\u{FE}token",
        "short",
        "",
    ])
    func keywordFilterFindsWhatComparingFinds(_ text: String) {
        let filter = KeywordFilter(keywords: Self.keywords)
        let bytes = Array(text.utf8)
        var found: [[Int]] = []
        bytes.withUnsafeBufferPointer { buffer in
            filter.forEachMatch(in: buffer, range: 0..<buffer.count) { found.append([$0, $1]) }
        }
        #expect(found == Self.naiveMatches(filter.keywords, in: bytes))
    }

    @Test func keywordFilterOnGeneratedText() {
        let filter = KeywordFilter(keywords: Self.keywords)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("paSsTOKENtoken@`:/-~qQxXyYjJbegin ".utf8)
        for _ in 0..<400 {
            // Short texts, and long ones that the prefilter reads in whole blocks of 64 positions.
            let length = Int.random(in: 0..<(Bool.random(using: &generator) ? 64 : 400), using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            // A window that may start after zero and end before the buffer's end.
            let lower = Int.random(in: 0...min(5, length), using: &generator)
            let range = lower..<Int.random(in: lower...length, using: &generator)
            var found: [[Int]] = []
            bytes.withUnsafeBufferPointer { buffer in
                filter.forEachMatch(in: buffer, range: range) { found.append([$0, $1]) }
            }
            let expected = Self.naiveMatches(filter.keywords, in: Array(bytes[range])).map {
                [$0[0], $0[1] + range.lowerBound]
            }
            #expect(found == expected, "\(String(decoding: bytes, as: UTF8.self)) in \(range)")
        }
    }

    /// The prefilter's kernel, with vector instructions where the machine has them, flags the same positions as
    /// its portable form, for every count of positions and every number of readable bytes; and it flags every
    /// position where a keyword starts.
    @Test func keywordCandidatesAgreeWithThePortableKernel() {
        let keywords = Self.keywords + ["key", "sig", "connection", "$2a$"]
        let filter = KeywordFilter(keywords: keywords)
        var generator = SystemRandomNumberGenerator()
        let alphabet =
            Array("paSsTOKENtoken@`:/-~qQkKeEyYjJsigconnection$2a ".utf8) + [0x00, 0x09, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<2000 {
            let length = Int.random(in: 1..<150, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let offset = Int.random(in: 0..<length, using: &generator)
            let count = Int.random(in: 1...(length - offset), using: &generator)
            bytes.withUnsafeBufferPointer { buffer in
                let fast = filter.start.candidates(in: buffer, at: offset, count: count)
                let portable = filter.start.candidates(in: buffer, at: offset, count: count, portable: true)
                #expect(fast == portable, "\(bytes) from \(offset), \(count) positions")
                for match in Self.naiveMatches(filter.keywords, in: Array(bytes[offset..<offset + count])) {
                    let start = match[1] - filter.keywords[match[0]].count
                    if start < 64 { #expect(fast >> UInt64(start) & 1 == 1, "\(bytes) at \(offset + start)") }
                }
            }
        }
    }

    // MARK: - Shape pass

    /// The vector test (`ScanKernels`) flags every position where the shape pass's own tests would act (and only
    /// positions the byte table allows), for any scanned range around the block; the kernel chosen for this machine
    /// and the baseline one agree, and both give exactly the block's digits.
    @Test func vectorShapeCandidatesCoverWhatThePassTests() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEFgzGZ+(-.:_ /=\"@`[{".utf8) + [0x00, 0x09, 0x7F, 0x80, 0xC3, 0xFF]
        let hex = Array("0123456789abcdefABCDEF".utf8)
        let starts = Engine.shapeStartBytes
        let wordish: (UInt8) -> Bool = { ASCII.isAlnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        for round in 0..<4000 {
            // Every byte value, then bytes near the classes' edges, often with a MAC address or an IBAN's start.
            var bytes: [UInt8] =
                round < 4
                ? (0..<96).map { UInt8(truncatingIfNeeded: $0 + round * 96) }
                : (0..<96).map { _ in alphabet.randomElement(using: &generator)! }
            if round >= 4 && Bool.random(using: &generator) {
                let dots = Bool.random(using: &generator)
                let (groups, length, separator): (Int, Int, UInt8) = dots ? (3, 4, 0x2E) : (6, 2, 0x2D)
                var mac: [UInt8] = []
                for group in 0..<groups {
                    if group > 0 { mac.append(separator) }
                    for _ in 0..<length { mac.append(hex.randomElement(using: &generator)!) }
                }
                let at = Int.random(in: 0...(96 - mac.count), using: &generator)
                bytes.replaceSubrange(at..<(at + mac.count), with: mac)
            }
            let low = round < 4 ? 0 : Int.random(in: -20...0, using: &generator)
            let high = round < 4 ? 80 : Int.random(in: 64...90, using: &generator)
            let lowerBound = max(0, 16 + low)
            let end = min(96, 16 + high)
            bytes.withUnsafeBufferPointer { buffer in
                let block = buffer.baseAddress! + 16
                var digits: UInt64 = 0
                var baselineDigits: UInt64 = 0
                let found = casebook_shape_candidates64(block, low, high, &digits)
                let baseline = casebook_shape_candidates64_baseline(block, low, high, &baselineDigits)
                #expect(found == baseline && digits == baselineDigits, "\(bytes) in \(low)..<\(high)")
                for k in 0..<64 {
                    let i = 16 + k
                    let (b, previous) = (buffer[i], buffer[i - 1])
                    let next: (Int) -> UInt8? = { i + $0 < end ? buffer[i + $0] : nil }
                    let isNumber = (ASCII.isDigit(b) || b == 0x2B || b == 0x28) && !wordish(previous)
                    let isIBAN =
                        ASCII.isUpper(b) && !wordish(previous) && next(1).map(ASCII.isUpper) == true
                        && next(2).map(ASCII.isDigit) == true && next(3).map(ASCII.isDigit) == true
                    let isColon =
                        b == 0x3A && ASCII.isHex(previous) && next(1).map { ASCII.isHex($0) || $0 == 0x3A } == true
                    let isMACSeparator =
                        (b == 0x2D || b == 0x2E) && ASCII.isHex(previous) && next(1).map(ASCII.isHex) == true
                        && ShapeScanner.mayBeMACSeparator(in: buffer, at: i, lowerBound: lowerBound, end: end)
                    let flagged = found >> UInt64(k) & 1 == 1
                    if isNumber || isIBAN || isColon || isMACSeparator {
                        #expect(flagged, "\(bytes) at \(i) in \(lowerBound)..<\(end)")
                    }
                    if flagged { #expect(starts[Int(b)] & (starts[Int(previous)] >> 4) & 0x03 != 0) }
                    #expect((digits >> UInt64(k) & 1 == 1) == ASCII.isDigit(b), "\(b)")
                }
            }
        }
    }

    // MARK: - Line numbers

    /// `LineIndex`, which finds line breaks with `memchr` and goes on from the last position asked for, gives the lines
    /// and columns that reading every byte gives, for positions asked in any order.
    @Test func lineIndexCountsAsReadingEveryByte() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in
                [ASCII.newline, 0x61, 0x20, 0x0D].randomElement(using: &generator)!
            }
            bytes.withUnsafeBufferPointer { buffer in
                var index = LineIndex(buffer)
                for _ in 0..<20 {
                    let target = Int.random(in: 0...bytes.count, using: &generator)
                    let before = bytes[..<target]
                    let line = before.filter { $0 == ASCII.newline }.count + 1
                    let lineStart = (before.lastIndex(of: ASCII.newline) ?? -1) + 1
                    let found = index.position(of: target)
                    #expect(found.line == line && found.column == target - lineStart + 1, "\(bytes) at \(target)")
                }
            }
        }
    }

    // MARK: - Phone numbers in free text

    /// `ShapeScanner.number` gives up on a phone when the first digit is not 0 and the first group is not one or
    /// three digits long: `phone` must indeed find nothing there, whatever follows.
    @Test func phoneNeedsAShortFirstGroupUnlessItStartsWithZero() {
        var generator = SystemRandomNumberGenerator()
        let separators = [" ", "-", ".", "(", ")", ") ", " (", ""]
        for _ in 0..<3000 {
            let firstLength = [2, 4, 5, 6, 7, 10, 11].randomElement(using: &generator)!
            var text = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<firstLength { text += String(Int.random(in: 0...9, using: &generator)) }
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                text += separators.randomElement(using: &generator)!
                for _ in 0..<Int.random(in: 1...5, using: &generator) {
                    text += String(Int.random(in: 0...9, using: &generator))
                }
            }
            let bytes = Array(text.utf8)
            // An empty separator runs two groups together: `57` and `8` make a first group of three.
            guard [2, 4, 5, 6, 7, 10, 11].contains(bytes.prefix(while: ASCII.isDigit).count) else { continue }
            let found = bytes.withUnsafeBufferPointer {
                ShapeScanner.phone(in: $0, at: 0, end: $0.count, whole: false)
            }
            #expect(found == nil, "\(text)")
        }
    }

    @Test(arguments: ["202-555-0243", "1-800-234-5678", "020 7946 0018", "8 (495) 123-45-67"])
    func phonesWithAShortFirstGroupOrAZeroAreStillFound(_ text: String) {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { ShapeScanner.number(in: $0, at: 0, end: $0.count) }
        #expect(found?.kind == .phone)
    }

    /// `ShapeScanner.number` counts the digits a phone number could take before reading its groups: wherever
    /// `phone` finds a number written from a digit, the count lets it through.
    @Test func phoneDigitCountNeverTurnsDownAPhone() {
        var generator = SystemRandomNumberGenerator()
        let separators = [" ", "-", ".", "(", ")", ") ", " (", "", "  ", "/"]
        var found = 0
        for _ in 0..<20_000 {
            var text = ["0", "1", "8", "00", "2"].randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                text += separators.randomElement(using: &generator)!
                for _ in 0..<Int.random(in: 1...5, using: &generator) {
                    text += String(Int.random(in: 0...9, using: &generator))
                }
            }
            text += [" calls", "", ".", " x12", ")"].randomElement(using: &generator)!
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard ShapeScanner.phone(in: buffer, at: 0, end: buffer.count, whole: false) != nil else { return }
                found += 1
                #expect(ShapeScanner.mayHoldPhoneDigits(buffer, from: 0, end: buffer.count), "\(text)")
            }
        }
        #expect(found > 0)
    }

    @Test(arguments: ["1.525", "0.000", "2.852 ", "1 25 36", "0 (12) 34", "1.49s"])
    func shortNumbersCannotHoldAPhone(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(!bytes.withUnsafeBufferPointer { ShapeScanner.mayHoldPhoneDigits($0, from: 0, end: $0.count) })
    }

    // MARK: - MAC separators

    /// The shape pass asks `hexGroups` about a '-' or '.' only where `mayBeMACSeparator` allows: wherever `hexGroups`
    /// finds a MAC address around a separator, it allows that separator.
    @Test func everySeparatorOfAMACMayBeOne() {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdefABCDEF".utf8)
        let surroundings = ["", " ", "mac=", "\"", "[", "x-", "a", "1-", ":"]
        var found = 0
        for _ in 0..<3000 {
            let cisco = Bool.random(using: &generator)
            let separator: UInt8 = cisco ? 0x2E : 0x2D
            let (groups, length) = cisco ? (3, 4) : (6, 2)
            let before = Array(surroundings.randomElement(using: &generator)!.utf8)
            var bytes = before
            var separators: [Int] = []
            for group in 0..<groups {
                if group > 0 {
                    separators.append(bytes.count)
                    bytes.append(separator)
                }
                for _ in 0..<length { bytes.append(hex.randomElement(using: &generator)!) }
            }
            bytes += Array(surroundings.randomElement(using: &generator)!.utf8)
            let lowerBound = Int.random(in: 0...before.count, using: &generator)
            bytes.withUnsafeBufferPointer { buffer in
                for index in separators {
                    let match = ShapeScanner.hexGroups(
                        in: buffer, around: index, lowerBound: lowerBound, end: buffer.count)
                    guard match?.kind == .macAddress else { continue }
                    found += 1
                    #expect(
                        ShapeScanner.mayBeMACSeparator(
                            in: buffer, at: index, lowerBound: lowerBound, end: buffer.count),
                        "\(String(decoding: bytes, as: UTF8.self)) at \(index)")
                }
            }
        }
        #expect(found > 1000)
    }

    @Test(arguments: [
        "2026-03-14T08:00:00", "96b216d8-efea-49e1-a701-7795636dcf0e", "rt=1.525", "version 4.18.3", "10.254.107.209",
        "ab-cd", "2024.0619", "de-ad-beef",
    ])
    func datesIdsAndVersionsHaveNoMACSeparator(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == 0x2D || buffer[index] == 0x2E {
                #expect(
                    !ShapeScanner.mayBeMACSeparator(in: buffer, at: index, lowerBound: 0, end: buffer.count),
                    "\(text) at \(index)")
            }
        }
    }

    // MARK: - Key policies

    @Test(arguments: ["password", "Authorization", "x-api-key", "name", "traceId", "", "db_password", "message"])
    func policyCacheAnswersAsTheClassifier(_ key: String) {
        var cache = PolicyCache()
        // Fill the table past a few growths so that lookups probe.
        for n in 0..<100 { _ = cache.policy(forKey: Array("key\(n)".utf8)) }
        let expected = KeyClassifier.policy(forKey: Array(key.utf8))
        #expect(cache.policy(forKey: Array(key.utf8)) == expected)
        #expect(cache.policy(forKey: Array(key.utf8)) == expected)
    }

    // MARK: - Base64 that holds text

    /// What scanning base64 decided when Foundation decoded it: the decoded bytes, when they are text.
    static func foundationText(_ value: String) -> [UInt8]? {
        let compact = String(value.unicodeScalars.filter { !ASCII.isWhitespace(UInt8(truncatingIfNeeded: $0.value)) })
        guard let data = Data(base64Encoded: compact), Engine.isMostlyText([UInt8](data)) else { return nil }
        return [UInt8](data)
    }

    @Test(arguments: [
        Data("user=ada; password=correct horse battery".utf8).base64EncodedString(),
        Data("hi".utf8).base64EncodedString(),
        Data("hey".utf8).base64EncodedString(),
        Data([0, 1, 2, 3, 250, 7, 8, 9, 10, 11, 12, 13]).base64EncodedString(),
        "d3c017747f7eca67b140c18e4e80f8d3",
        "66a33d67107a4788f63aefe3a38c9b6f",
        "dXNlcj1hZGE7IHBhc3N3b3Jk\nPWNvcnJlY3Q=",
        "ab=cdefg",
        "abc",
        "====",
        "AAAAAAAAAAAAAAAAAAAAAAAA",
        "QUJD-_xx",
        // Where Foundation is looser than RFC 4648: padding past what is needed, unused bits set, `xx=x`.
        "cGFzc3dvcmQ9aHVudGVyMg===",
        "aGk=\n=",
        "aGl=",
        "aGk=aGk=",
        "aG=p",
        "aGk",
    ])
    func base64TextIsWhatFoundationDecodes(_ value: String) {
        let bytes = Array(value.utf8)
        let text = bytes.withUnsafeBufferPointer { Engine.base64Text($0, 0..<$0.count) }
        #expect(text == Self.foundationText(value))
    }

    @Test func base64TextLeavesOutIdsButNotText() {
        let id = Array("d3c017747f7eca67b140c18e4e80f8d3".utf8)
        let text = Array(Data("password=correct horse battery".utf8).base64EncodedString().utf8)
        #expect(id.withUnsafeBufferPointer { Engine.base64Text($0, 0..<$0.count) } == nil)
        #expect(text.withUnsafeBufferPointer { Engine.base64Text($0, 0..<$0.count) } != nil)
    }
}
