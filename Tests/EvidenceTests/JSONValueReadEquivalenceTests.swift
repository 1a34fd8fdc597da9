import Evidence
import Testing

/// `JSONValue.read` against the reader it replaced (kept here, unchanged, as the oracle): the same value or the
/// same failure for valid documents, every kind of malformation, deep nesting and random mutations.
@Suite struct JSONValueReadEquivalenceTests {
    @Test(arguments: [
        // Valid documents.
        "0", "-0", "1", "-1", "10", "1.5", "-1.5e10", "1E+2", "1e-2", "0.0", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1e-400",
        "123456789012345678901234567890", "true", "false", "null", "\"\"", "\"a\"", " \t\r\n[]\n", "{}", "[{}]",
        #"{"a":1,"a":2}"#, #"{"a":{"b":1},"a":[2]}"#, #"{"":""}"#, #"[1,"x",true,false,null,{},[]]"#,
        #""\"\\\/\b\f\n\r\t""#, #""\u0000\u001f\u007F\u00e9\uFFFF""#, #""\ud83d\ude00""#, #""\uD83D\uDE00""#,
        #""\ud800""#, #""\udc00""#, #""\ud800\ud800""#, #""\ud800x""#, #""\ud800\u0041""#, #""\udc00\ud800""#,
        #"{"k\"ey":"v","k\u0041":1}"#, "\"é😀\"", "\"\u{7F}\"", #"{ "a" : [ 1 , 2 ] }"#,
        // Malformed.
        "", " ", "[1,]", "[1,,2]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\":}", "{\"a\"}", "{\"a\" 1}", "{1:2}",
        "{\"a\":1 \"b\":2}", "[1 2]", "TRUE", "True", "FALSE", "Null", "nul", "tru", "truex", "[truex]", "01",
        "-01", "00", "1.", "-", "-.5", ".5", "+1", "1e", "1e+", "1E-", "1.e5", "1.5.3", "1e5e5", "1-2", "0x10",
        "NaN", "Infinity", "-Infinity", "\"raw\u{01}control\"", "\"raw\ttab\"", "\"raw\nnewline\"", "\"\\x\"",
        "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\", "\"\\\"", "\"unclosed", "[", "{", "[1", "{\"a\":1",
        "{\"a\"", "{\"a\":", "[1] 2", "{} {}", "1 2", "\"a\" \"b\"", "[1]]", "{}}", "]", "}", "[}", "{]",
        "\u{0B}1", "1\u{0C}", "[\u{0B}]", "\u{FEFF}1", "'a'", "[\"a\\\n\"]", "\"\\ud800\\u12\"", "\"\\ud800\\uZZZZ\"",
        "{\"\\x\":1}", "{\"a\u{01}\":1}",
    ])
    func readsAsTheOldReaderDid(input: String) {
        let bytes = Array(input.utf8)
        #expect(JSONValue.read(bytes) == OracleJSONReader.read(bytes))
    }

    @Test func nestingFailsAtTheSameDepthAndWithTheSameReason() {
        let limit = JSONValue.maximumDepth
        var inputs: [String] = []
        for depth in [limit - 1, limit, limit + 1, limit + 2, 2 * limit] {
            inputs.append(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            inputs.append(String(repeating: "[", count: depth))
            inputs.append(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth))
            inputs.append(String(repeating: "[{\"k\":", count: depth / 2) + String(repeating: "}]", count: depth / 2))
            // A malformation before the depth is passed, and one after.
            inputs.append("[01," + String(repeating: "[", count: depth) + String(repeating: "]", count: depth + 1))
            inputs.append(String(repeating: "[", count: depth) + "01" + String(repeating: "]", count: depth))
            inputs.append(String(repeating: "[", count: depth) + "]]" + String(repeating: "]", count: depth))
            inputs.append("[\"" + String(repeating: "[", count: depth) + "\"]")
        }
        for input in inputs {
            let bytes = Array(input.utf8)
            #expect(JSONValue.read(bytes) == OracleJSONReader.read(bytes), "\(input.prefix(40))… (\(input.count))")
        }
    }

    @Test func randomDocumentsAndTheirMutationsReadAsBefore() {
        var random = SplitMix64(seed: 0x5EED_CA5E)
        var kept = 0
        var refused = 0
        for _ in 0..<4_000 {
            var document: [UInt8] = []
            writeRandomValue(into: &document, depth: 0, using: &random)
            #expect(JSONValue.read(document) == OracleJSONReader.read(document))
            #expect((try? JSONValue.read(document).get()) != nil, "\(String(decoding: document, as: UTF8.self))")
            for _ in 0..<8 {
                let mutated = mutate(document, using: &random)
                let new = JSONValue.read(mutated)
                let old = OracleJSONReader.read(mutated)
                #expect(new == old, "\(mutated)")
                if case .success = old { kept += 1 } else { refused += 1 }
            }
        }
        // Mutations both keep documents valid and break them.
        #expect(kept > 2_000 && refused > 2_000, "\(kept) kept, \(refused) refused")
    }

    // MARK: - Random documents

    private static let pieces: [[UInt8]] = [
        "a", "Z", "0", " ", "é", "😀", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9",
        "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\u0000", "[", "{", ":", ",",
    ].map { Array($0.utf8) }

    private static let numbers: [String] = [
        "0", "-0", "7", "-42", "415", "3.25", "-0.5", "1e3", "2E-2", "6.02e+23", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "1e309", "0.000001", "12345678901234567890.5",
    ]

    private func writeRandomValue(into out: inout [UInt8], depth: Int, using random: inout SplitMix64) {
        let kind = depth > 5 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<6, using: &random)
        space(into: &out, using: &random)
        switch kind {
        case 0: out += Array(["true", "false", "null"][Int.random(in: 0..<3, using: &random)].utf8)
        case 1: out += Array(Self.numbers[Int.random(in: 0..<Self.numbers.count, using: &random)].utf8)
        case 2, 3: writeRandomString(into: &out, using: &random)
        case 4:
            out.append(UInt8(ascii: "["))
            for index in 0..<Int.random(in: 0..<4, using: &random) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeRandomValue(into: &out, depth: depth + 1, using: &random)
            }
            space(into: &out, using: &random)
            out.append(UInt8(ascii: "]"))
        default:
            out.append(UInt8(ascii: "{"))
            for index in 0..<Int.random(in: 0..<4, using: &random) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                space(into: &out, using: &random)
                // Few distinct keys, so that duplicates occur.
                if Bool.random(using: &random) {
                    out += Array("\"k\(Int.random(in: 0..<3, using: &random))\"".utf8)
                } else {
                    writeRandomString(into: &out, using: &random)
                }
                space(into: &out, using: &random)
                out.append(UInt8(ascii: ":"))
                writeRandomValue(into: &out, depth: depth + 1, using: &random)
            }
            space(into: &out, using: &random)
            out.append(UInt8(ascii: "}"))
        }
        space(into: &out, using: &random)
    }

    private func writeRandomString(into out: inout [UInt8], using random: inout SplitMix64) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0..<6, using: &random) {
            out += Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)]
        }
        out.append(UInt8(ascii: "\""))
    }

    private func space(into out: inout [UInt8], using random: inout SplitMix64) {
        guard Int.random(in: 0..<4, using: &random) == 0 else { return }
        out.append([0x20, 0x09, 0x0A, 0x0D][Int.random(in: 0..<4, using: &random)])
    }

    /// The document with one to three bytes replaced, inserted or removed, or cut short.
    private func mutate(_ document: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        let interesting =
            Array("{}[]:,\"\\ .eE+-0123456789tfnruTFNaxu".utf8) + [0x00, 0x01, 0x0B, 0x0C, 0x7F, 0xC3, 0xFF]
        var bytes = document
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let byte =
                Bool.random(using: &random)
                ? interesting[Int.random(in: 0..<interesting.count, using: &random)]
                : UInt8.random(in: 0...255, using: &random)
            let at = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where at < bytes.count: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2 where at < bytes.count: bytes.remove(at: at)
            case 3: bytes.removeSubrange(at...)
            default: bytes.insert(byte, at: at)
            }
        }
        return bytes
    }
}

/// A small seeded generator, so that a failure can be run again.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - The oracle

/// The reader `JSONValue.read` used before it asked the Sanitizer's `JSONWalker`, as it was.
private enum OracleJSONReader {
    static func read(_ bytes: [UInt8]) -> Result<JSONValue, JSONValue.ReadFailure> {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            guard let value = reader.value(depth: 0) else {
                return .failure(reader.nestedTooDeep ? .nestedTooDeep : .malformed)
            }
            reader.skipWhitespace()
            return reader.position == buffer.count ? .success(value) : .failure(.malformed)
        }
    }
}

private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Set when a value was refused for nesting deeper than ``JSONValue/maximumDepth``.
    var nestedTooDeep = false

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) -> JSONValue? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth < JSONValue.maximumDepth else {
                nestedTooDeep = true
                return nil
            }
            position += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else {
                    return nil
                }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let member = value(depth: depth + 1) else { return nil }
                members[key] = member
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "["):
            guard depth < JSONValue.maximumDepth else {
                nestedTooDeep = true
                return nil
            }
            position += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "\""):
            return string().map(JSONValue.string)
        case UInt8(ascii: "t"):
            return literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return literal("null", .null)
        default:
            return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return nil }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { return nil }
        position += count
        return value
    }

    private mutating func number() -> JSONValue? {
        let start = position
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
        let integerDigits = position - digitsStart
        guard integerDigits > 0, !(integerDigits > 1 && bytes[digitsStart] == 0x30) else { return nil }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fractionStart = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            guard position > fractionStart else { return nil }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponentStart = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            guard position > exponentStart else { return nil }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        return Double(text).map(JSONValue.number)
    }

    /// A string at `position` (its opening quote), unescaped.
    private mutating func string() -> String? {
        position += 1
        let start = position
        // The common case: no escapes, so the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800, scalar < 0xDC00, position + 1 < bytes.count,
                        bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                    {
                        let saved = position
                        position += 2
                        if let low = hex4(), low >= 0xDC00, low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = saved
                        }
                    }
                    // A lone surrogate becomes U+FFFD, as Foundation's decoder does.
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    decoded.append(contentsOf: Array(String(Character(character)).utf8))
                default:
                    return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                decoded.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
