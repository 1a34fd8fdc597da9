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
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) == "+++" }) == true else {
            throw fail("no front matter: the file must start with a `+++` line, the TOML fields, and `+++`", line: 1)
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" })
        else {
            throw fail("the front matter has no closing `+++` line", line: 1)
        }
        // Lines of the TOML count from the file's second line.
        let front: TOMLTable
        do {
            front = try TOMLReader.read(lines[1..<close].joined(separator: "\n"))
        } catch {
            throw fail(error.reason, line: error.line + 1)
        }
        func text(_ key: String) throws(PlaybookError) -> String {
            guard case .string(let value)? = front[key], !value.isEmpty else {
                throw fail(
                    "`\(key)` is missing or not a string; add \(key) = \"...\"",
                    line: front.line(of: key).map { $0 + 1 })
            }
            return value
        }
        let name = try text("name")
        let subject: Subject
        switch try text("kind") {
        case "bucket":
            let value = try text("bucket")
            guard let bucket = TriageBucket(loosely: value) else {
                throw fail("bucket must be one of \(TriageBucket.names)", line: front.line(of: "bucket").map { $0 + 1 })
            }
            subject = .bucket(bucket)
        case "mismatch":
            let value = try text("category")
            guard let category = MismatchCategory(loosely: value) else {
                throw fail(
                    "category must be one of \(MismatchCategory.names)", line: front.line(of: "category").map { $0 + 1 }
                )
            }
            subject = .mismatch(category)
        default:
            throw fail("kind must be \"bucket\" or \"mismatch\"", line: front.line(of: "kind").map { $0 + 1 })
        }
        var signals: [Signal] = []
        if let value = front["signal"] {
            guard case .array(let tables) = value else {
                throw fail(
                    "`signal` must be an array of tables: write each as [[signal]]",
                    line: front.line(of: "signal").map { $0 + 1 })
            }
            for case .table(let table) in tables {
                signals.append(try signal(table, fail: fail))
            }
        }
        return Playbook(
            name: name, subject: subject, title: try text("title"), summary: try text("summary"), signals: signals,
            markdown: markdown, source: source)
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
                if case .string(let text) = item, !text.trimmingCharacters(in: .whitespaces).isEmpty { return text }
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
                            name: entry[..<colon].trimmingCharacters(in: .whitespaces),
                            value: entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces))
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
