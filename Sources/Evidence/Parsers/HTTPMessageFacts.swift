import Sanitizer

/// The head of one HTTP message as evidence keeps it: its start line and its header fields as text.
///
/// Built from the sanitizer's reading of the message (``HTTPMessageParts``), so that a raw HTTP exchange and a
/// `curl -v` transcript are read once, the same way, for masking and for evidence. HTTP/2 messages carry their
/// start line as pseudo-headers (`:method`, `:path`, `:authority`, `:scheme`, `:status`); ``method``,
/// ``target`` and ``status`` read either form.
struct HTTPMessageFacts {
    var start: StartLine?
    var fields = HeaderFields()

    /// A request line or a status line, as text.
    enum StartLine: Equatable {
        case request(method: String, target: String)
        case status(code: Int)

        /// The text of a start line the sanitizer's reader found in `bytes`.
        init?(_ line: HTTPMessageParts.StartLine?, in bytes: [UInt8]) {
            switch line {
            case .request(let method, let target, _)?:
                self = .request(
                    method: HTTPMessageFacts.text(bytes[method]), target: HTTPMessageFacts.text(bytes[target]))
            case .status(let code, _, _)?:
                self = .status(code: code)
            case nil:
                return nil
            }
        }
    }

    init(start: StartLine? = nil) {
        self.start = start
    }

    /// The start line and header fields of `message`, whose offsets are into `bytes`.
    init(_ message: HTTPMessageParts, in bytes: [UInt8]) {
        start = StartLine(message.startLine, in: bytes)
        add(message.headers, in: bytes)
    }

    /// Appends header fields read from `bytes`, in order.
    mutating func add(_ headers: [HTTPMessageParts.HeaderField], in bytes: [UInt8]) {
        for header in headers { fields.append(Self.text(bytes[header.name]), Self.text(header.value(in: bytes))) }
    }

    /// Bytes as text (invalid UTF-8 is replaced, never trusted).
    static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
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
        if case .request(let method, _) = start { return method }
        return fields.first(":method")
    }

    var target: String? {
        if case .request(_, let target) = start { return target }
        return fields.first(":path")
    }

    var status: Int? {
        if case .status(let code) = start { return code }
        return fields.first(":status").flatMap { Int($0.trimmingASCIIWhitespace()) }
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

    /// Text lines as evidence keeps them: `\r\n`, `\r` and `\n` each end a line, and the lines are joined by
    /// `\n`; without the trailing lines that hold only spaces and tabs when `droppingTrailingBlankLines`.
    static func lines(_ bytes: some Collection<UInt8>, droppingTrailingBlankLines: Bool) -> [Substring] {
        let text = Self.text(bytes)
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        // A final line break ends the last line; it does not start another.
        if lines.last?.isEmpty == true { lines.removeLast() }
        if droppingTrailingBlankLines {
            while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        }
        return lines
    }
}
