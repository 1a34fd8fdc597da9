/// What E.164 and the North American Numbering Plan say about a telephone number's digits.
///
/// The phone scanner needs to know where a country calling code ends (`+44 20 ...` is the UK, `+1 202 ...` North
/// America, `+353 ...` Ireland), whether a code is assigned at all (`+28...` is not), how long a national number
/// can be in the countries whose numbers appear most, and which NANP area and exchange codes can exist. Everything
/// here is table lookups on small integers: no allocation, so a rejected candidate costs nothing.
enum Phone {
    /// Length (1...3) of the E.164 country calling code at the start of these ASCII digits (the digits after '+').
    ///
    /// An unassigned prefix gets the length its zone would give it (three digits outside zones 1 and 7), so a
    /// mask keeps a plausible code.
    static func countryCodeLength(_ digits: [UInt8]) -> Int {
        let d0 = digits.count > 0 ? digitValue(digits[0]) : -1
        let d1 = digits.count > 1 ? digitValue(digits[1]) : -1
        let d2 = digits.count > 2 ? digitValue(digits[2]) : -1
        if let code = countryCode(d0, d1, d2) { return code.length }
        if d0 == 1 || d0 == 7 { return 1 }
        return max(1, min(3, digits.count))
    }

    /// The assigned country calling code that starts with the digit values `d0, d1, d2` (-1 when absent).
    ///
    /// - Returns: the code's value and length, or nil when no assigned code starts these digits.
    static func countryCode(_ d0: Int, _ d1: Int, _ d2: Int) -> (value: Int, length: Int)? {
        guard d0 >= 1, d0 <= 9 else { return nil }
        if d0 == 1 || d0 == 7 { return (d0, 1) }
        guard d1 >= 0, d1 <= 9 else { return nil }
        let two = d0 * 10 + d1
        if twoDigitCodes[two] { return (two, 2) }
        guard d2 >= 0, d2 <= 9 else { return nil }
        let three = two * 10 + d2
        return threeDigitCodes[three] ? (three, 3) : nil
    }

    /// How many digits the national significant number (after the country code) may have.
    ///
    /// Known for the countries whose numbers are most often seen; for the rest, whatever E.164 allows (the whole
    /// number 8 to 15 digits).
    static func nationalLengths(countryCode code: Int, codeLength: Int) -> ClosedRange<Int> {
        switch code {
        case 1, 7, 52, 54, 57, 58, 90, 91, 98: 10...10
        case 20: 8...10
        case 27, 31, 33, 34, 40, 41, 48, 56, 61, 93, 94, 351, 380, 420, 421, 966: 9...9
        case 30: 10...10
        case 32, 36, 51, 66, 972, 971: 8...9
        case 39: 6...11
        case 43: 4...13
        case 44, 81, 84, 92: 9...10
        case 45, 47, 53, 65: 8...8
        case 46: 7...10
        case 49: 6...13
        case 55: 10...11
        case 60, 63, 64, 82: 8...10
        case 62: 8...12
        case 86: 10...11
        case 95: 7...10
        case 352: 4...11
        case 353: 7...9
        case 358: 5...12
        default: max(1, 8 - codeLength)...(15 - codeLength)
        }
    }

    /// Whether a 3-digit NANP area code and exchange (central office) code can exist: both start with 2-9.
    ///
    /// The plan also keeps N11 codes for services and area codes with a middle 9 for its expansion, but numbers
    /// written in examples and test data break those often, and a number of the right shape is still a phone.
    static func isValidNANP(area: Int, exchange: Int) -> Bool {
        (200...999).contains(area) && (200...999).contains(exchange)
    }

    @inline(__always) private static func digitValue(_ b: UInt8) -> Int { ASCII.isDigit(b) ? Int(b &- 0x30) : -1 }

    // MARK: - Assigned codes (ITU-T E.164 list)

    /// The two-digit country codes, indexed by code.
    private static let twoDigitCodes: [Bool] = {
        let codes = [
            20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
            60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        ]
        var table = [Bool](repeating: false, count: 100)
        for code in codes { table[code] = true }
        return table
    }()

    /// The three-digit country codes, including the international networks (+800, +808, +870, +881-883, +979).
    private static let threeDigitCodes: [Bool] = {
        let ranges: [ClosedRange<Int>] = [
            211...213, 216...216, 218...218, 220...258, 260...269, 290...291, 297...299, 350...359, 370...383,
            385...387, 389...389, 420...421, 423...423, 500...509, 590...599, 670...670, 672...683, 685...692,
            800...800, 808...808, 850...850, 852...853, 855...856, 870...870, 878...878, 880...883, 886...886,
            888...888, 960...968, 970...977, 979...979, 991...996, 998...998,
        ]
        var table = [Bool](repeating: false, count: 1000)
        for range in ranges { for code in range { table[code] = true } }
        return table
    }()
}
