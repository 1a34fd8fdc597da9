import Testing

@testable import Sanitizer

/// The TOML reader: every TOML 1.0 construct the rule files may use, and every error with its line.
@Suite struct TOMLReaderTests {
    // MARK: - Values

    /// A document of one key, `v`, and the value it must read as.
    struct ValueCase: CustomTestStringConvertible, Sendable {
        let name: String
        let toml: String
        let expected: TOMLValue
        var testDescription: String { name }
    }

    static let valueCases: [ValueCase] = [
        // Strings
        .init(name: "basic string", toml: #"v = "hello""#, expected: .string("hello")),
        .init(name: "every short escape", toml: #"v = "\b\t\n\f\r\"\\""#, expected: .string("\u{8}\t\n\u{C}\r\"\\")),
        .init(name: "\\u escape", toml: #"v = "caf\u00E9""#, expected: .string("café")),
        .init(name: "\\U escape", toml: #"v = "\U0001F600""#, expected: .string("😀")),
        .init(name: "non-ASCII kept", toml: "v = \"Grüße, 世界\"", expected: .string("Grüße, 世界")),
        .init(name: "literal string keeps backslashes", toml: #"v = 'C:\Users\x'"#, expected: .string(#"C:\Users\x"#)),
        .init(name: "empty basic", toml: #"v = """#, expected: .string("")),
        .init(name: "empty literal", toml: "v = ''", expected: .string("")),
        .init(
            name: "multi-line basic trims the first newline", toml: "v = \"\"\"\nline one\nline two\"\"\"",
            expected: .string("line one\nline two")),
        .init(
            name: "line-ending backslash eats whitespace", toml: "v = \"\"\"\\\n    The quick \\\n\n   fox.\"\"\"",
            expected: .string("The quick fox.")),
        .init(
            name: "line-ending backslash with trailing spaces", toml: "v = \"\"\"a \\  \n  b\"\"\"",
            expected: .string("a b")),
        .init(
            name: "quotes inside multi-line basic", toml: #"v = """say ""hi"" now""""#,
            expected: .string(#"say ""hi"" now"#)),
        .init(name: "two quotes before the closing ones", toml: "v = \"\"\"x\"\"\"\"\"", expected: .string("x\"\"")),
        .init(
            name: "multi-line literal", toml: "v = '''\nregex = \\d+\n'''", expected: .string("regex = \\d+\n")),
        .init(name: "apostrophes inside multi-line literal", toml: "v = '''it''s'''", expected: .string("it''s")),
        .init(
            name: "CRLF inside multi-line string becomes LF", toml: "v = \"\"\"a\r\nb\"\"\"", expected: .string("a\nb")),
        .init(name: "tab allowed raw", toml: "v = \"a\tb\"", expected: .string("a\tb")),
        // Integers
        .init(name: "decimal", toml: "v = 42", expected: .integer(42)),
        .init(name: "signed", toml: "v = -17", expected: .integer(-17)),
        .init(name: "plus sign", toml: "v = +99", expected: .integer(99)),
        .init(name: "zero with sign", toml: "v = -0", expected: .integer(0)),
        .init(name: "underscores", toml: "v = 1_000_000", expected: .integer(1_000_000)),
        .init(name: "hexadecimal", toml: "v = 0xDEAD_beef", expected: .integer(0xDEAD_BEEF)),
        .init(name: "octal", toml: "v = 0o755", expected: .integer(0o755)),
        .init(name: "binary", toml: "v = 0b1101", expected: .integer(13)),
        .init(name: "largest", toml: "v = 9223372036854775807", expected: .integer(.max)),
        .init(name: "smallest", toml: "v = -9223372036854775808", expected: .integer(.min)),
        // Floats
        .init(name: "fraction", toml: "v = 3.1415", expected: .float(3.1415)),
        .init(name: "exponent", toml: "v = 5e+22", expected: .float(5e22)),
        .init(name: "fraction and exponent", toml: "v = -2.5E-3", expected: .float(-0.0025)),
        .init(name: "exponent with leading zero", toml: "v = 1e06", expected: .float(1e6)),
        .init(name: "float underscores", toml: "v = 224_617.445_991", expected: .float(224_617.445_991)),
        .init(name: "infinity", toml: "v = -inf", expected: .float(-.infinity)),
        // Booleans and dates
        .init(name: "true", toml: "v = true", expected: .boolean(true)),
        .init(name: "false", toml: "v = false", expected: .boolean(false)),
        .init(name: "offset date-time", toml: "v = 1979-05-27T07:32:00Z", expected: .dateTime("1979-05-27T07:32:00Z")),
        .init(
            name: "date-time with space and offset", toml: "v = 1979-05-27 00:32:00.999999-07:00",
            expected: .dateTime("1979-05-27 00:32:00.999999-07:00")),
        .init(name: "local date", toml: "v = 2024-02-29", expected: .dateTime("2024-02-29")),
        .init(name: "local time", toml: "v = 07:32:00.5", expected: .dateTime("07:32:00.5")),
        // Arrays and inline tables
        .init(name: "empty array", toml: "v = []", expected: .array([])),
        .init(
            name: "multi-line array with comments and trailing comma",
            toml: "v = [\n  \"a\", # first\n  # between\n  'b',\n]", expected: .array([.string("a"), .string("b")])),
        .init(
            name: "mixed and nested arrays", toml: "v = [ [1, 2], [\"x\"], 1.5 ]",
            expected: .array([.array([.integer(1), .integer(2)]), .array([.string("x")]), .float(1.5)])),
    ]

    @Test(arguments: valueCases)
    func readsValue(_ example: ValueCase) throws {
        let table = try TOMLReader.read(example.toml)
        #expect(table.keys == ["v"])
        #expect(table["v"] == example.expected)
    }

    @Test func readsNaN() throws {
        guard case .float(let value)? = try TOMLReader.read("v = nan")["v"] else {
            Issue.record("nan is not a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func readsInlineTablesWithDottedKeys() throws {
        let table = try TOMLReader.read(#"point = { x = 1, y.z = "deep", "quoted key" = true }"#)
        guard case .table(let point)? = table["point"] else {
            Issue.record("point is not a table")
            return
        }
        #expect(point.keys == ["x", "y", "quoted key"])
        #expect(point["x"] == .integer(1))
        #expect(point["quoted key"] == .boolean(true))
        guard case .table(let y)? = point["y"] else {
            Issue.record("y is not a table")
            return
        }
        #expect(y["z"] == .string("deep"))
    }

    // MARK: - Keys, tables and arrays of tables

    @Test func readsDottedKeysHeadersAndArraysOfTables() throws {
        let text = """
            # a gitleaks-like file
            title = "t"
            site."google.com" = true
            a . b = 1

            [extend]
            useDefault = true

            [[rules]]
            id = "one"
            [[rules.allowlists]]
            regexes = ['''x''']

            [[rules]]
            id = "two"
            [rules.allowlist]
            paths = ["p"]

            [x.y.z]
            deep = 'yes'
            [x]
            direct = 1
            """
        let table = try TOMLReader.read(text)
        #expect(table.keys == ["title", "site", "a", "extend", "rules", "x"])
        guard case .table(let site)? = table["site"] else { throw Unexpected.shape }
        #expect(site["google.com"] == .boolean(true))
        guard case .array(let rules)? = table["rules"], rules.count == 2,
            case .table(let first) = rules[0], case .table(let second) = rules[1]
        else { throw Unexpected.shape }
        #expect(first["id"] == .string("one"))
        #expect(first.line == 9)
        #expect(first.line(of: "id") == 10)
        #expect(second.line == 14)
        guard case .array(let lists)? = first["allowlists"], lists.count == 1 else { throw Unexpected.shape }
        guard case .table(let allowlist)? = second["allowlist"] else { throw Unexpected.shape }
        #expect(allowlist["paths"] == .array([.string("p")]))
        guard case .table(let x)? = table["x"], case .table(let y)? = x["y"], case .table(let z)? = y["z"] else {
            throw Unexpected.shape
        }
        #expect(z["deep"] == .string("yes"))
        #expect(x["direct"] == .integer(1))
    }

    @Test func readsKeysOfEveryForm() throws {
        let table = try TOMLReader.read(
            """
            bare_key-1 = 1
            "basic \\u0041" = 2
            'literal' = 3
            "" = 4
            1234 = 5
            true = 6
            """)
        #expect(table.keys == ["bare_key-1", "basic A", "literal", "", "1234", "true"])
    }

    @Test func acceptsByteOrderMarkAndCRLF() throws {
        let table = try TOMLReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb = 2\r\n".utf8))
        #expect(table["a"] == .integer(1))
        #expect(table["b"] == .integer(2))
    }

    @Test func dottedKeysMayExtendTablesImpliedByHeadersAndTheirOwnSection() throws {
        let table = try TOMLReader.read(
            """
            [fruit.apple.texture]
            smooth = true
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.skin]
            thin = true
            """)
        guard case .table(let fruit)? = table["fruit"], case .table(let apple)? = fruit["apple"] else {
            throw Unexpected.shape
        }
        #expect(apple.keys == ["texture", "color", "taste", "skin"])
    }

    // MARK: - Errors

    /// A document that must be refused, the line the error must name, and words its reason must contain.
    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let toml: String
        let line: Int
        let reason: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        .init(name: "unterminated basic string", toml: "a = 1\nb = \"open", line: 2, reason: "unterminated string"),
        .init(name: "newline in a basic string", toml: "a = \"x\ny\"", line: 1, reason: "unterminated string"),
        .init(name: "unterminated multi-line string", toml: "a = 1\nb = \"\"\"\nx\ny", line: 2, reason: "unterminated"),
        .init(name: "unterminated literal string", toml: "\n\nb = 'open", line: 3, reason: "unterminated string"),
        .init(name: "unterminated array", toml: "a = [1,\n2,\n", line: 1, reason: "unterminated array"),
        .init(name: "unterminated inline table", toml: "a = { x = 1", line: 1, reason: "unterminated inline table"),
        .init(name: "newline in an inline table", toml: "a = { x = 1,\n y = 2 }", line: 1, reason: "one line"),
        .init(name: "trailing comma in an inline table", toml: "a = { x = 1, }", line: 1, reason: "comma"),
        .init(name: "invalid escape", toml: "\na = \"\\q\"", line: 2, reason: "invalid escape"),
        .init(name: "surrogate escape", toml: "a = \"\\uD800\"", line: 1, reason: "Unicode scalar"),
        .init(name: "short \\u escape", toml: "a = \"\\u12\"", line: 1, reason: "hexadecimal"),
        .init(name: "control character in a string", toml: "a = \"x\u{1}y\"", line: 1, reason: "control character"),
        .init(name: "control character in a comment", toml: "# x\u{7F}\na = 1", line: 1, reason: "control character"),
        .init(name: "lone carriage return", toml: "a = 1\rb = 2", line: 1, reason: "carriage return"),
        .init(name: "duplicate key", toml: "a = 1\nb = 2\na = 3", line: 3, reason: "more than once"),
        .init(name: "duplicate table", toml: "[t]\nx = 1\n[t]", line: 3, reason: "more than once"),
        .init(name: "header over a dotted table", toml: "a.b = 1\n[a]", line: 2, reason: "more than once"),
        .init(
            name: "dotted key into a header-defined table", toml: "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", line: 4,
            reason: "defined elsewhere"),
        .init(name: "header over a key", toml: "[a]\nb = 1\n[a.b]", line: 3, reason: "already a value"),
        .init(name: "array of tables over a table", toml: "[a]\n[[a]]", line: 2, reason: "not an array of tables"),
        .init(name: "table over an array of tables", toml: "[[a]]\n[a]", line: 2, reason: "more than once"),
        .init(name: "appending to a static array", toml: "a = []\n[[a]]", line: 2, reason: "not an array of tables"),
        .init(
            name: "adding to an inline table", toml: "a = { x = 1 }\n[a.y]", line: 2, reason: "already a value"),
        .init(name: "missing equals", toml: "key \"value\"", line: 1, reason: "'='"),
        .init(name: "missing value", toml: "key =\n", line: 1, reason: "expected a value"),
        .init(name: "value then garbage", toml: "key = 1 2", line: 1, reason: "end of the line"),
        .init(name: "leading zero", toml: "a = 012", line: 1, reason: "invalid number"),
        .init(name: "double underscore", toml: "a = 1__0", line: 1, reason: "invalid number"),
        .init(name: "trailing underscore", toml: "a = 10_", line: 1, reason: "invalid number"),
        .init(name: "signed hexadecimal", toml: "a = -0x10", line: 1, reason: "invalid number"),
        .init(name: "bad binary digit", toml: "a = 0b102", line: 1, reason: "invalid number"),
        .init(name: "integer overflow", toml: "a = 9223372036854775808", line: 1, reason: "invalid number"),
        .init(name: "fraction without digits", toml: "a = 1.", line: 1, reason: "invalid number"),
        .init(name: "capitalized boolean", toml: "a = True", line: 1, reason: "expected a value"),
        .init(name: "invalid date", toml: "a = 2023-02-29", line: 1, reason: "invalid date"),
        .init(name: "invalid time", toml: "a = 24:00:00", line: 1, reason: "invalid time"),
        .init(name: "unclosed header", toml: "[a\nb = 1", line: 1, reason: "']'"),
        .init(name: "empty header", toml: "[]", line: 1, reason: "key"),
        .init(name: "array missing comma", toml: "a = [1 2]", line: 1, reason: "','"),
        .init(name: "array leading comma", toml: "a = [,]", line: 1, reason: "expected a value"),
        .init(name: "binary garbage", toml: "\u{0}\u{1}\u{2}", line: 1, reason: "key"),
    ]

    @Test(arguments: errorCases)
    func refuses(_ example: ErrorCase) {
        #expect {
            _ = try TOMLReader.read(example.toml)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == example.line && error.reason.contains(example.reason)
        }
    }

    @Test func errorsNeverQuoteValues() {
        let secretish = "sk_live_FAKEFAKEFAKE0000"
        for toml in [
            "a = \"\(secretish)", "a = \(secretish)", "\(secretish) = 1\n\(secretish) = 2", "a = '\(secretish)\n",
        ] {
            do {
                _ = try TOMLReader.read(toml)
                Issue.record("accepted invalid TOML")
            } catch {
                #expect(!error.description.contains("FAKE"))
            }
        }
    }

    // MARK: - Hostile input

    @Test func deepArraysEndInAnError() {
        let deep = "a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: TOMLError.self) { try TOMLReader.read(deep) }
        let deepTables = "a = " + String(repeating: "{b=", count: 10_000)
        #expect(throws: TOMLError.self) { try TOMLReader.read(deepTables) }
        let longKey = "[" + Array(repeating: "k", count: 10_000).joined(separator: ".") + "]"
        #expect(throws: TOMLError.self) { try TOMLReader.read(longKey) }
    }

    @Test func invalidUTF8IsRefusedWithItsLine() {
        #expect {
            _ = try TOMLReader.read(bytes: Array("a = 1\nb = \"".utf8) + [0xC3, 0x28, 0x22])
        } throws: { error in
            (error as? TOMLError)?.line == 2
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("[]{}=\"'#.,\n\r\\ abc019_-+:tfeinx".utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            _ = try? TOMLReader.read(bytes: bytes)
            _ = try? TOMLReader.read(String(decoding: bytes, as: UTF8.self))
        }
    }

    enum Unexpected: Error { case shape }
}
