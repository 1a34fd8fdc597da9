/// A TOML value: what one key holds.
///
/// Dates and times are kept as their text (validated, not converted): the rule files never need them as dates.
package enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// An offset date-time, local date-time, local date or local time, exactly as written.
    case dateTime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The name of the value's type, for error messages: they say what was found, never the value itself.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: keys in the order they were defined, each with the line that defined it.
package struct TOMLTable: Sendable, Equatable {
    /// One key's value and the 1-based line of its definition.
    struct Entry: Sendable, Equatable {
        var value: TOMLValue
        var line: Int
    }

    /// The 1-based line where the table was opened: its `[header]`, its inline `{`, or its first dotted key.
    package var line: Int
    package private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]

    init(line: Int) {
        self.line = line
    }

    package subscript(key: String) -> TOMLValue? { entries[key]?.value }

    /// The 1-based line where `key` was defined.
    package func line(of key: String) -> Int? { entries[key]?.line }

    /// Adds a key that is not yet in the table (the reader has already checked it is new).
    mutating func append(_ key: String, _ value: TOMLValue, line: Int) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = Entry(value: value, line: line)
    }
}

/// Why a TOML document could not be read: a 1-based line and a reason, never the text of a key or a value.
package struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    package let line: Int
    package let reason: String

    package var description: String { "line \(line): \(reason)" }
}

/// Reads TOML 1.0 documents into a ``TOMLTable``.
///
/// A small, strict reader for the rule files: every construct of TOML 1.0 is read (dotted keys, `[table]`,
/// `[[array of tables]]`, the four string forms with every escape, integers in four bases, floats, booleans,
/// date-times kept as text, arrays, inline tables, comments) and every redefinition the specification forbids is
/// refused. Hostile input ends in a ``TOMLError``, never a crash: nesting is bounded, every index is checked, and
/// the reader moves forward on every step so it always ends.
///
/// ```swift
/// let table = try TOMLReader.read("[[rules]]\nid = \"x\"")
/// ```
package struct TOMLReader {
    /// How deeply arrays and inline tables may nest, and how many parts a dotted key may have. Rule files need a
    /// handful; the bound keeps recursion shallow whatever the input.
    static let maximumDepth = 64

    /// Reads a document from text.
    /// - Throws: ``TOMLError`` with the line and the reason.
    package static func read(_ text: String) throws(TOMLError) -> TOMLTable {
        var reader = TOMLReader(bytes: Array(text.utf8))
        return try reader.readDocument()
    }

    /// Reads a document from bytes, which must be UTF-8.
    /// - Throws: ``TOMLError`` with the line and the reason.
    static func read(bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        if let line = firstInvalidUTF8Line(bytes) {
            throw TOMLError(line: line, reason: "the file is not valid UTF-8 text")
        }
        var reader = TOMLReader(bytes: bytes)
        return try reader.readDocument()
    }

    // MARK: - State

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    /// The last number given to a section (a `[header]`'s lines, or one inline table): a table made by dotted keys
    /// may grow only in the section that made it.
    private var sectionCounter = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var atEnd: Bool { index >= bytes.count }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    private func fail(_ reason: String, line: Int? = nil) -> TOMLError {
        TOMLError(line: line ?? self.line, reason: reason)
    }

    // MARK: - Document

    /// The whole document: comments, blank lines, headers and key/value pairs, line by line.
    private mutating func readDocument() throws(TOMLError) -> TOMLTable {
        let root = TableNode(kind: .explicit, line: 1)
        var current = root
        var section = 0
        // A byte order mark is not part of the document.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        while true {
            skipSpaces()
            guard let b = peek() else { break }
            switch b {
            case UInt8(ascii: "#"):
                try skipComment()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try consumeNewline()
            case UInt8(ascii: "["):
                sectionCounter += 1
                section = sectionCounter
                current = try readHeader(root: root)
                try endOfLine()
            default:
                try readKeyValue(into: current, dottedSection: section)
                try endOfLine()
            }
        }
        return try root.value(depth: 0)
    }

    /// After a key/value pair or a header: spaces, an optional comment, then a newline or the end.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        guard let b = peek() else { return }
        if b == UInt8(ascii: "#") {
            try skipComment()
            return
        }
        if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            try consumeNewline()
            return
        }
        throw fail("expected the end of the line after a value or header")
    }

    // MARK: - Headers

    /// `[a.b]` or `[[a.b]]`: the table that the following key/value pairs go into.
    private mutating func readHeader(root: TableNode) throws(TOMLError) -> TableNode {
        let headerLine = line
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipSpaces()
        let key = try readKey()
        skipSpaces()
        guard peek() == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        index += 1
        if isArray {
            guard peek() == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            index += 1
        }

        var table = root
        for part in key.dropLast() {
            switch table.children[part] {
            case nil:
                let child = TableNode(kind: .implicit, line: headerLine)
                table.insert(part, .table(child))
                table = child
            case .table(let child)?:
                table = child
            case .arrayOfTables(let elements, _)?:
                guard let last = elements.last else { throw fail("cannot extend an empty array of tables") }
                table = last
            case .value?:
                throw fail("a key of the header is already a value, not a table")
            }
        }
        let last = key[key.count - 1]
        if isArray {
            switch table.children[last] {
            case nil:
                let element = TableNode(kind: .explicit, line: headerLine)
                table.insert(last, .arrayOfTables([element], line: headerLine))
                return element
            case .arrayOfTables(let elements, let arrayLine)?:
                let element = TableNode(kind: .explicit, line: headerLine)
                table.children[last] = .arrayOfTables(elements + [element], line: arrayLine)
                return element
            default:
                throw fail("the header names a key that is already defined and is not an array of tables")
            }
        }
        switch table.children[last] {
        case nil:
            let child = TableNode(kind: .explicit, line: headerLine)
            table.insert(last, .table(child))
            return child
        case .table(let child)? where child.kind == .implicit:
            child.kind = .explicit
            child.line = headerLine
            return child
        case .value?:
            throw fail("the header names a key that is already a value, not a table")
        default:
            throw fail("the table is defined more than once")
        }
    }

    // MARK: - Key/value pairs

    /// `a.b.c = value` into `table`. Tables made on the way are dotted tables of `dottedSection`.
    private mutating func readKeyValue(into table: TableNode, dottedSection: Int, depth: Int = 0) throws(TOMLError) {
        let keyLine = line
        let key = try readKey()
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else { throw fail("expected '=' after a key") }
        index += 1
        skipSpaces()
        let value = try readValue(depth: depth)

        var target = table
        for part in key.dropLast() {
            switch target.children[part] {
            case nil:
                let child = TableNode(kind: .dotted(section: dottedSection), line: keyLine)
                target.insert(part, .table(child))
                target = child
            case .table(let child)?:
                switch child.kind {
                case .implicit:
                    // A table only implied by a header may be filled by dotted keys, once.
                    child.kind = .dotted(section: dottedSection)
                case .dotted(let s) where s == dottedSection:
                    break
                default:
                    throw fail("a dotted key would add to a table defined elsewhere")
                }
                target = child
            default:
                throw fail("a dotted key would add to a value that is not a table")
            }
        }
        let last = key[key.count - 1]
        guard target.children[last] == nil else {
            throw fail("the key is defined more than once")
        }
        target.insert(last, .value(value, line: keyLine))
    }

    /// A key: simple keys joined by dots, with spaces allowed around the dots.
    private mutating func readKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            parts.append(try readSimpleKey())
            guard parts.count <= Self.maximumDepth else {
                throw fail("a key has more than \(Self.maximumDepth) dotted parts")
            }
            let save = index
            skipSpaces()
            if peek() == UInt8(ascii: ".") {
                index += 1
                skipSpaces()
            } else {
                index = save
                return parts
            }
        }
    }

    /// One part of a key: bare (`A-Za-z0-9_-`), or a single-line basic or literal string.
    private mutating func readSimpleKey() throws(TOMLError) -> String {
        guard let b = peek() else { throw fail("expected a key") }
        if b == UInt8(ascii: "\"") { return try readString(quote: UInt8(ascii: "\""), multiline: false) }
        if b == UInt8(ascii: "'") { return try readString(quote: UInt8(ascii: "'"), multiline: false) }
        let start = index
        while let c = peek(), Self.isBareKeyByte(c) { index += 1 }
        guard index > start else {
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "=") {
                throw fail("expected a key")
            }
            throw fail("unexpected character where a key was expected")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isBareKeyByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    // MARK: - Values

    /// Any value, told apart by its first byte. `depth` counts the arrays and inline tables around it.
    private mutating func readValue(depth: Int) throws(TOMLError) -> TOMLValue {
        guard let b = peek() else { throw fail("expected a value") }
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try readString(quote: b, multiline: peek(1) == b && peek(2) == b))
        case UInt8(ascii: "["):
            return try readArray(depth: depth + 1)
        case UInt8(ascii: "{"):
            return try readInlineTable(depth: depth + 1)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return try readBoolean()
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "i"), UInt8(ascii: "n"):
            return try readNumber()
        case _ where ASCII.isDigit(b):
            if let dateTime = try readDateTime() { return dateTime }
            return try readNumber()
        default:
            throw fail("expected a value")
        }
    }

    /// `true` or `false`, which must not run on into more bare characters.
    private mutating func readBoolean() throws(TOMLError) -> TOMLValue {
        for (word, value) in [("true", true), ("false", false)] {
            let literal = Array(word.utf8)
            if index + literal.count <= bytes.count, bytes[index..<index + literal.count].elementsEqual(literal) {
                if let next = peek(literal.count), Self.isValueByte(next) { continue }
                index += literal.count
                return .boolean(value)
            }
        }
        throw fail("expected a value (booleans are lowercase true or false)")
    }

    /// Bytes that continue a bare value (a number, boolean or date) rather than end it.
    private static func isValueByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    // MARK: Arrays and inline tables

    /// `[ ... ]`: values separated by commas, with newlines, comments and a trailing comma allowed.
    private mutating func readArray(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= Self.maximumDepth else {
            throw fail("arrays and inline tables nest more than \(Self.maximumDepth) levels deep")
        }
        let startLine = line
        index += 1
        var elements: [TOMLValue] = []
        while true {
            try skipSpacesNewlinesAndComments(unterminated: "unterminated array", startLine: startLine)
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            elements.append(try readValue(depth: depth))
            try skipSpacesNewlinesAndComments(unterminated: "unterminated array", startLine: startLine)
            switch peek() {
            case UInt8(ascii: ",")?:
                index += 1
            case UInt8(ascii: "]")?:
                index += 1
                return .array(elements)
            default:
                throw fail("expected ',' or ']' after an array element")
            }
        }
    }

    /// `{ ... }`: key/value pairs on one line, separated by commas, without a trailing comma (TOML 1.0).
    private mutating func readInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= Self.maximumDepth else {
            throw fail("arrays and inline tables nest more than \(Self.maximumDepth) levels deep")
        }
        let startLine = line
        index += 1
        let table = TableNode(kind: .explicit, line: startLine)
        // Dotted keys inside the braces make tables private to this inline table.
        sectionCounter += 1
        let inlineSection = sectionCounter
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .table(try table.value(depth: depth))
        }
        while true {
            skipSpaces()
            guard let b = peek() else { throw fail("unterminated inline table", line: startLine) }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                throw fail("an inline table must be on one line")
            }
            try readKeyValue(into: table, dottedSection: inlineSection, depth: depth)
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ",")?:
                index += 1
                skipSpaces()
                if peek() == UInt8(ascii: "}") { throw fail("an inline table cannot end with a comma") }
            case UInt8(ascii: "}")?:
                index += 1
                return .table(try table.value(depth: depth))
            case nil:
                throw fail("unterminated inline table", line: startLine)
            case UInt8(ascii: "\n")?, UInt8(ascii: "\r")?:
                throw fail("an inline table must be on one line")
            default:
                throw fail("expected ',' or '}' after a value in an inline table")
            }
        }
    }

    // MARK: Strings

    /// A basic string (`"..."`, `"""..."""`, escapes decoded) or a literal one (`'...'`, `'''...'''`, no escapes):
    /// the same reading but for the escapes.
    private mutating func readString(quote: UInt8, multiline: Bool) throws(TOMLError) -> String {
        let escapes = quote == UInt8(ascii: "\"")
        let startLine = line
        index += multiline ? 3 : 1
        if multiline { try skipOneNewline() }
        var output: [UInt8] = []
        while true {
            guard let b = peek() else { throw fail("unterminated string", line: startLine) }
            if b == quote {
                if !multiline {
                    index += 1
                    return String(decoding: output, as: UTF8.self)
                }
                var quotes = 0
                while peek(quotes) == quote { quotes += 1 }
                if quotes >= 3 {
                    guard quotes <= 5 else { throw fail("too many quotes at the end of a multi-line string") }
                    output.append(contentsOf: repeatElement(quote, count: quotes - 3))
                    index += quotes
                    return String(decoding: output, as: UTF8.self)
                }
                output.append(contentsOf: repeatElement(quote, count: quotes))
                index += quotes
                continue
            }
            if escapes && b == UInt8(ascii: "\\") {
                try readEscape(into: &output, multiline: multiline)
                continue
            }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                guard multiline else { throw fail("unterminated string (a newline before the closing quote)") }
                try consumeNewline()
                output.append(UInt8(ascii: "\n"))
                continue
            }
            guard !Self.isForbiddenControl(b) else {
                throw fail(
                    escapes
                        ? "a control character in a string must be escaped"
                        : "a control character is not allowed in a string")
            }
            output.append(b)
            index += 1
        }
    }

    /// The escape after a backslash: `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, or in a multi-line string a
    /// line-ending backslash, which removes the newline and the whitespace after it.
    private mutating func readEscape(into output: inout [UInt8], multiline: Bool) throws(TOMLError) {
        index += 1
        guard let e = peek() else { throw fail("unterminated string") }
        let simple: UInt8? =
            switch e {
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            default: nil
            }
        if let simple {
            output.append(simple)
            index += 1
            return
        }
        if e == UInt8(ascii: "u") || e == UInt8(ascii: "U") {
            let count = e == UInt8(ascii: "u") ? 4 : 8
            index += 1
            var scalarValue: UInt32 = 0
            for _ in 0..<count {
                guard let h = peek(), let v = ASCII.hexValue(h) else {
                    throw fail("\\\(e == UInt8(ascii: "u") ? "u" : "U") needs \(count) hexadecimal digits")
                }
                scalarValue = scalarValue << 4 | UInt32(v)
                index += 1
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw fail("an escape names a code point that is not a Unicode scalar value")
            }
            output.append(contentsOf: String(scalar).utf8)
            return
        }
        if multiline
            && (e == UInt8(ascii: " ") || e == UInt8(ascii: "\t") || e == UInt8(ascii: "\n")
                || e == UInt8(ascii: "\r"))
        {
            // A line-ending backslash: only spaces may follow it on its line; it eats all whitespace after.
            var probe = index
            while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") {
                probe += 1
            }
            guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") else {
                throw fail("invalid escape sequence")
            }
            index = probe
            while let c = peek() {
                if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
                    index += 1
                } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                    try consumeNewline()
                } else {
                    break
                }
            }
            return
        }
        throw fail("invalid escape sequence")
    }

    /// A newline right after the opening `"""` or `'''` is not part of the string.
    private mutating func skipOneNewline() throws(TOMLError) {
        if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") { try consumeNewline() }
    }

    /// Control characters other than tab, which TOML allows only escaped (or, in multi-line strings, newlines).
    private static func isForbiddenControl(_ b: UInt8) -> Bool {
        (b < 0x20 && b != 0x09) || b == 0x7F
    }

    // MARK: Numbers

    /// An integer (decimal, `0x`, `0o`, `0b`) or a float (with fraction or exponent, `inf`, `nan`).
    private mutating func readNumber() throws(TOMLError) -> TOMLValue {
        let start = index
        while let b = peek(), Self.isValueByte(b), b != UInt8(ascii: ":") { index += 1 }
        let token = Array(bytes[start..<index])
        guard !token.isEmpty else { throw fail("expected a value") }
        if let value = Self.number(token) { return value }
        throw fail("invalid number")
    }

    /// The integer or float a bare token spells, or nil when it is not a valid TOML number.
    static func number(_ token: [UInt8]) -> TOMLValue? {
        var body = token[...]
        var sign: UInt8?
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first
            body = body.dropFirst()
        }
        let text = String(decoding: body, as: UTF8.self)
        if text == "inf" { return .float(sign == UInt8(ascii: "-") ? -.infinity : .infinity) }
        if text == "nan" { return .float(.nan) }

        if body.count > 2, body.first == UInt8(ascii: "0"), sign == nil {
            let radix: Int64? =
                switch body[body.startIndex + 1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix {
                guard
                    let digits = digitsWithUnderscores(
                        body.dropFirst(2), isDigit: { Self.digitValue($0, radix) != nil })
                else { return nil }
                var value: Int64 = 0
                for d in digits {
                    guard let digit = Self.digitValue(d, radix) else { return nil }
                    let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
                    let (sum, o2) = shifted.addingReportingOverflow(Int64(digit))
                    if o1 || o2 { return nil }
                    value = sum
                }
                return .integer(value)
            }
        }

        // Decimal: an integer part, then an optional fraction and exponent.
        var i = body.startIndex
        func scanDigits() -> Range<Int>? {
            let s = i
            var previousUnderscore = true
            while i < body.endIndex {
                let b = body[i]
                if ASCII.isDigit(b) {
                    previousUnderscore = false
                } else if b == UInt8(ascii: "_") {
                    if previousUnderscore { return nil }
                    previousUnderscore = true
                } else {
                    break
                }
                i += 1
            }
            if i == s || previousUnderscore { return nil }
            return s..<i
        }
        guard let integerPart = scanDigits() else { return nil }
        // No leading zeros: `0`, `-0` and `0.5` are fine, `01` is not.
        if body[integerPart.lowerBound] == UInt8(ascii: "0") && integerPart.count > 1 { return nil }
        var isFloat = false
        if i < body.endIndex, body[i] == UInt8(ascii: ".") {
            i += 1
            guard scanDigits() != nil else { return nil }
            isFloat = true
        }
        if i < body.endIndex, body[i] == UInt8(ascii: "e") || body[i] == UInt8(ascii: "E") {
            i += 1
            if i < body.endIndex, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
            guard scanDigits() != nil else { return nil }
            isFloat = true
        }
        guard i == body.endIndex else { return nil }
        let compact = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if isFloat {
            guard let value = Double(compact), value.isFinite else { return nil }
            return .float(value)
        }
        guard let value = Int64(compact) else { return nil }
        return .integer(value)
    }

    /// Digits with single underscores strictly between them, or nil.
    private static func digitsWithUnderscores(_ bytes: ArraySlice<UInt8>, isDigit: (UInt8) -> Bool) -> [UInt8]? {
        var digits: [UInt8] = []
        var previousUnderscore = true
        for b in bytes {
            if b == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
            } else if isDigit(b) {
                digits.append(b)
                previousUnderscore = false
            } else {
                return nil
            }
        }
        return digits.isEmpty || previousUnderscore ? nil : digits
    }

    private static func digitValue(_ b: UInt8, _ radix: Int64) -> Int? {
        guard let v = ASCII.hexValue(b), Int64(v) < radix else { return nil }
        // Hexadecimal digits only in base 16: `0b12` is not binary.
        return Int(v)
    }

    // MARK: Dates and times

    /// A date-time, date or time starting here, or nil (without moving) when the value is a number.
    private mutating func readDateTime() throws(TOMLError) -> TOMLValue? {
        let start = index
        func digits(_ count: Int, at offset: Int) -> Int? {
            var value = 0
            for k in 0..<count {
                guard let b = peek(offset + k), ASCII.isDigit(b) else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        let isDate = digits(4, at: 0) != nil && peek(4) == UInt8(ascii: "-")
        let isTime = digits(2, at: 0) != nil && peek(2) == UInt8(ascii: ":")
        guard isDate || isTime else { return nil }

        var offset = 0
        if isDate {
            guard let year = digits(4, at: 0), let month = digits(2, at: 5), peek(7) == UInt8(ascii: "-"),
                let day = digits(2, at: 8)
            else { throw fail("invalid date") }
            guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else {
                throw fail("invalid date")
            }
            offset = 10
            // A time may follow after `T`, `t` or one space (only when a time really follows the space).
            if let separator = peek(offset),
                separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
                    || (separator == UInt8(ascii: " ") && digits(2, at: offset + 1) != nil
                        && peek(offset + 3) == UInt8(ascii: ":"))
            {
                offset += 1
                guard let end = try timeEnd(at: offset, digits: digits) else { throw fail("invalid time") }
                offset = end
                // An offset: Z, or +hh:mm / -hh:mm.
                if let z = peek(offset), z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                    offset += 1
                } else if let s = peek(offset), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                    guard let hours = digits(2, at: offset + 1), peek(offset + 3) == UInt8(ascii: ":"),
                        let minutes = digits(2, at: offset + 4), hours <= 23, minutes <= 59
                    else { throw fail("invalid time offset") }
                    offset += 6
                }
            }
        } else {
            guard let end = try timeEnd(at: 0, digits: digits) else { throw fail("invalid time") }
            offset = end
        }
        if let next = peek(offset), Self.isValueByte(next) { throw fail("invalid date or time") }
        index = start + offset
        return .dateTime(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    /// `hh:mm:ss` with optional fraction at `offset`; returns the offset past it.
    private func timeEnd(at offset: Int, digits: (Int, Int) -> Int?) throws(TOMLError) -> Int? {
        guard let hours = digits(2, offset), peek(offset + 2) == UInt8(ascii: ":"),
            let minutes = digits(2, offset + 3), peek(offset + 5) == UInt8(ascii: ":"),
            let seconds = digits(2, offset + 6)
        else { return nil }
        guard hours <= 23, minutes <= 59, seconds <= 60 else { return nil }
        var end = offset + 8
        if peek(end) == UInt8(ascii: ".") {
            end += 1
            let fractionStart = end
            while let b = peek(end), ASCII.isDigit(b) { end += 1 }
            guard end > fractionStart else { return nil }
        }
        return end
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Whitespace, newlines, comments

    private mutating func skipSpaces() {
        while let b = peek(), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { index += 1 }
    }

    /// `\n` or `\r\n`; a carriage return alone is not a newline in TOML.
    private mutating func consumeNewline() throws(TOMLError) {
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw fail("a carriage return must be followed by a newline") }
            index += 2
        } else {
            index += 1
        }
        line += 1
    }

    private mutating func skipComment() throws(TOMLError) {
        index += 1
        while let b = peek(), b != UInt8(ascii: "\n") {
            if b == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { break }
            guard !Self.isForbiddenControl(b) else { throw fail("a control character is not allowed in a comment") }
            index += 1
        }
    }

    /// Skips what may separate array elements; the end of the input there means the array was never closed.
    private mutating func skipSpacesNewlinesAndComments(unterminated: String, startLine: Int) throws(TOMLError) {
        while let b = peek() {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                index += 1
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                try consumeNewline()
            } else if b == UInt8(ascii: "#") {
                try skipComment()
            } else {
                return
            }
        }
        throw fail(unterminated, line: startLine)
    }

    // MARK: - Helpers

    /// The 1-based line of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var i = 0
        while i < bytes.count {
            let length = UTF8Decoding.sequenceLength(bytes, at: i)
            if length == 0 { return line }
            if bytes[i] == UInt8(ascii: "\n") { line += 1 }
            i += length
        }
        return nil
    }
}

// MARK: - The tree while reading

/// A table while the document is read: a class, so that headers and dotted keys can reach into it.
private final class TableNode {
    /// How the table came to be, which decides what may still add to it.
    enum Kind: Equatable {
        /// Named as the parent of a header (`a` in `[a.b]`): a header of its own may still define it, once.
        case implicit
        /// Defined by a `[header]` or `[[header]]`, or an inline table.
        case explicit
        /// Made by dotted keys in one section: only more dotted keys of that section may add to it.
        case dotted(section: Int)
    }

    enum Child {
        case value(TOMLValue, line: Int)
        case table(TableNode)
        case arrayOfTables([TableNode], line: Int)
    }

    var kind: Kind
    var line: Int
    var order: [String] = []
    var children: [String: Child] = [:]

    init(kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    func insert(_ key: String, _ child: Child) {
        if children[key] == nil { order.append(key) }
        children[key] = child
    }

    /// The finished value tree. Depth is bounded by the reader's key and nesting limits.
    func value(depth: Int) throws(TOMLError) -> TOMLTable {
        var table = TOMLTable(line: line)
        for key in order {
            guard let child = children[key] else { continue }
            switch child {
            case .value(let value, let line):
                table.append(key, value, line: line)
            case .table(let node):
                let nested = try node.value(depth: depth + 1)
                table.append(key, .table(nested), line: node.line)
            case .arrayOfTables(let nodes, let line):
                var elements: [TOMLValue] = []
                for node in nodes { elements.append(.table(try node.value(depth: depth + 1))) }
                table.append(key, .array(elements), line: line)
            }
        }
        return table
    }
}
