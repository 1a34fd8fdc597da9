/// HTTP header fields in the order they were written, as a parser collects them.
///
/// Names keep their spelling; lookups ignore case, as HTTP does. HTTP/2 pseudo-headers (`:method`, `:status`) are
/// kept apart from the ``dictionary`` because they are the request line and status, not headers.
struct HeaderFields {
    private(set) var pairs: [(name: String, value: String)] = []

    var isEmpty: Bool { pairs.isEmpty }

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// The first value of the field named `name`, ignoring case.
    func first(_ name: String) -> String? {
        let wanted = name.lowercased()
        return pairs.first { $0.name.lowercased() == wanted }?.value
    }

    /// Whether a field named `name` is present, ignoring case.
    func has(_ name: String) -> Bool { first(name) != nil }

    /// The fields as the evidence pack keeps them: by name as first written, repeated names joined with `, `
    /// (HTTP's own rule for combining fields; `Cookie` takes `; ` as browsers send it), pseudo-headers left out.
    var dictionary: [String: String] {
        var values: [String: String] = [:]
        var spelling: [String: String] = [:]
        for (name, value) in pairs where !name.hasPrefix(":") {
            let key = name.lowercased()
            if let written = spelling[key], let existing = values[written] {
                values[written] = existing + (key == "cookie" ? "; " : ", ") + value
            } else {
                spelling[key] = name
                values[name] = value
            }
        }
        return values
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs, CR and LF (ASCII only: cheap and predictable).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
