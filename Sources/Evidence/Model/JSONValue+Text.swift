import Sanitizer

/// Reading and writing JSON text for ``JSONValue`` directly from and to UTF-8 bytes.
///
/// Foundation's `JSONDecoder` can only learn a value's type by trying each one and catching the error, which costs
/// more than the rest of an import; the text is read instead by the Sanitizer's ``JSONWalker``, the one JSON reader,
/// in its strict mode, and the tree built from what it reports. It follows RFC 8259, refuses
/// nesting deeper than ``maximumDepth`` (so hostile input cannot exhaust the stack), and keeps the last of
/// duplicate keys, as JavaScript does.
extension JSONValue {
    /// How deep arrays and objects may nest.
    public static let maximumDepth = 512

    /// Parses JSON text; nil when it is not one JSON value (surrounding white space allowed) or nests too deep.
    public static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? { try? read(bytes).get() }

    /// Why JSON text could not be read.
    public enum ReadFailure: Error, Sendable {
        /// It is not one JSON value: a missing brace or quote, text after the value, an empty input.
        case malformed
        /// Arrays and objects nest deeper than ``maximumDepth``.
        case nestedTooDeep
    }

    /// Parses JSON text, or says why it could not.
    public static func read(_ bytes: some Collection<UInt8>) -> Result<JSONValue, ReadFailure> {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            var builder = JSONTreeBuilder(text: buffer)
            let walker = JSONWalker(
                text: buffer, range: 0..<buffer.count, allowsTruncation: false, isStrict: true,
                maximumDepth: maximumDepth)
            let failure = walker.walkReportingFailure { event, path in builder.take(event, path) }
            // The builder's fault comes first in the document: the walker went on after it.
            if builder.failed { return .failure(.malformed) }
            switch failure {
            case .malformed: return .failure(.malformed)
            case .nestedTooDeep: return .failure(.nestedTooDeep)
            case nil: return builder.document.map(Result.success) ?? .failure(.malformed)
            }
        }
    }

    /// Parses JSON text held in a string.
    public static func parse(_ text: String) -> JSONValue? { parse(Array(text.utf8)) }

    /// The value as compact JSON text, keys sorted, `/` not escaped.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// The value as JSON text: compact, or indented by two spaces; keys sorted either way.
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self, indent: 0)
        return writer.output
    }
}

/// Builds a ``JSONValue`` tree from the events of a strict ``JSONWalker``.
private struct JSONTreeBuilder {
    /// An object or array that is open, with its key in the object that holds it.
    struct Frame {
        var isObject: Bool
        var key: String?
        var items: [JSONValue] = []
        var members: [String: JSONValue] = [:]

        var value: JSONValue { isObject ? .object(members) : .array(items) }
    }

    let text: UnsafeBufferPointer<UInt8>
    var open: [Frame] = []
    /// The document, once its last value is read.
    var document: JSONValue?
    /// Set when a number the walker took could not be converted; the document is then refused as malformed.
    var failed = false

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        open.reserveCapacity(8)
    }

    mutating func take(_ event: JSONWalker.Event, _ path: JSONPath) {
        guard !failed else { return }
        switch event {
        case .open(let isObject):
            var key: String?
            if open.last?.isObject == true, case .key(let range)? = path.components.last { key = self.key(range) }
            open.append(Frame(isObject: isObject, key: key))
        case .scalar(let scalar):
            let value: JSONValue
            switch scalar.kind {
            case .string: value = .string(string(scalar.value, escaped: scalar.escaped))
            case .number:
                guard let number = number(scalar.value) else {
                    failed = true
                    return
                }
                value = number
            case .literal:
                // The walker is strict: the literal is exactly `true`, `false` or `null`.
                switch text[scalar.value.lowerBound] {
                case UInt8(ascii: "t"): value = .bool(true)
                case UInt8(ascii: "f"): value = .bool(false)
                default: value = .null
                }
            }
            add(value, key: scalar.key.map(key))
        case .close:
            let frame = open.removeLast()
            add(frame.value, key: frame.key)
        }
    }

    /// Puts a value in the object or array that is open, or makes it the document; of duplicate keys, the last
    /// is kept.
    private mutating func add(_ value: JSONValue, key: String?) {
        guard !open.isEmpty else {
            document = value
            return
        }
        if open[open.count - 1].isObject {
            open[open.count - 1].members[key ?? ""] = value
        } else {
            open[open.count - 1].items.append(value)
        }
    }

    /// A member's key, decoded.
    private func key(_ range: Range<Int>) -> String {
        string(range, escaped: text[range].contains(UInt8(ascii: "\\")))
    }

    /// A string's content, decoded when it holds escapes; bytes that are not UTF-8 become U+FFFD.
    private func string(_ range: Range<Int>, escaped: Bool) -> String {
        guard escaped else { return String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self) }
        return String(decoding: JSONString.decoded(text, range, escaped: true), as: UTF8.self)
    }

    /// A number: an integer when written without a fraction or exponent and within `Int64`, otherwise a double.
    private func number(_ range: Range<Int>) -> JSONValue? {
        let bytes = UnsafeBufferPointer(rebasing: text[range])
        let written = String(decoding: bytes, as: UTF8.self)
        let isInteger = !bytes.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        if isInteger, let integer = Int64(written) { return .integer(integer) }
        return Double(written).map(JSONValue.number)
    }
}

private struct JSONWriter {
    let pretty: Bool
    var output: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .integer(let number): output += Array(String(number).utf8)
        case .number(let number):
            // JSON has no NaN or infinity; a finite whole number is written without a fraction.
            if !number.isFinite {
                output += Array("null".utf8)
            } else if number.rounded() == number, abs(number) < 1e15 {
                output += Array(String(Int64(number)).utf8)
            } else {
                output += Array(String(number).utf8)
            }
        case .string(let text): writeString(text)
        case .array(let items):
            guard !items.isEmpty else {
                output += Array("[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(item, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output += Array("{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                if let member = members[key] { write(member, indent: indent + 1) }
            }
            newline(indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output += repeatElement(UInt8(ascii: " "), count: indent * 2)
    }

    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                output += UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): output += [0x5C, 0x22]
                case UInt8(ascii: "\\"): output += [0x5C, 0x5C]
                case 0x0A: output += [0x5C, UInt8(ascii: "n")]
                case 0x0D: output += [0x5C, UInt8(ascii: "r")]
                case 0x09: output += [0x5C, UInt8(ascii: "t")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            output += UnsafeBufferPointer(rebasing: bytes[runStart...])
        }
        output.append(UInt8(ascii: "\""))
    }
}
