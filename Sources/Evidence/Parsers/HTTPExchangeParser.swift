import Sanitizer

/// Reads a raw HTTP exchange: a request, a response, or a request followed by its response, in HTTP/1.x form or
/// as HTTP/2 pseudo-headers (`:method`, `:path`, `:authority`, `:status`), or only a block of headers.
enum HTTPExchangeParser {
    /// The pack an exchange describes: the final response (interim `1xx` ones are skipped) and the last request
    /// before it.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        try pack(from: HTTPTextParts(reading: input), in: input)
    }

    /// The pack of messages the sanitizer's HTTP reader found in `input`.
    static func pack(from text: HTTPTextParts, in input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        let messages = messages(in: text, of: input)
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
                body: MessageBody.value(message.body, contentType: message.head.fields.first("Content-Type")))
        }
        if let finalIndex {
            let message = messages[finalIndex]
            let headers = message.head.fields.dictionary
            let body = MessageBody.value(message.body, contentType: message.head.fields.first("Content-Type"))
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

    /// One message: its head, and its body.
    struct Message {
        var head = HTTPMessageFacts()
        /// The body as sent, chunked framing removed, its lines joined by `\n`, trailing blank lines dropped.
        var body = ""
        /// Whether a head with no start line holds headers only a response sends (`Set-Cookie`, `Retry-After`).
        var isHeaderBlockOfResponse = false

        var isResponse: Bool { head.isResponse || isHeaderBlockOfResponse }
        var isRequest: Bool { head.isRequest || (head.start == nil && !isResponse) }
    }

    /// The messages of `text` as evidence reads them. The sanitizer's reader splits the text into messages (a
    /// start line or a header block opens one, a blank line ends its head, its body runs to the next start
    /// line); HTTP/2 pseudo-headers also open a message when a response's follow a request's in one block.
    static func messages(in text: HTTPTextParts, of bytes: [UInt8]) -> [Message] {
        var messages: [Message] = []
        for parts in text.messages {
            var message = Message(head: HTTPMessageFacts(start: .init(parts.startLine, in: bytes)))
            for header in parts.headers {
                let name = HTTPMessageFacts.text(bytes[header.name])
                if name.hasPrefix(":"), message.head.start != nil || !message.head.fields.isEmpty,
                    opensPseudoMessage(name, current: message)
                {
                    messages.append(message)
                    message = Message()
                }
                message.head.fields.append(name, HTTPMessageFacts.text(header.value(in: bytes)))
            }
            let lines = HTTPMessageFacts.lines(parts.body(in: bytes), droppingTrailingBlankLines: true)
            message.body = lines.joined(separator: "\n")
            messages.append(message)
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

    /// Whether a pseudo-header in a head opens a new HTTP/2 message: `:status` after a request's
    /// pseudo-headers, or `:method` (or another request pseudo-header) after a response's.
    private static func opensPseudoMessage(_ name: String, current: Message) -> Bool {
        if name == ":status" { return current.isRequest }
        return current.isResponse
    }
}
