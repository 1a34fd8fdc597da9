/// Reads one JSON document and reports its values to a caller as byte ranges of the input, in document order.
///
/// The walker only reads: it tells which bytes are a member's key, a string's content, a number or a literal,
/// where each object and array opens and closes, and the ``JSONPath`` of each; what a value means is the caller's
/// to decide. Nothing is decoded or copied, so a caller that rewrites values knows exactly which bytes to replace;
/// a string's escapes are left for ``JSONString/decode(_:_:)``.
///
/// ```swift
/// let walker = JSONWalker(text: buffer, range: 0..<buffer.count, allowsTruncation: false)
/// let isJSON = walker.walk { event, path in
///     guard case .scalar(let scalar) = event else { return }
///     let location = path.rendered { String(decoding: buffer[$0], as: UTF8.self) }
///     print(location, scalar.kind)  // $.user.name string
/// }
/// ```
///
/// The sanitizer reads leniently, for what a log line holds is often nearly JSON: literals in any case, a number
/// as any run of digits, `.`, `e`, `+` and `-`, trailing commas, any depth. ``JSONValue`` trees (in Evidence) are
/// read strictly instead, with ``isStrict`` and a ``maximumDepth``.
package struct JSONWalker {
    /// What a scalar value is.
    package enum ScalarKind { case string, number, literal }

    /// A string, number or literal (`true`, `false`, `null`), as written in the document.
    package struct Scalar {
        /// The member's key, its content without the quotes; nil for an array element or a document that is a
        /// scalar.
        package var key: Range<Int>?
        /// The value: a string's content without the quotes (escapes as written), a number's or literal's text.
        package var value: Range<Int>
        /// Whether the value is a string, a number or a literal.
        package var kind: ScalarKind
        /// Whether a string holds a backslash escape, so that its bytes are not its content as they are.
        package var escaped: Bool
    }

    /// What the walker reports, with the path of the value it is about.
    package enum Event {
        /// An object or array starts; the path is the container's.
        case open(isObject: Bool)
        /// A scalar; the path ends with its key or index.
        case scalar(Scalar)
        /// An object or array ends (or is cut off, when the document is); the path is the container's.
        case close(isObject: Bool)
    }

    /// Why a walk stopped before the document's end.
    package enum Failure: Error, Sendable {
        /// The bytes are not one JSON document (or, when strict, not one that RFC 8259 allows).
        case malformed
        /// An object or array opens deeper than ``JSONWalker/maximumDepth``.
        case nestedTooDeep
    }

    /// Where an open object or array is, while its contents are read.
    private struct Frame {
        var isObject: Bool
        var index = 0
        var pathLength: Int
    }

    /// The bytes that hold the document.
    package var text: UnsafeBufferPointer<UInt8>
    /// The document's bytes in ``text``; whitespace may stand around it.
    package var range: Range<Int>
    /// Whether a document cut off before its end (a truncated HAR, a paste that stopped short) is read as far as
    /// it goes, what is open then closed innermost first. A cut-off string runs to the end.
    package var allowsTruncation: Bool
    /// Whether only what RFC 8259 allows is read: literals as written (`true`, not `TRUE`), numbers by its grammar
    /// (no `01`, `1.`, `.5` or `1e`), no comma before a closing bracket or value after a colon left out, only
    /// JSON's escapes in strings, and only space, tab, line feed and carriage return as whitespace.
    package var isStrict: Bool
    /// How deep objects and arrays may nest: a document's top is at depth 0, and one that opens at this depth is
    /// refused with ``Failure/nestedTooDeep``.
    package var maximumDepth: Int

    /// A walker of the document in `range` of `text`.
    ///
    /// - Parameters:
    ///   - text: the bytes that hold the document.
    ///   - range: the document's bytes in `text`; whitespace may stand around it.
    ///   - allowsTruncation: whether a document cut off before its end is read as far as it goes.
    ///   - isStrict: whether only what RFC 8259 allows is read; the sanitizer reads leniently.
    ///   - maximumDepth: how deep objects and arrays may nest; no bound unless given.
    package init(
        text: UnsafeBufferPointer<UInt8>, range: Range<Int>, allowsTruncation: Bool, isStrict: Bool = false,
        maximumDepth: Int = .max
    ) {
        self.text = text
        self.range = range
        self.allowsTruncation = allowsTruncation
        self.isStrict = isStrict
        self.maximumDepth = maximumDepth
    }

    /// Walks the document, calling `visit` for each event in document order.
    ///
    /// - Parameter visit: called with each event and the path of the value it is about. The path is the walker's
    ///   own: copy it to keep it.
    /// - Returns: whether the bytes are one JSON document (or one cut off, when ``allowsTruncation``). When they
    ///   are not, `visit` has already seen the events before the point where the walk failed.
    // Inlined into its caller so that `visit` is too: a closure context of its own would copy what it captures
    // (the engine, for the sanitizer) on every walk, and the path with every event.
    @inline(__always)
    package func walk(_ visit: (Event, JSONPath) -> Void) -> Bool {
        walkReportingFailure(visit) == nil
    }

    /// Walks the document, calling `visit` for each event in document order, and tells why it is not one when it
    /// is not.
    ///
    /// - Parameter visit: called with each event and the path of the value it is about. The path is the walker's
    ///   own: copy it to keep it.
    /// - Returns: nil when the bytes are one JSON document (or one cut off, when ``allowsTruncation``); otherwise
    ///   the first fault, in document order, after the events before it were seen.
    @inline(__always)
    package func walkReportingFailure(_ visit: (Event, JSONPath) -> Void) -> Failure? {
        let text = self.text
        let isStrict = self.isStrict
        // Room for a typical log line's nesting, so that the arrays don't grow one step at a time.
        var stack: [Frame] = []
        stack.reserveCapacity(8)
        var path = JSONPath()
        path.components.reserveCapacity(8)
        var pendingKey: Range<Int>?
        var expectingKey = false
        var i = range.lowerBound
        let end = range.upperBound
        var sawValue = false
        // Strict: a colon or comma was read, so a value (or, after a comma in an object, a key) must come next.
        var valueRequired = false

        func skipSpace() {
            if isStrict {
                while i < end, Self.isStrictWhitespace(text[i]) { i += 1 }
            } else {
                while i < end, ASCII.isWhitespace(text[i]) { i += 1 }
            }
        }

        func scalar(_ value: Range<Int>, _ kind: ScalarKind, escaped: Bool) {
            let key = stack.last?.isObject == true ? pendingKey : nil
            visit(.scalar(Scalar(key: key, value: value, kind: kind, escaped: escaped)), path)
        }

        /// Ends a structure that was popped. (A cut-off document may still have the key of a member in progress on
        /// its path.)
        func close(_ top: Frame) {
            path.components.removeSubrange(min(top.pathLength, path.components.count)...)
            visit(.close(isObject: top.isObject), path)
        }

        var truncated = false
        skipSpace()
        document: while i < end {
            let b = text[i]
            if expectingKey && b != 0x7D {
                guard b == ASCII.quote, let string = JSONString.lex(text, at: i, end: end) else {
                    truncated = b == ASCII.quote && JSONString.runsToEnd(text, from: i, end: end)
                    break document
                }
                let key = (i + 1)..<(string.end - 1)
                if isStrict && string.escaped && !JSONString.hasOnlyValidEscapes(text, key) { return .malformed }
                pendingKey = key
                i = string.end
                skipSpace()
                if i >= end {
                    truncated = true
                    break document
                }
                guard text[i] == 0x3A else { return .malformed }
                i += 1
                skipSpace()
                expectingKey = false
                valueRequired = true
                path.components.append(.key(key))
                continue
            }
            expectingKey = false
            switch b {
            case 0x7B, 0x5B:  // { [
                let isObject = b == 0x7B
                guard stack.count < maximumDepth else { return .nestedTooDeep }
                valueRequired = false
                stack.append(Frame(isObject: isObject, pathLength: path.components.count))
                visit(.open(isObject: isObject), path)
                if !isObject { path.components.append(.index(0)) }
                i += 1
                skipSpace()
                expectingKey = isObject
                if isObject { pendingKey = nil }
                continue
            case 0x7D, 0x5D:  // } ]
                guard !(isStrict && valueRequired), let top = stack.popLast(), top.isObject == (b == 0x7D) else {
                    return .malformed
                }
                close(top)
                i += 1
            case ASCII.quote:
                guard let string = JSONString.lex(text, at: i, end: end) else {
                    guard allowsTruncation, JSONString.runsToEnd(text, from: i, end: end) else { return .malformed }
                    // The cut value, as far as it goes.
                    let value = (i + 1)..<end
                    scalar(value, .string, escaped: text[value].contains(ASCII.backslash))
                    truncated = true
                    break document
                }
                let value = (i + 1)..<(string.end - 1)
                if isStrict && string.escaped && !JSONString.hasOnlyValidEscapes(text, value) { return .malformed }
                valueRequired = false
                scalar(value, .string, escaped: string.escaped)
                i = string.end
            case 0x2D, 0x30...0x39:
                if isStrict {
                    guard let j = Self.numberEnd(text, from: i, end: end) else { return .malformed }
                    valueRequired = false
                    scalar(i..<j, .number, escaped: false)
                    i = j
                    break
                }
                var j = i + 1
                while j < end,
                    ASCII.isDigit(text[j]) || text[j] == 0x2E || text[j] == 0x65 || text[j] == 0x45
                        || text[j] == 0x2B || text[j] == 0x2D
                {
                    j += 1
                }
                scalar(i..<j, .number, escaped: false)
                i = j
            case 0x74, 0x66, 0x6E:  // true false null
                let word: StaticString = b == 0x74 ? "true" : b == 0x66 ? "false" : "null"
                let n = word.utf8CodeUnitCount
                if i + n > end {
                    truncated = true
                    break document
                }
                if isStrict {
                    guard Self.equals(text, i, word) else { return .malformed }
                    valueRequired = false
                } else {
                    guard ASCII.equalsIgnoringCase(text[i..<(i + n)], word) else { return .malformed }
                }
                scalar(i..<(i + n), .literal, escaped: false)
                i += n
            default:
                return .malformed
            }
            sawValue = true
            // After a value: a comma, a closing bracket, or the end.
            skipSpace()
            guard let top = stack.last else {
                // The document is complete; only whitespace may follow.
                break
            }
            if top.isObject, case .key = path.components.last { path.components.removeLast() }
            pendingKey = nil
            if i >= end {
                truncated = true
                break document
            }
            if text[i] == 0x2C {
                i += 1
                skipSpace()
                valueRequired = true
                if top.isObject {
                    expectingKey = true
                } else {
                    stack[stack.count - 1].index += 1
                    path.components[path.components.count - 1] = .index(stack[stack.count - 1].index)
                }
            } else if text[i] != 0x7D && text[i] != 0x5D {
                return .malformed
            }
        }
        if truncated || (i >= end && !stack.isEmpty) {
            guard allowsTruncation, !stack.isEmpty else { return .malformed }
            // Close what is open, innermost first.
            while let top = stack.popLast() { close(top) }
            return nil
        }
        skipSpace()
        return sawValue && stack.isEmpty && i >= end ? nil : .malformed
    }

    // MARK: - The strict grammar

    /// Whether a byte is whitespace to RFC 8259: space, tab, line feed or carriage return.
    @inline(__always)
    private static func isStrictWhitespace(_ b: UInt8) -> Bool {
        b == ASCII.space || b == ASCII.tab || b == ASCII.newline || b == ASCII.carriageReturn
    }

    /// Whether `word` is written at `start`, byte for byte; the caller has checked that it fits.
    private static func equals(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { literal in
            for k in 0..<literal.count where text[start + k] != literal[k] { return false }
            return true
        }
    }

    /// The offset just past the number that starts at `start`, read by RFC 8259's grammar (`-`, then `0` or digits
    /// that don't start with `0`, then `.` and digits, then `e` or `E`, a sign and digits); nil when the bytes there
    /// are not one.
    private static func numberEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int? {
        var i = start
        func digits() -> Int {
            let first = i
            while i < end, ASCII.isDigit(text[i]) { i += 1 }
            return i - first
        }
        if i < end, text[i] == 0x2D { i += 1 }
        let integerStart = i
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || text[integerStart] != 0x30 else { return nil }
        if i < end, text[i] == 0x2E {
            i += 1
            guard digits() > 0 else { return nil }
        }
        if i < end, text[i] | 0x20 == 0x65 {
            i += 1
            if i < end, text[i] == 0x2B || text[i] == 0x2D { i += 1 }
            guard digits() > 0 else { return nil }
        }
        return i
    }
}
