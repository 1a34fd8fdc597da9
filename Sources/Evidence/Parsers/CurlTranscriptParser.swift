import Sanitizer

/// Reads a `curl -v` transcript as users paste it: curl's stderr and stdout together, perhaps with the command
/// line before it and the progress meter mixed in.
///
/// `* ` lines are curl's notes (connection, TLS, errors), `> ` lines the request head it sent, `< ` lines each
/// response head it received, `{ [n bytes data]` its byte counts, and the response body is the unmarked text
/// after a response head (stdout may be flushed after curl's last notes, so the body can come last).
enum CurlTranscriptParser {
    /// Whether `input` is a transcript rather than a bare command: some line is one of curl's `* `, `> `, `< `
    /// lines or its `curl: (N)` error.
    static func looksLikeTranscript(_ input: [UInt8]) -> Bool {
        let lines = TextLines(Array(input.prefix(1 << 16)))
        for index in 0..<min(lines.count, 512) {
            guard let line = cleaned(lines[index]) else { continue }
            switch classify(line) {
            case .info, .sent, .received, .curlError: return true
            case .data, .other: continue
            }
        }
        return false
    }

    /// Whether some line is unmistakably curl's, with no command before it: a note curl writes while
    /// connecting, its `curl: (N)` error, or a `> ` request line or `< ` status line. Logs and Markdown also
    /// have lines starting with `* ` or `> `, so this is stricter than ``looksLikeTranscript(_:)``.
    static func hasCurlLines(_ input: [UInt8]) -> Bool {
        let lines = TextLines(Array(input.prefix(1 << 16)))
        let notes = [
            "Trying ", "Connected to ", "Could not resolve ", "Failed to connect to ", "connect to ",
            "Closing connection",
            "Connection #", "SSL certificate problem", "TLSv1", "ALPN", "Operation timed out", "Connection timed out",
        ]
        for index in 0..<min(lines.count, 512) {
            guard let line = cleaned(lines[index]) else { continue }
            switch classify(line) {
            case .info(let text): if notes.contains(where: { text.hasPrefix($0) }) { return true }
            case .sent(let text): if case .request? = HTTPHead.StartLine.parse(text) { return true }
            case .received(let text): if case .status? = HTTPHead.StartLine.parse(text) { return true }
            case .curlError(let text): if text.first == "(" { return true }
            case .data, .other: continue
            }
        }
        return false
    }

    /// The pack a transcript describes. The request is the last one sent, the response the last final one (a
    /// `100 Continue`, or a redirect curl followed, is not what failed); with no response, curl's error says why.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        var transcript = Transcript()
        let lines = TextLines(input)
        for index in 0..<lines.count {
            guard let line = cleaned(lines[index]) else { continue }
            transcript.read(line)
        }
        let command =
            transcript.preamble.isEmpty
            ? nil : CurlCommandParser.parts(of: Array(transcript.preamble.joined(separator: "\n").utf8))
        guard !transcript.requests.isEmpty || !transcript.responses.isEmpty || transcript.sawCurlLine else {
            throw EvidenceError(
                "no `curl -v` transcript found: expected curl's `> `, `< ` or `* ` lines; use --format curl for a "
                    + "bare command")
        }
        return transcript.pack(command: command)
    }

    // MARK: - Lines

    enum Line {
        case info(Substring)
        case sent(Substring)
        case received(Substring)
        case data
        case curlError(Substring)
        case other(Substring)
    }

    /// What one cleaned line is.
    static func classify(_ line: Substring) -> Line {
        guard let first = line.first else { return .other(line) }
        let second = line.dropFirst().first
        switch first {
        case "*" where second == nil || second == " ": return .info(line.dropFirst().trimmingPrefix(while: isBlank))
        case ">" where second == nil || second == " ": return .sent(line.dropFirst(second == nil ? 1 : 2))
        case "<" where second == nil || second == " ": return .received(line.dropFirst(second == nil ? 1 : 2))
        case "{", "}":
            return line.dropFirst().hasPrefix(" [") ? .data : .other(line)
        default:
            if line.hasPrefix("curl: (") { return .curlError(line.dropFirst(6)) }
            return .other(line)
        }
    }

    private static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }

    /// A line without `--trace-time`'s timestamp and curl's progress meter; nil when nothing else is left.
    ///
    /// The meter redraws with `\r` and curl's notes are written right after it, so `  0  0 ... --:--:--  0*
    /// Trying ...` holds a `* ` line behind the meter's columns.
    static func cleaned(_ text: String) -> Substring? {
        var line = Substring(text)
        line = afterTimestamp(line)
        let trimmed = line.trimmingPrefix(while: isBlank)
        if trimmed.hasPrefix("% Total") || trimmed.hasPrefix("Dload") { return nil }
        if let first = trimmed.first, first.isASCII, first.isNumber {
            let meter = trimmed.prefix { "0123456789 .:-kMGTPB".contains($0) }
            if meter.contains("--:--:--") || meter.filter({ $0 == ":" }).count >= 3 {
                let rest = trimmed.dropFirst(meter.count)
                return rest.isEmpty ? nil : rest
            }
        }
        if line.hasPrefix("Note: ") || line.hasPrefix("Warning: ") { return nil }
        return line
    }

    /// `12:34:56.789012 ` from `--trace-time`, skipped.
    private static func afterTimestamp(_ line: Substring) -> Substring {
        let bytes = Array(line.utf8.prefix(24))
        guard bytes.count > 9, bytes[2] == 0x3A, bytes[5] == 0x3A,
            [0, 1, 3, 4, 6, 7].allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 })
        else { return line }
        var i = 8
        while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2E { i += 1 }
        guard i < bytes.count, bytes[i] == 0x20 else { return line }
        return line.dropFirst(i + 1)
    }

    // MARK: - Reading

    /// A response head as curl printed it, and the body lines that followed it.
    struct Response {
        var head = HTTPHead()
        var headComplete = false
        var body: [Substring] = []
    }

    /// What the lines of a transcript said, in order.
    struct Transcript {
        var preamble: [Substring] = []
        var requests: [HTTPHead] = []
        var requestOpen = false
        var responses: [Response] = []
        var notes: [Substring] = []
        var errors: [Substring] = []
        var sawCurlLine = false

        mutating func read(_ line: Substring) {
            switch CurlTranscriptParser.classify(line) {
            case .info(let text):
                sawCurlLine = true
                notes.append(text)
            case .sent(let text):
                sawCurlLine = true
                readSent(text)
            case .received(let text):
                sawCurlLine = true
                readReceived(text)
            case .data:
                sawCurlLine = true
            case .curlError(let text):
                sawCurlLine = true
                errors.append(text)
            case .other(let text):
                if !sawCurlLine {
                    preamble.append(text)
                } else if let last = responses.indices.last, responses[last].headComplete {
                    responses[last].body.append(text)
                }
            }
        }

        private mutating func readSent(_ text: Substring) {
            if let start = HTTPHead.StartLine.parse(text), case .request = start {
                requests.append(HTTPHead(start: start))
                requestOpen = true
            } else if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                requestOpen = false
            } else if requestOpen, let last = requests.indices.last {
                requests[last].addHeaderLine(text)
            }
        }

        private mutating func readReceived(_ text: Substring) {
            if let start = HTTPHead.StartLine.parse(text), case .status = start {
                responses.append(Response(head: HTTPHead(start: start)))
            } else if let last = responses.indices.last {
                if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    responses[last].headComplete = true
                } else if !responses[last].headComplete {
                    responses[last].head.addHeaderLine(text)
                }
            }
        }

        // MARK: - Facts

        func pack(command: CurlRequestParts?) -> EvidencePack {
            var pack = EvidencePack()
            let final = responses.last { ($0.head.status ?? 0) >= 200 }
            pack.request = request(command: command)

            var timing = Timing(timeoutMs: command.flatMap(CurlCommandParser.timeoutMilliseconds))
            if let final {
                let contentType = final.head.fields.first("Content-Type")
                let bodyText = final.body.joined(separator: "\n")
                let body = MessageBody.value(bodyText, contentType: contentType)
                let headers = final.head.fields.dictionary
                pack.response = ResponseFacts(
                    status: final.head.status, errorCode: body.flatMap(ErrorFacts.code(in:)),
                    headers: headers.isEmpty ? nil : headers, body: body)
                timing.serverMs = HeaderFacts.serverMilliseconds(final.head.fields)
                if let gateway = HeaderFacts.gateway(final.head.fields) {
                    pack.environment = EnvironmentFacts(gateway: gateway)
                }
            } else if let failure = failure() {
                pack.response = ResponseFacts(status: nil, failure: failure)
            }
            if let elapsed = timedOutMilliseconds() { timing.latencyMs = elapsed }
            if !timing.isEmpty { pack.timing = timing }
            return pack
        }

        /// The request that got the final response: the last head curl sent, completed by the command line.
        private func request(command: CurlRequestParts?) -> RequestFacts? {
            let fromCommand = command.map(CurlCommandParser.request(from:))
            guard let sent = requests.last else {
                if let fromCommand { return fromCommand }
                return connectedOrigin().map { RequestFacts(url: $0) }
            }
            let headers = sent.fields.dictionary
            let url = sent.url(defaultScheme: scheme(command: command)) ?? fromCommand?.url
            // curl -v does not print the data it uploads; the command line holds it.
            let body = sent.method == fromCommand?.method || fromCommand?.body == nil ? fromCommand?.body : nil
            return RequestFacts(
                method: sent.method ?? fromCommand?.method, url: url, headers: headers.isEmpty ? nil : headers,
                body: body)
        }

        /// Whether curl spoke TLS: it says so in its notes (TLS handshake, ALPN, certificates) or connected to
        /// port 443; otherwise the command's URL decides, and curl's own default is http.
        private func scheme(command: CurlRequestParts?) -> String {
            for note in notes.reversed() {
                for marker in ["OPENED stream for ", "Issue another request to this URL: "] {
                    guard let range = note.range(of: marker) else { continue }
                    let url = note[range.upperBound...].trimmingPrefix(while: { $0 == "'" })
                    if url.hasPrefix("https://") { return "https" }
                    if url.hasPrefix("http://") { return "http" }
                }
            }
            let tls = [
                "SSL connection using", "TLSv1", "ALPN", "Server certificate", "SSL certificate", "TLS handshake",
            ]
            if notes.contains(where: { note in tls.contains { note.contains($0) } }) { return "https" }
            if let url = command?.urls.first {
                if url.hasPrefix("https://") { return "https" }
                if url.hasPrefix("http://") { return "http" }
            }
            if notes.contains(where: { $0.hasPrefix("Connected to ") && $0.contains(" port 443") }) { return "https" }
            return "http"
        }

        /// The origin curl named while connecting, when no request line or command says more: `Connected to
        /// api.example.com (...) port 443`, `Failed to connect to host port 8080`, `Could not resolve host: name`.
        private func connectedOrigin() -> String? {
            let scheme = scheme(command: nil)
            for note in notes + errors {
                for (marker, portMarker) in [("Connected to ", " port "), ("Failed to connect to ", " port ")] {
                    guard let range = note.range(of: marker) else { continue }
                    let rest = note[range.upperBound...]
                    let host = rest.prefix { $0 != " " }
                    guard !host.isEmpty, let portRange = rest.range(of: portMarker) else { continue }
                    let port = rest[portRange.upperBound...].prefix { $0.isASCII && $0.isNumber }
                    let defaultPort = scheme == "https" ? "443" : "80"
                    return "\(scheme)://\(host)" + (port.isEmpty || port == defaultPort ? "" : ":\(port)")
                }
                if let range = note.range(of: "Could not resolve host: ") {
                    let host = note[range.upperBound...].prefix { $0 != " " }
                    if !host.isEmpty { return "\(scheme)://\(host)" }
                }
            }
            return nil
        }

        /// Why no response came, in curl's words: the cause it names in its notes when it names a well-known one,
        /// else its final `curl: (N) ...` message.
        func failure() -> String? {
            let said = notes + errors
            if said.contains(where: { $0.contains("Connection refused") }) { return "Connection refused" }
            for line in said {
                for phrase in ["Could not resolve host", "Could not resolve proxy", "SSL certificate problem"] {
                    if let range = line.range(of: phrase) { return String(line[range.lowerBound...]) }
                }
            }
            for line in said {
                // `Operation timed out after 30001 milliseconds with 0 bytes received`: keep the subject word
                // (Operation, Connection, Resolving) and the time, not the byte counts.
                if let range = line.range(of: "timed out after "), let end = line.range(of: " milliseconds"),
                    end.lowerBound > range.upperBound
                {
                    let before = line[..<range.lowerBound].trimmingSuffix(" ")
                    let start = before.lastIndex(of: " ").map { before.index(after: $0) } ?? before.startIndex
                    return String(line[start..<end.upperBound])
                }
            }
            if let error = errors.last, let close = error.firstIndex(of: ")") {
                let message = error[error.index(after: close)...].trimmingPrefix(while: { $0 == " " })
                if !message.isEmpty { return String(message) }
            }
            return nil
        }

        /// The elapsed time curl states when it gave up: `Operation timed out after 30001 milliseconds`.
        private func timedOutMilliseconds() -> Double? {
            for line in notes + errors {
                guard let range = line.range(of: "timed out after ") else { continue }
                let number = line[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
                if let value = Double(number), line[range.upperBound...].dropFirst(number.count).hasPrefix(" millis") {
                    return value
                }
            }
            return nil
        }
    }
}
