import Sanitizer

/// Reads a `curl -v` transcript as users paste it: curl's stderr and stdout together, perhaps with the command
/// line before it and the progress meter mixed in.
///
/// `* ` lines are curl's notes (connection, TLS, errors), `> ` lines the request head it sent, `< ` lines each
/// response head it received, `{ [n bytes data]` its byte counts, and the response body is the unmarked text
/// after a response head (stdout may be flushed after curl's last notes, so the body can come last).
///
/// The lines are recognized once, by the sanitizer's reader (``CurlTranscriptParts``), for masking and for
/// evidence alike; this parser turns the parts it found into a pack.
enum CurlTranscriptParser {
    /// Whether `input` is a transcript rather than a bare command: some line is one of curl's `* `, `> `, `< `
    /// lines or its `curl: (N)` error.
    static func looksLikeTranscript(_ input: [UInt8]) -> Bool {
        CurlTranscriptParts(reading: Array(input.prefix(1 << 16))).parts.contains { part in
            switch part {
            case .note, .error: return true
            case .head(let head): return !head.isTraceSection
            case .command, .info, .bodyLine, .byteCount: return false
            }
        }
    }

    /// Whether some line is unmistakably curl's, with no command before it: a note curl writes while
    /// connecting, its `curl: (N)` error, or a `> ` request line or `< ` status line. Logs and Markdown also
    /// have lines starting with `* ` or `> `, so this is stricter than ``looksLikeTranscript(_:)``.
    static func hasCurlLines(_ input: [UInt8]) -> Bool {
        let head = Array(input.prefix(1 << 16))
        let notes = [
            "Trying ", "Connected to ", "Could not resolve ", "Failed to connect to ", "connect to ",
            "Closing connection",
            "Connection #", "SSL certificate problem", "TLSv1", "ALPN", "Operation timed out", "Connection timed out",
        ]
        for part in CurlTranscriptParts(reading: head).parts {
            switch part {
            case .note(let range):
                let text = HTTPMessageFacts.text(head[range])
                if notes.contains(where: { text.hasPrefix($0) }) { return true }
            case .head(let sent) where !sent.isTraceSection:
                let wanted = sent.direction == .sent
                for message in sent.http.messages {
                    switch message.startLine {
                    case .request?: if wanted { return true }
                    case .status?: if !wanted { return true }
                    case nil: continue
                    }
                }
            case .error:
                return true
            case .head, .command, .info, .bodyLine, .byteCount:
                continue
            }
        }
        return false
    }

    /// The pack a transcript describes. The request is the last one sent, the response the last final one (a
    /// `100 Continue`, or a redirect curl followed, is not what failed); with no response, curl's error says why.
    static func pack(from input: [UInt8]) throws(EvidenceError) -> EvidencePack {
        var transcript = Transcript()
        for part in CurlTranscriptParts(reading: input).parts { transcript.read(part, in: input) }
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

    // MARK: - Reading

    /// A response head as curl printed it, and the body lines that followed it.
    struct Response {
        var head = HTTPMessageFacts()
        /// Whether the blank `< ` line that ends the head came: the unmarked lines after it are the body.
        var headComplete = false
        var body: [Substring] = []
    }

    /// What a transcript said, in order. `--trace-ascii` sections and notes are not read (only `-v`'s).
    struct Transcript {
        var preamble: [Substring] = []
        var requests: [HTTPMessageFacts] = []
        var requestOpen = false
        var responses: [Response] = []
        var notes: [Substring] = []
        /// curl's errors without `curl: `: `(7) Failed to connect ...`.
        var errors: [Substring] = []
        var sawCurlLine = false

        mutating func read(_ part: CurlTranscriptParts.Part, in input: [UInt8]) {
            switch part {
            case .command(let line):
                preamble += HTTPMessageFacts.lines(input[line], droppingTrailingBlankLines: false)
            case .note(let content):
                sawCurlLine = true
                notes.append(Substring(HTTPMessageFacts.text(input[content])))
            case .head(let head) where !head.isTraceSection:
                sawCurlLine = true
                switch head.direction {
                case .sent: readSent(head)
                case .received: readReceived(head)
                }
            case .bodyLine(let line):
                guard let last = responses.indices.last, responses[last].headComplete else { return }
                let lines = HTTPMessageFacts.lines(input[line], droppingTrailingBlankLines: false)
                responses[last].body += lines.isEmpty ? [""] : lines
            case .byteCount:
                sawCurlLine = true
            case .error(let error):
                sawCurlLine = true
                // `curl: ` is 6 bytes; the rest is what the line says.
                let said = (error.range.lowerBound + 6)..<error.range.upperBound
                errors.append(Substring(HTTPMessageFacts.text(input[said])))
            case .head, .info:
                break
            }
        }

        /// A `> ` block: a request line opens a request, header lines after it are its fields until the blank
        /// line.
        private mutating func readSent(_ head: CurlTranscriptParts.Head) {
            let bytes = head.bytes
            if Self.startsWithBlankLine(head) { requestOpen = false }
            for message in head.http.messages {
                switch message.startLine {
                case .request?:
                    requests.append(HTTPMessageFacts(message, in: bytes))
                    requestOpen = !message.headEnded
                case nil:
                    guard requestOpen, let last = requests.indices.last else { continue }
                    requests[last].add(message.headers, in: bytes)
                    if message.headEnded { requestOpen = false }
                case .status?:
                    continue
                }
            }
        }

        /// A `< ` block: a status line opens a response, header lines after it are its fields until the blank
        /// line.
        private mutating func readReceived(_ head: CurlTranscriptParts.Head) {
            let bytes = head.bytes
            if Self.startsWithBlankLine(head), let last = responses.indices.last { responses[last].headComplete = true }
            for message in head.http.messages {
                switch message.startLine {
                case .status?:
                    responses.append(
                        Response(head: HTTPMessageFacts(message, in: bytes), headComplete: message.headEnded))
                case nil:
                    guard let last = responses.indices.last, !responses[last].headComplete else { continue }
                    responses[last].head.add(message.headers, in: bytes)
                    if message.headEnded { responses[last].headComplete = true }
                case .request?:
                    continue
                }
            }
        }

        /// Whether a head's block starts with a blank line (`<` alone, after a line that lost its mark): it ends
        /// the head before it.
        private static func startsWithBlankLine(_ head: CurlTranscriptParts.Head) -> Bool {
            let firstMessage = head.http.messages.first?.range.lowerBound ?? head.bytes.count
            let firstLine = head.http.otherLines.first?.lowerBound ?? head.bytes.count
            return head.bytes[..<min(firstMessage, firstLine)].contains(0x0A)
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
