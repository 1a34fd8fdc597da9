import Sanitizer

/// Reads a curl command line as the request it sends.
///
/// The shell parsing is the sanitizer's (``CurlRequestParts``), so quoting, continuations and combined options
/// are read once, the same way, for masking and for evidence.
enum CurlCommandParser {
    /// The pack a curl command describes: its request, and `--max-time` as the timeout.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        guard let parts = parts(of: input) else {
            throw EvidenceError(
                "no curl command found: the input should start with `curl` and a URL; pick another --format if "
                    + "it is not a curl command")
        }
        var pack = EvidencePack(request: request(from: parts))
        // `curl -i` prints the response head and body after the command, with no `< ` markers.
        if let response = responseAfterCommand(input) {
            pack.response = response.response
            pack.timing = response.timing
            pack.environment = response.environment
        }
        if let timeout = timeoutMilliseconds(parts) {
            pack.timing = pack.timing ?? Timing()
            pack.timing?.timeoutMs = timeout
        }
        return pack
    }

    /// The response pasted after the command (`curl -i` output): the messages from the first response after the
    /// command's first line on, as the sanitizer's HTTP reader finds them.
    private static func responseAfterCommand(_ input: [UInt8]) -> EvidencePack? {
        let firstLineEnd = input.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? input.endIndex
        var text = HTTPTextParts(reading: input)
        let first = text.messages.firstIndex { message in
            guard case .status? = message.startLine else { return false }
            return message.range.lowerBound > firstLineEnd
        }
        guard let first else { return nil }
        text.messages.removeFirst(first)
        return try? HTTPExchangeParser.pack(from: text, in: input)
    }

    /// The parts of the curl command in `input`, tolerating a shell prompt (`$ curl ...`) before it.
    static func parts(of input: [UInt8]) -> CurlRequestParts? {
        if let parts = CurlRequestParts.parse(input), !parts.urls.isEmpty || parts.method != nil { return parts }
        // A pasted prompt: drop `$ ` or `% ` at the start of the first line and try again.
        var start = 0
        while start < input.count, input[start] == 0x20 || input[start] == 0x0A || input[start] == 0x0D { start += 1 }
        guard start + 1 < input.count, input[start] == UInt8(ascii: "$") || input[start] == UInt8(ascii: "%"),
            input[start + 1] == 0x20
        else { return nil }
        return CurlRequestParts.parse(Array(input[(start + 2)...]))
    }

    /// What curl sends: `-X`'s method, else POST when there is data, else GET; the first URL; the headers; the
    /// data (joined with `&` as curl joins several `-d`).
    static func request(from parts: CurlRequestParts) -> RequestFacts {
        var fields = HeaderFields()
        for header in parts.headers where !header.value.isEmpty {
            // `-H 'Accept:'` removes a header curl would send; it is not sent, so it is not evidence.
            fields.append(header.name, header.value)
        }
        let data = parts.data.joined(separator: "&")
        let method = parts.method?.uppercased() ?? (parts.data.isEmpty ? "GET" : "POST")
        var body: JSONValue?
        if !parts.data.isEmpty {
            let contentType = fields.first("Content-Type") ?? (parts.isJSON ? "application/json" : nil)
            body = MessageBody.value(data, contentType: contentType)
        }
        return RequestFacts(
            method: method, url: parts.urls.first.map(absolute), headers: fields.isEmpty ? nil : fields.dictionary,
            body: body)
    }

    /// `--max-time` (`-m`) in milliseconds: the whole request's limit, which is the timeout a failure hits.
    static func timeoutMilliseconds(_ parts: CurlRequestParts) -> Double? {
        guard let text = parts.options["max-time"], let seconds = Double(text.trimmingASCIIWhitespace()),
            seconds > 0
        else { return nil }
        return seconds * 1000
    }

    /// A URL as curl reads it: without a scheme, curl speaks HTTP (`example.com/x` is `http://example.com/x`).
    static func absolute(_ url: String) -> String {
        if url.contains("://") || url.hasPrefix("/") { return url }
        return "http://" + url
    }
}
