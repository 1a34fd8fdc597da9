import Sanitizer

/// Why a playbook file could not be read: the file, the line, what is wrong and what to write instead.
public struct PlaybookError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var reason: String

    public var description: String { "playbook \(source)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}

extension Playbook {
    /// Reads a playbook file: TOML front matter between `+++` lines, then Markdown.
    ///
    /// - Parameters:
    ///   - markdown: the file's text.
    ///   - source: where it came from, for messages (`built-in:upstream.md` or a path).
    /// - Throws: ``PlaybookError`` with the line and what to change: no front matter, a TOML error, a missing
    ///   or unknown `kind`, `bucket` or `category`, or a signal without exactly one test.
    public static func read(markdown: String, source: String) throws(PlaybookError) -> Playbook {
        func fail(_ reason: String, line: Int? = nil) -> PlaybookError {
            PlaybookError(source: source, line: line, reason: reason)
        }
        // The front matter's lines are found in the bytes: reading a dozen files Character by Character cost more
        // than the rest of a `suggest`.
        guard let front = frontMatter(of: markdown) else {
            let opens = markdown.utf8.starts(with: "+++".utf8)
            throw fail(
                opens
                    ? "the front matter has no closing `+++` line"
                    : "no front matter: the file must start with a `+++` line, the TOML fields, and `+++`",
                line: 1)
        }
        // Lines of the TOML count from the file's second line.
        let table: TOMLTable
        do {
            table = try TOMLReader.read(front)
        } catch {
            throw fail(error.reason, line: error.line + 1)
        }
        func text(_ key: String) throws(PlaybookError) -> String {
            guard case .string(let value)? = table[key], !value.isEmpty else {
                throw fail(
                    "`\(key)` is missing or not a string; add \(key) = \"...\"",
                    line: table.line(of: key).map { $0 + 1 })
            }
            return value
        }
        let name = try text("name")
        let subject: Subject
        switch try text("kind") {
        case "bucket":
            let value = try text("bucket")
            guard let bucket = TriageBucket(loosely: value) else {
                throw fail("bucket must be one of \(TriageBucket.names)", line: table.line(of: "bucket").map { $0 + 1 })
            }
            subject = .bucket(bucket)
        case "mismatch":
            let value = try text("category")
            guard let category = MismatchCategory(loosely: value) else {
                throw fail(
                    "category must be one of \(MismatchCategory.names)", line: table.line(of: "category").map { $0 + 1 }
                )
            }
            subject = .mismatch(category)
        default:
            throw fail("kind must be \"bucket\" or \"mismatch\"", line: table.line(of: "kind").map { $0 + 1 })
        }
        var signals: [Signal] = []
        if let value = table["signal"] {
            guard case .array(let tables) = value else {
                throw fail(
                    "`signal` must be an array of tables: write each as [[signal]]",
                    line: table.line(of: "signal").map { $0 + 1 })
            }
            for case .table(let table) in tables {
                signals.append(try signal(table, fail: fail))
            }
        }
        return Playbook(
            name: name, subject: subject, title: try text("title"), summary: try text("summary"), signals: signals,
            markdown: markdown, source: source)
    }

    /// The TOML between the first line, `+++`, and the next `+++` line, or nil.
    static func frontMatter(of markdown: String) -> String? {
        let bytes = Array(markdown.utf8)
        func line(at start: Int) -> (text: ArraySlice<UInt8>, next: Int) {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var text = bytes[start..<end]
            while let last = text.last, last == 0x20 || last == 0x09 || last == 0x0D { text = text.dropLast() }
            while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
            return (text, min(end + 1, bytes.count))
        }
        guard !bytes.isEmpty, line(at: 0).text.elementsEqual("+++".utf8) else { return nil }
        let start = line(at: 0).next
        var position = start
        while position < bytes.count {
            let (text, next) = line(at: position)
            if text.elementsEqual("+++".utf8) { return String(decoding: bytes[start..<position], as: UTF8.self) }
            position = next
        }
        return nil
    }

    /// One `[[signal]]` table: exactly one test, a weight, perhaps a reason.
    private static func signal(_ table: TOMLTable, fail: (String, Int?) -> PlaybookError) throws(PlaybookError)
        -> Signal
    {
        let line = table.line + 1
        let tests = ["status", "header", "text", "no_response", "at_timeout"].filter { table[$0] != nil }
        guard tests.count == 1, let key = tests.first else {
            throw fail(
                "a signal needs exactly one of status, header, text, no_response, at_timeout (it has "
                    + (tests.isEmpty ? "none" : tests.joined(separator: ", ")) + ")", line)
        }
        let at = table.line(of: key).map { $0 + 1 } ?? line
        let test: Signal.Test
        switch (key, table[key]) {
        case ("status", .array(let items)?):
            let codes = items.compactMap { item -> Int? in
                if case .integer(let code) = item, (100...599).contains(code) { return Int(code) }
                return nil
            }
            guard codes.count == items.count, !codes.isEmpty else {
                throw fail("status must be a list of HTTP status codes, such as [502, 503]", at)
            }
            test = .status(codes)
        case ("header", .array(let items)?), ("text", .array(let items)?):
            let strings = items.compactMap { item -> String? in
                if case .string(let text) = item, !text.trimmingWhitespace().isEmpty { return text }
                return nil
            }
            guard strings.count == items.count, !strings.isEmpty else {
                throw fail("\(key) must be a list of strings, such as [\"connection refused\"]", at)
            }
            if key == "text" {
                test = .text(strings.map { $0.lowercased() })
            } else {
                test = .header(
                    strings.map { entry in
                        guard let colon = entry.firstIndex(of: ":") else { return Signal.HeaderTest(name: entry) }
                        return Signal.HeaderTest(
                            name: String(entry[..<colon].trimmingWhitespace()),
                            value: String(entry[entry.index(after: colon)...].trimmingWhitespace()))
                    })
            }
        case ("no_response", .boolean(true)?): test = .noResponse
        case ("at_timeout", .boolean(true)?): test = .atTimeout
        case ("no_response", _), ("at_timeout", _):
            throw fail("\(key) can only be true; leave the signal out otherwise", at)
        default:
            throw fail("\(key) must be a list", at)
        }
        let weight: Double
        switch table["weight"] {
        case .float(let value)?: weight = value
        case .integer(let value)?: weight = Double(value)
        case nil: throw fail("a signal needs a weight, such as weight = 2.0", line)
        default: throw fail("weight must be a number, such as 2.0", table.line(of: "weight").map { $0 + 1 })
        }
        guard weight > 0, weight <= 10 else {
            throw fail("weight must be above 0 and at most 10", table.line(of: "weight").map { $0 + 1 })
        }
        var reason: String?
        if let value = table["reason"] {
            guard case .string(let text) = value else {
                throw fail("reason must be a string", table.line(of: "reason").map { $0 + 1 })
            }
            reason = text
        }
        return Signal(test: test, weight: weight, reason: reason, line: line)
    }
}
