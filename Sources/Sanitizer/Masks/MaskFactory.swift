import Crypto

/// Makes the replacement for each kind of value: keyed, consistent, shape-keeping, never live.
///
/// Every mask is recognizable as a mask, so that sanitizing twice changes nothing and the residual re-scan can
/// tell a bug from a masked value:
/// - tokens and free-form values keep their length and character classes, and their last few characters are a
///   public check tag of the rest (``isMasked(_:)``), which a real value matches only by a chance of at most one
///   in 10⁴;
/// - shapes with a reserved range move into it: emails under `example.invalid`, IPv4 into `192.0.2.0/24`,
///   IPv6 into `2001:db8::/32`, MACs into `00:00:5E:00:53:00/24`, US phone numbers into `555-01xx`;
/// - shapes with a check digit fail it: cards and IBANs become checksum-invalid, SSNs get the never-issued area 000.
struct MaskFactory: Sendable {
    let key: PseudonymKey
    /// HMAC with the key already absorbed: copying it skips the key schedule on every mask.
    private let keyedHMAC: HMAC<SHA256>

    init(key: PseudonymKey) {
        self.key = key
        keyedHMAC = HMAC<SHA256>(key: key.symmetricKey)
    }

    /// Values with fewer maskable characters than this get a fixed mask (`xxxx0000`): a pseudonym needs room for its
    /// check tag, and a tag short enough to fit would let one real value in a few thousand pass for a mask.
    static let shortestPseudonym = 16

    /// The check tag's length: eight characters, so a real value passes for a mask by a chance below 10⁻⁸.
    static let tagLength = 8

    // MARK: - Keyed randomness

    /// A generator seeded by HMAC-SHA256 of the value: the same value under the same key gives the same stream.
    func generator(for value: some Sequence<UInt8>, domain: String) -> SeededGenerator {
        var hmac = keyedHMAC
        var message = Array(domain.utf8)
        message.append(0)
        message.append(contentsOf: value)
        hmac.update(data: message)
        let digest = Array(hmac.finalize())
        return SeededGenerator(seed: digest)
    }

    // MARK: - Tokens and free-form values

    /// A pseudonym of the same length and character classes, with the first `keepPrefix` bytes kept.
    ///
    /// Digits stay digits, letters keep their case, hexadecimal stays hexadecimal, punctuation stays as it is but
    /// for `@` (and `%40`), so does a percent-escape of punctuation (`%2F`), and a non-ASCII character becomes one
    /// lowercase letter (each byte of invalid UTF-8 one of its own).
    /// - Parameters:
    ///   - numericLiteral: the value is a JSON number, so its first digit must not become 0.
    func token(_ value: [UInt8], kind: FindingKind, keepPrefix: Int = 0, numericLiteral: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        let classes = CharacterClasses(value)
        var positions: [(index: Int, alphabet: Alphabet)] = []
        var i = 0
        /// A letter or digit of the mask for `original`: a position to fill from `alphabet`, but for the two bytes
        /// after a `%`, told from the mask's own bytes as `isMasked` tells them. There an escape of punctuation
        /// (`%20`, `%2F`, `%3D`) stays as it is, as punctuation does: masked, `%20` could become `%00`. Anything
        /// else there becomes `x`, so nothing of a value is kept.
        func appendMaskable(_ original: UInt8, _ alphabet: Alphabet) {
            if Self.followsPercent(output, output.count) {
                output.append(Self.escapesPunctuation(value, digitAt: i) ? original : 0x78)
            } else {
                positions.append((output.count, alphabet))
                output.append(0x78)
            }
        }
        while i < value.count {
            let b = value[i]
            if i < keepPrefix {
                output.append(b)
            } else if b == 0x25, i + 2 < value.count, value[i + 1] == 0x34, value[i + 2] == 0x30 {
                // `%40` is an encoded `@`, masked like one.
                for _ in 0..<3 { appendMaskable(0x40, .lower) }
                i += 3
                continue
            } else if let alphabet = classes.alphabet(for: b) {
                appendMaskable(b, alphabet)
            } else if b == 0x40 {
                // `@` would leave an email's shape for the email detector to find again.
                appendMaskable(b, .lower)
            } else if b >= 0x80 {
                // One lowercase letter for a whole UTF-8 character; a byte that starts none (binary, Latin-1) is
                // one letter of its own, so a mask of bytes keeps their count.
                appendMaskable(b, .lower)
                i += max(1, UTF8Decoding.sequenceLength(value, at: i))
                continue
            } else {
                output.append(b)
            }
            i += 1
        }
        if positions.count < Self.shortestPseudonym {
            for (n, position) in positions.enumerated() {
                output[position.index] = position.alphabet.fixed(numericFirst: numericLiteral && n == 0)
            }
            return output
        }
        var random = generator(for: value, domain: kind.rawValue)
        let tagCount = Self.tagLength(forPositions: positions.count)
        for (n, position) in positions.dropLast(tagCount).enumerated() {
            let alphabet = position.alphabet
            var c = alphabet.random(&random)
            if numericLiteral && n == 0 && c == 0x30 { c = 0x31 }
            output[position.index] = c
        }
        Self.writeTag(into: &output, at: positions.suffix(tagCount).map { ($0.index, $0.alphabet) })
        return output
    }

    /// Whether `value` is a mask that ``token(_:kind:keepPrefix:numericLiteral:)`` made.
    ///
    /// The check does not need the key, so a masked payload is recognized by any run.
    static func isMasked(_ value: some Collection<UInt8>) -> Bool {
        if let answer = value.withContiguousStorageIfAvailable({ isMasked(bytes: $0) }) { return answer }
        return Array(value).withUnsafeBufferPointer { isMasked(bytes: $0) }
    }

    private static func isMasked(bytes v: UnsafeBufferPointer<UInt8>) -> Bool {
        // The positions `token` masks: letters and digits, but for the two after a `%`.
        let hasPercent = v.contains(0x25)
        func isMaskable(_ i: Int) -> Bool { ASCII.isAlnum(v[i]) && !(hasPercent && followsPercent(v, i)) }
        // Count the maskable positions and note the last few, without allocating.
        var count = 0
        for i in v.indices {
            if v[i] == 0x40 { return false }
            if isMaskable(i) { count += 1 }
        }
        guard count > 0 else { return false }
        if count < shortestPseudonym {
            // A JSON number's fixed mask starts with 9 (a number cannot start with 0).
            var n = 0
            for i in v.indices where isMaskable(i) {
                let b = v[i]
                let fixed = b == 0x78 || b == 0x58 || b == 0x66 || b == 0x46 || b == 0x30 || (n == 0 && b == 0x39)
                if !fixed { return false }
                n += 1
            }
            return true
        }
        let tagCount = tagLength(forPositions: count)
        // The tag positions are the last `tagCount` maskable bytes; hash everything else.
        var tagStart = v.count
        var seen = 0
        while tagStart > 0 && seen < tagCount {
            tagStart -= 1
            if isMaskable(tagStart) { seen += 1 }
        }
        var state = tagSeed(v) { $0 >= tagStart && isMaskable($0) }
        for i in tagStart..<v.count where isMaskable(i) {
            state = SeededGenerator.splitMix(&state)
            let b = v[i]
            let characters: [UInt8] =
                ASCII.isDigit(b) ? tagDigits : ASCII.isUpper(b) ? tagUpper : tagLower
            if characters[Int(state % UInt64(characters.count))] != b { return false }
        }
        return true
    }

    /// What a mask's check tag is drawn from: a hash of the mask's bytes but the tag's own, then their count.
    ///
    /// Backslashes are left out, so that a mask still reads as one where a JSON string or a shell quote escapes
    /// its `"` or `\\`.
    private static func tagSeed<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, isTag: (Int) -> Bool)
        -> UInt64 where Bytes.Index == Int
    {
        var hash = FNV1a()
        var count = 0
        for i in bytes.indices where bytes[i] != ASCII.backslash {
            count += 1
            if !isTag(i) { hash.combine(bytes[i]) }
        }
        hash.combine(UInt8(truncatingIfNeeded: count))
        return hash.value
    }

    /// Whether `value[i]` is a digit of a percent-escape of ASCII punctuation or a space (`%2F`, `%20`).
    private static func escapesPunctuation(_ value: [UInt8], digitAt i: Int) -> Bool {
        let first = i >= 1 && value[i - 1] == 0x25 ? i : i - 1
        guard first >= 1, first + 1 < value.count, value[first - 1] == 0x25,
            let high = ASCII.hexValue(value[first]), let low = ASCII.hexValue(value[first + 1])
        else { return false }
        let byte = high << 4 | low
        return byte >= 0x20 && byte < 0x7F && !ASCII.isAlnum(byte)
    }

    /// Whether `value[i]` is in the place of a percent-escape's two digits (`%2F`): one or two bytes after a `%`,
    /// with only a letter or digit between. A mask keeps a letter or digit there, and answers as its value did.
    private static func followsPercent(_ value: some RandomAccessCollection<UInt8>, _ i: Int) -> Bool {
        let start = value.startIndex
        func at(_ k: Int) -> UInt8 { value[value.index(start, offsetBy: k)] }
        if i >= 1 && at(i - 1) == 0x25 { return true }
        return i >= 2 && at(i - 2) == 0x25 && ASCII.isAlnum(at(i - 1))
    }

    private static let tagDigits = Alphabet.digit.tagCharacters
    private static let tagLower = Alphabet.lower.tagCharacters
    private static let tagUpper = Alphabet.upper.tagCharacters

    /// Whether `value` is, whole, a mask of a shape with a reserved range: an email under `example.invalid`, an
    /// IPv4 address in 192.0.2.0/24, a checked IPv6 address in 2001:db8::/32, a documentation MAC, a masked phone.
    static func isShapeMask(_ value: some Collection<UInt8>) -> Bool {
        let v = Array(value)
        guard let first = v.first else { return false }
        if isIdentity(v) { return true }
        let lowered = String(decoding: v.map(ASCII.lower), as: UTF8.self)
        if lowered.hasSuffix("@" + maskEmailDomain) { return true }
        if lowered.hasPrefix("192.0.2."), v.dropFirst(8).allSatisfy(ASCII.isDigit) { return true }
        if lowered.hasPrefix("2001:db8:") {
            let groups = lowered.split(separator: ":").compactMap { UInt16($0, radix: 16) }
            return groups.count == 8 && groups[7] == ipv6CheckGroup(groups)
        }
        if lowered.hasPrefix("00:00:5e:00:53:") || lowered.hasPrefix("00-00-5e-00-53-") { return true }
        if first == 0x2B || first == 0x28 { return isMaskedPhone(v) }
        return false
    }

    private static func tagLength(forPositions count: Int) -> Int { tagLength }

    /// Writes the public check tag: a hash of every other byte of the mask, spelled in each position's alphabet.
    private static func writeTag(into output: inout [UInt8], at tagPositions: [(Int, Alphabet)]) {
        let tagIndices = Set(tagPositions.map(\.0))
        var state = tagSeed(output) { tagIndices.contains($0) }
        for (index, alphabet) in tagPositions {
            state = SeededGenerator.splitMix(&state)
            // Tag letters come from a-f (or A-F) whatever the value's alphabet, so that the check does not depend
            // on whether the mask happens to look hexadecimal.
            let characters = alphabet.tagCharacters
            output[index] = characters[Int(state % UInt64(characters.count))]
        }
    }

    // MARK: - Shapes with reserved ranges

    /// `user-3fa9c1d2@example.invalid`: still an email, never deliverable.
    func email(_ value: [UInt8]) -> [UInt8] {
        let lowered = value.map(ASCII.lower)
        var random = generator(for: lowered, domain: "email")
        return Array("user-\(random.hex(count: 8))@\(Self.maskEmailDomain)".utf8)
    }

    static let maskEmailDomain = "example.invalid"

    /// `user-3fa9c1d2` for a username, `Person-3fa9c1` for a person's name: readable, consistent whatever the
    /// value's length, and recognizable.
    func identity(_ value: [UInt8], kind: FindingKind) -> [UInt8] {
        var random = generator(for: value, domain: kind.rawValue)
        let prefix = kind == .personName ? "Person-" : "user-"
        return Array((prefix + random.hex(count: 8)).utf8)
    }

    /// Whether `value` is a pseudonym ``identity(_:kind:)`` made.
    static func isIdentity(_ value: some Collection<UInt8>) -> Bool {
        let v = Array(value)
        for prefix in ["user-", "Person-"] {
            let p = Array(prefix.utf8)
            if v.count == p.count + 8, v.starts(with: p),
                v.dropFirst(p.count).allSatisfy({ ASCII.isDigit($0) || (0x61...0x66).contains($0) })
            {
                return true
            }
        }
        return false
    }

    /// An address in TEST-NET-1, 192.0.2.0/24, which no host on the internet has.
    func ipv4(_ value: [UInt8]) -> [UInt8] {
        var random = generator(for: value, domain: "ipv4")
        return Array("192.0.2.\(1 + random.next() % 254)".utf8)
    }

    /// An address in the documentation prefix 2001:db8::/32, with a check group so it is recognized as a mask.
    func ipv6(_ value: [UInt8]) -> [UInt8] {
        var random = generator(for: value.map(ASCII.lower), domain: "ipv6")
        var groups: [UInt16] = [0x2001, 0x0db8]
        for _ in 0..<5 { groups.append(UInt16(truncatingIfNeeded: random.next())) }
        groups.append(Self.ipv6CheckGroup(groups))
        return Array(groups.map { String($0, radix: 16) }.joined(separator: ":").utf8)
    }

    /// The last group of a masked IPv6 address: a hash of the seven before it.
    static func ipv6CheckGroup(_ groups: some Collection<UInt16>) -> UInt16 {
        var hash = FNV1a()
        for group in groups.prefix(7) {
            hash.combine(UInt8(group >> 8))
            hash.combine(UInt8(group & 0xFF))
        }
        return UInt16(truncatingIfNeeded: hash.value)
    }

    /// A MAC in the documentation block 00-00-5E-00-53-xx (RFC 7042), with the separator and case kept.
    func mac(_ value: [UInt8]) -> [UInt8] {
        var random = generator(for: value.map(ASCII.lower), domain: "mac")
        let separator = value.first { $0 == 0x3A || $0 == 0x2D || $0 == 0x2E } ?? 0x3A
        let upper = value.contains { ASCII.isUpper($0) }
        let octets = [0x00, 0x00, 0x5E, 0x00, 0x53, UInt8(truncatingIfNeeded: random.next())]
        var text = octets.map { String(format2: $0) }.joined(separator: String(UnicodeScalar(separator)))
        if !upper { text = text.lowercased() }
        return Array(text.utf8)
    }

    /// A card number with its first six and last four digits kept, the middle keyed, and the Luhn check failing.
    func card(_ value: [UInt8]) -> [UInt8] {
        let digitIndices = value.indices.filter { ASCII.isDigit(value[$0]) }
        var random = generator(for: digitIndices.map { value[$0] }, domain: "card")
        var output = value
        let middle = digitIndices.dropFirst(6).dropLast(4)
        for index in middle { output[index] = Alphabet.digit.random(&random) }
        if Checksums.luhnValid(digitIndices.map { output[$0] - 0x30 }), let last = middle.last {
            output[last] = 0x30 + (output[last] - 0x30 + 1) % 10
        }
        return output
    }

    /// An IBAN with its country kept and everything after it keyed, made mod-97 invalid.
    func iban(_ value: [UInt8]) -> [UInt8] {
        let compact = value.filter { ASCII.isAlnum($0) }.map(ASCII.lower)
        var random = generator(for: compact, domain: "iban")
        var output = value
        var seen = 0
        var lastDigit: Int?
        for index in output.indices where ASCII.isAlnum(output[index]) {
            seen += 1
            guard seen > 2 else { continue }
            if ASCII.isDigit(output[index]) {
                output[index] = Alphabet.digit.random(&random)
                lastDigit = index
            } else {
                output[index] = Alphabet.upper.random(&random)
            }
        }
        if Checksums.ibanValid(output), let last = lastDigit {
            output[last] = 0x30 + (output[last] - 0x30 + 1) % 10
        }
        return output
    }

    /// An SSN in the never-issued area 000, with the separators kept.
    func ssn(_ value: [UInt8]) -> [UInt8] {
        var random = generator(for: value.filter(ASCII.isDigit), domain: "ssn")
        var output = value
        var seen = 0
        for index in output.indices where ASCII.isDigit(output[index]) {
            seen += 1
            output[index] = seen <= 3 ? 0x30 : Alphabet.digit.random(&random)
        }
        return output
    }

    /// A phone number with its formatting kept: NANP numbers move into the fictional 555-01xx range, UK numbers
    /// into 07700 900xxx, others keep their country code and first national digit and end in a check tag.
    func phone(_ value: [UInt8]) -> [UInt8] {
        let digitIndices = value.indices.filter { ASCII.isDigit(value[$0]) }
        var random = generator(for: digitIndices.map { value[$0] }, domain: "phone")
        var output = value
        let international = value.first(where: { !ASCII.isSpace($0) }) == 0x2B
        let isNANP =
            (digitIndices.count == 10 && !international)
            || (digitIndices.count == 11 && value[digitIndices[0]] == 0x31)
        if isNANP {
            let national = digitIndices.suffix(10)
            let area = [
                UInt8(0x32 + random.next() % 8), Alphabet.digit.random(&random), Alphabet.digit.random(&random),
            ]
            let rest = area + Array("55501".utf8) + [Alphabet.digit.random(&random), Alphabet.digit.random(&random)]
            for (index, digit) in zip(national, rest) { output[index] = digit }
            return output
        }
        // UK numbers move into Ofcom's drama range, 07700 900000 to 900999.
        let digits = digitIndices.map { value[$0] }
        let isUK =
            (international && digits.count == 12 && digits.starts(with: Array("44".utf8)))
            || (!international && digits.count == 11 && digits.starts(with: Array("07".utf8)))
        if isUK {
            let national = digitIndices.suffix(10)
            let fake = Array("7700900".utf8) + (0..<3).map { _ in Alphabet.digit.random(&random) }
            for (index, digit) in zip(national, fake) { output[index] = digit }
            return output
        }
        let keep = international ? Phone.countryCodeLength(digits) + 1 : 1
        var positions = Array(digitIndices.dropFirst(keep))
        guard positions.count >= 6 else { return token(value, kind: .phone) }
        let tagPositions = positions.suffix(Self.phoneTagLength)
        positions.removeLast(Self.phoneTagLength)
        for index in positions { output[index] = Alphabet.digit.random(&random) }
        let tag = Self.phoneTag(digitIndices.filter { !tagPositions.contains($0) }.map { output[$0] })
        for (index, digit) in zip(tagPositions, tag) { output[index] = digit }
        return output
    }

    /// Whether a phone number is one ``phone(_:)`` made.
    static func isMaskedPhone(_ value: some Collection<UInt8>) -> Bool {
        let digits = value.filter(ASCII.isDigit)
        if digits.count >= 10 {
            let national = Array(digits.suffix(10))
            if national[3...6].elementsEqual(Array("5550".utf8)) && national[7] == 0x31 { return true }
            if national[0...6].elementsEqual(Array("7700900".utf8)) { return true }
        }
        guard digits.count >= 7 else { return false }
        return Array(digits.suffix(phoneTagLength)) == phoneTag(Array(digits.dropLast(phoneTagLength)))
    }

    /// A phone mask's last digits check the others: five, so one real number in 10⁵ passes for a mask.
    static let phoneTagLength = 5

    private static func phoneTag(_ digits: [UInt8]) -> [UInt8] {
        var hash = FNV1a()
        for d in digits { hash.combine(d) }
        var state = hash.value
        return (0..<phoneTagLength).map { _ in 0x30 + UInt8(SeededGenerator.splitMix(&state) % 10) }
    }

    /// A date of birth in the same format, moved to the year 1900 with a keyed month and day.
    func dateOfBirth(_ value: [UInt8]) -> [UInt8] {
        var random = generator(for: value, domain: "dob")
        var output = value
        var runs: [Range<Int>] = []
        var i = 0
        while i < value.count {
            if ASCII.isDigit(value[i]) {
                let start = i
                while i < value.count, ASCII.isDigit(value[i]) { i += 1 }
                runs.append(start..<i)
            } else {
                i += 1
            }
        }
        guard runs.contains(where: { $0.count == 4 }) else { return token(value, kind: .dateOfBirth) }
        for run in runs {
            let text: String
            switch run.count {
            case 4: text = "1900"
            case 2: text = String(format2Decimal: 1 + random.next() % 12)
            default: text = String(repeating: "0", count: run.count)
            }
            output.replaceSubrange(run, with: Array(text.utf8))
        }
        return output
    }
}

// MARK: - Alphabets

/// The alphabets a masked character is drawn from.
enum Alphabet: Sendable {
    case digit, lower, upper, lowerHex, upperHex

    var characters: [UInt8] {
        switch self {
        case .digit: Array("0123456789".utf8)
        case .lower: Array("abcdefghijklmnopqrstuvwxyz".utf8)
        case .upper: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        case .lowerHex: Array("abcdef".utf8)
        case .upperHex: Array("ABCDEF".utf8)
        }
    }

    var tagCharacters: [UInt8] {
        switch self {
        case .digit: Alphabet.digit.characters
        case .lower, .lowerHex: Alphabet.lowerHex.characters
        case .upper, .upperHex: Alphabet.upperHex.characters
        }
    }

    func fixed(numericFirst: Bool) -> UInt8 {
        switch self {
        case .digit: numericFirst ? 0x39 : 0x30
        case .lower: 0x78
        case .upper: 0x58
        case .lowerHex: 0x66
        case .upperHex: 0x46
        }
    }

    func random(_ generator: inout SeededGenerator) -> UInt8 {
        let characters = characters
        return characters[Int(generator.next() % UInt64(characters.count))]
    }
}

/// How a value's characters map to alphabets: hexadecimal values stay hexadecimal.
struct CharacterClasses {
    let hexLower: Bool
    let hexUpper: Bool

    init(_ value: some Collection<UInt8>) {
        var letters = 0
        var nonHex = false
        var upper = false
        var lower = false
        for b in value where ASCII.isLetter(b) {
            letters += 1
            if !ASCII.isHex(b) { nonHex = true }
            if ASCII.isUpper(b) { upper = true } else { lower = true }
        }
        let hex = letters > 0 && !nonHex && value.count >= 8
        hexLower = hex && !upper
        hexUpper = hex && !lower
    }

    func alphabet(for b: UInt8) -> Alphabet? {
        if ASCII.isDigit(b) { return .digit }
        if ASCII.isLower(b) { return hexLower ? .lowerHex : .lower }
        if ASCII.isUpper(b) { return hexUpper ? .upperHex : .upper }
        return nil
    }
}

// MARK: - Hashing

/// A deterministic generator seeded from a digest (xoshiro-style mixing of SplitMix64 output).
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: [UInt8]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for (i, b) in seed.enumerated() { state ^= UInt64(b) << UInt64((i % 8) * 8) &* UInt64(i / 8 + 1) }
        self.state = state
    }

    mutating func next() -> UInt64 { Self.splitMix(&state) }

    mutating func hex(count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: (0..<count).map { _ in digits[Int(next() % 16)] }, as: UTF8.self)
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a, 64 bits: the public hash behind check tags. Not a secret, only a marker.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func combine(_ b: UInt8) {
        value ^= UInt64(b)
        value &*= 0x0000_0100_0000_01B3
    }
}

extension String {
    /// Two uppercase hexadecimal digits.
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789ABCDEF".utf8)
        self.init(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    /// Two decimal digits.
    fileprivate init(format2Decimal value: UInt64) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
