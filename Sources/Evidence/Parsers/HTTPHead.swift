/// The head of one HTTP message: its start line (request line or status line) and its header fields.
///
/// Shared by the raw-HTTP and `curl -v` readers, which differ only in how they find the lines. HTTP/2 messages
/// carry their start line as pseudo-headers (`:method`, `:path`, `:authority`, `:scheme`, `:status`); ``method``,
/// ``target`` and ``status`` read either form.
struct HTTPHead {
    var start: StartLine?
    var fields = HeaderFields()

    /// The start line of an HTTP/1.x message, or curl's `HTTP/2 502`.
    enum StartLine: Equatable {
        case request(method: String, target: String, version: String?)
        case status(code: Int, version: String)

        /// Reads `line` as a request line (`GET /orders/42 HTTP/1.1`, or without the version when the method is
        /// a known one) or a status line (`HTTP/1.1 502 Bad Gateway`, `HTTP/2 429`).
        static func parse(_ line: Substring) -> StartLine? {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count >= 2 else { return nil }
            if let version = Self.version(words[0]) {
                let code = words[1]
                guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(code),
                    (100...599).contains(value)
                else { return nil }
                return .status(code: value, version: version)
            }
            let method = words[0]
            guard method.utf8.count <= 20, method.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D }) else {
                return nil
            }
            let target = String(words[1])
            if words.count == 3 {
                guard let version = Self.version(words[2].split(separator: " ").first ?? "") else { return nil }
                return .request(method: String(method), target: target, version: version)
            }
            guard knownMethods.contains(String(method)), target.hasPrefix("/") || target.contains("://") else {
                return nil
            }
            return .request(method: String(method), target: target, version: nil)
        }

        /// `HTTP/1.1` -> `1.1`.
        private static func version(_ word: Substring) -> String? {
            guard word.hasPrefix("HTTP/") else { return nil }
            let number = word.dropFirst(5)
            guard !number.isEmpty, number.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) else {
                return nil
            }
            return String(number)
        }

        static let knownMethods: Set<String> = [
            "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
        ]
    }

    var isRequest: Bool {
        if case .request = start { return true }
        return fields.has(":method") || fields.has(":path")
    }

    var isResponse: Bool {
        if case .status = start { return true }
        return fields.has(":status")
    }

    var method: String? {
        if case .request(let method, _, _) = start { return method }
        return fields.first(":method")
    }

    var target: String? {
        if case .request(_, let target, _) = start { return target }
        return fields.first(":path")
    }

    var status: Int? {
        if case .status(let code, _) = start { return code }
        return fields.first(":status").flatMap { Int($0.trimmingASCIIWhitespace()) }
    }

    var version: String? {
        switch start {
        case .request(_, _, let version): return version
        case .status(_, let version): return version
        case nil: return fields.has(":method") || fields.has(":status") ? "2" : nil
        }
    }

    /// Reads one header line: a field, a pseudo-header, or the continuation of the previous field.
    mutating func addHeaderLine(_ line: Substring) {
        if let first = line.first, first == " " || first == "\t" {
            fields.continueLast(String(line))
        } else if let (name, value) = HeaderFields.split(line) {
            fields.append(name, value)
        }
    }

    /// The request's absolute URL: the target when it is absolute, else scheme, authority (`Host` or
    /// `:authority`) and target. Nil without a target.
    ///
    /// - Parameter defaultScheme: the scheme when nothing in the message states one; the caller knows better
    ///   (curl says whether it spoke TLS).
    func url(defaultScheme: String?) -> String? {
        guard let target else { return nil }
        if target.contains("://") { return target }
        guard let authority = fields.first(":authority") ?? fields.first("Host"), !authority.isEmpty else {
            return target
        }
        let scheme =
            fields.first(":scheme") ?? fields.first("X-Forwarded-Proto")?.split(separator: ",").first.map {
                String($0).trimmingASCIIWhitespace()
            } ?? Self.scheme(forAuthority: authority) ?? defaultScheme ?? "https"
        let path = target.hasPrefix("/") ? target : (target == "*" ? "" : "/" + target)
        return "\(scheme.lowercased())://\(authority)\(path)"
    }

    /// The scheme an authority's port implies (`:443` -> https, `:80` -> http), if any.
    static func scheme(forAuthority authority: String) -> String? {
        if authority.hasSuffix(":443") { return "https" }
        if authority.hasSuffix(":80") { return "http" }
        return nil
    }
}
