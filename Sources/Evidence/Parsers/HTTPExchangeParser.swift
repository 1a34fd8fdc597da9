/// Reads a raw HTTP exchange: a request, a response, or a request followed by its response, in HTTP/1.x form or
/// as HTTP/2 pseudo-headers (`:method`, `:path`, `:authority`, `:status`), or only a block of headers.
enum HTTPExchangeParser {
    /// The pack an exchange describes: the final response (interim `1xx` ones are skipped) and the last request
    /// before it.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        let messages = messages(in: TextLines(input))
        let finalIndex = messages.lastIndex { $0.isResponse && ($0.head.status.map { $0 >= 200 } ?? true) }
        let requestIndex =
            messages[..<(finalIndex ?? messages.endIndex)].lastIndex { $0.isRequest }
            ?? messages.firstIndex { $0.isRequest }
        guard finalIndex != nil || requestIndex != nil else {
            throw EvidenceError(
                "no HTTP request or response found: expected a request line (`GET /path HTTP/1.1`), a status line "
                    + "(`HTTP/1.1 502 Bad Gateway`) or header lines; pick another --format if this is not HTTP")
        }
        var pack = EvidencePack()
        if let requestIndex {
            let message = messages[requestIndex]
            let headers = message.head.fields.dictionary
            pack.request = RequestFacts(
                method: message.head.method, url: message.head.url(defaultScheme: nil),
                headers: headers.isEmpty ? nil : headers,
                body: MessageBody.value(message.bodyText, contentType: message.head.fields.first("Content-Type")))
        }
        if let finalIndex {
            let message = messages[finalIndex]
            let headers = message.head.fields.dictionary
            let body = MessageBody.value(message.bodyText, contentType: message.head.fields.first("Content-Type"))
            pack.response = ResponseFacts(
                status: message.head.status, errorCode: body.flatMap(ErrorFacts.code(in:)),
                headers: headers.isEmpty ? nil : headers, body: body)
            if let server = HeaderFacts.serverMilliseconds(message.head.fields) {
                pack.timing = Timing(serverMs: server)
            }
            if let gateway = HeaderFacts.gateway(message.head.fields) {
                pack.environment = EnvironmentFacts(gateway: gateway)
            }
        }
        return pack
    }

    /// One message: its head, and its body lines.
    struct Message {
        var head = HTTPHead()
        var body: [Substring] = []
        /// Whether a head with no start line holds headers only a response sends (`Set-Cookie`, `Retry-After`).
        var isHeaderBlockOfResponse = false

        var isResponse: Bool { head.isResponse || isHeaderBlockOfResponse }
        var isRequest: Bool { head.isRequest || (head.start == nil && !isResponse) }

        /// The body as sent: lines rejoined, trailing blank lines dropped, chunked framing removed.
        var bodyText: String {
            var lines = body[...]
            while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines = lines.dropLast() }
            let text = lines.joined(separator: "\n")
            if head.fields.first("Transfer-Encoding")?.lowercased().contains("chunked") == true {
                return HTTPExchangeParser.dechunked(Array(lines)) ?? text
            }
            return text
        }
    }

    /// Splits the lines into messages: a start line (or a first pseudo-header) opens one, a blank line ends its
    /// head, and its body runs to the next start line.
    static func messages(in lines: TextLines) -> [Message] {
        var messages: [Message] = []
        var inHead = false
        for index in 0..<lines.count {
            let text = lines[index]
            let line = Substring(text)
            let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" }
            if let start = HTTPHead.StartLine.parse(line), startsMessage(start, after: messages.last) {
                messages.append(Message(head: HTTPHead(start: start)))
                inHead = true
                continue
            }
            if line.hasPrefix(":"), let (name, _) = HeaderFields.split(line),
                opensPseudoMessage(name, current: messages.last, inHead: inHead)
            {
                messages.append(Message())
                inHead = true
            }
            if messages.isEmpty {
                // Headers with no start line: a header block, as copied from a browser's or proxy's view.
                guard !isBlank, HeaderFields.split(line) != nil else { continue }
                messages.append(Message())
                inHead = true
            }
            let last = messages.count - 1
            if inHead {
                if isBlank { inHead = false } else { messages[last].head.addHeaderLine(line) }
            } else {
                messages[last].body.append(line)
            }
        }
        // A bare header block is a request unless it holds headers only a response sends.
        for index in messages.indices
        where messages[index].head.start == nil && !messages[index].head.isRequest && !messages[index].head.isResponse {
            let fields = messages[index].head.fields
            let responseOnly = [
                "Set-Cookie", "Server", "Retry-After", "WWW-Authenticate", "Location", "Age", "ETag",
                "Last-Modified", "Server-Timing", "X-RateLimit-Remaining", "RateLimit-Remaining",
                "Strict-Transport-Security", "Access-Control-Allow-Origin", "x-envoy-upstream-service-time",
            ]
            let requestOnly = [
                "Host", "User-Agent", "Authorization", "Accept", "Cookie", "Referer", "Origin",
                "Accept-Language", "Accept-Encoding", "If-None-Match", "X-Forwarded-For",
            ]
            let responseScore = responseOnly.filter(fields.has).count
            let requestScore = requestOnly.filter(fields.has).count
            messages[index].isHeaderBlockOfResponse = responseScore > requestScore
        }
        return messages
    }

    /// Whether a start line opens a new message: a status line always does; after the first message, a request
    /// line only with its HTTP version (a body may well hold `GET /x`).
    private static func startsMessage(_ start: HTTPHead.StartLine, after current: Message?) -> Bool {
        guard current != nil else { return true }
        switch start {
        case .status: return true
        case .request(_, _, let version): return version != nil
        }
    }

    /// Whether a pseudo-header opens a new HTTP/2 message: `:status` after a request's pseudo-headers, or
    /// `:method` after a response's.
    private static func opensPseudoMessage(_ name: String, current: Message?, inHead: Bool) -> Bool {
        guard let current else { return true }
        if name == ":status" { return current.isRequest || !inHead }
        return current.isResponse || !inHead
    }

    /// A chunked body's data (`1a\r\n...\r\n0`), or nil when the lines are not chunked framing after all.
    static func dechunked(_ lines: [Substring]) -> String? {
        var output = ""
        var index = 0
        while index < lines.count {
            let sizeText = lines[index].split(separator: ";").first.map { String($0).trimmingASCIIWhitespace() } ?? ""
            guard let size = Int(sizeText, radix: 16) else { return nil }
            if size == 0 { return output }
            index += 1
            var chunk = ""
            while index < lines.count, chunk.utf8.count < size {
                if !chunk.isEmpty { chunk += "\n" }
                chunk += lines[index]
                index += 1
            }
            output += chunk
        }
        return output
    }
}
