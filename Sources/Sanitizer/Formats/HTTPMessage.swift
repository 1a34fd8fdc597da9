/// Raw HTTP messages: requests and responses as pasted from a proxy, a log or a terminal.
///
/// One input may hold a request, a response, both, several pipelined exchanges, or a header block alone
/// (`Name: value` lines as copied from browser developer tools, HTTP/2 pseudo-headers included). Line ends may be
/// CRLF or LF. The parser is lenient where pastes are sloppy (wrong Content-Length, chunk sizes broken by a
/// CRLF-to-LF conversion, stray lines among the headers): anything it cannot place is still returned as
/// ``Field/Role/text``, never dropped.
enum HTTPMessage {
    /// Whether `input` starts like an HTTP message: a request line, a status line, HTTP/2 pseudo-headers, or a block
    /// of header lines with at least one well-known header name.
    static func looksLike(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = min(input.count, 1 << 16)
        var pos = 0
        while pos < end {
            let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            if !PayloadBytes.trimmed(input, pos..<lineEnd).isEmpty { break }
            pos = lineEnd + 1
        }
        guard pos < end else { return false }
        let line = pos..<PayloadBytes.lineEnd(input, from: pos, end: end)
        if let request = Line.request(input, line) { return request.version || request.knownMethod }
        if Line.status(input, line) != nil { return true }
        return Line.headerBlock(input, from: pos, end: end, requireKnownName: true) != nil
    }

    /// The fields of every message in `input`: request targets as ``Field/Role/url``, header values as
    /// ``Field/Role/header(name:)``, bodies (or each chunk of a chunked body) as ``Field/Role/body(contentType:)``.
    ///
    /// The fields are derived from what ``read(_:range:)`` finds, the structure other modules read too.
    static func fields(in input: UnsafeBufferPointer<UInt8>) -> [Field] {
        parse(Source(bytes: input, parent: nil), range: 0..<input.count).fields
    }

    // MARK: - Fields of the structure

    /// Bytes being parsed, and how a range of them becomes a ``DecodedText`` of the input: directly, or through
    /// the decoded text they are (a `curl -v` block without its `> ` prefixes, a `--trace-ascii` section).
    struct Source {
        let bytes: UnsafeBufferPointer<UInt8>
        let parent: DecodedText?

        func text(_ range: Range<Int>) -> DecodedText {
            parent?.slice(range) ?? DecodedText(slice: bytes, range: range)
        }
    }

    /// What a parse found: the fields, and what a caller reading on needs to know.
    struct Parse {
        var fields: [Field] = []
        /// The Content-Type of the last message that had one, for a body that follows elsewhere (`curl -v`).
        var contentType: String?
        /// Whether a request or status line was seen, which starts a new message.
        var sawStartLine = false
    }

    /// Reads every message in `range` of `source` and derives the fields the sanitizer masks from them.
    static func parse(_ source: Source, range: Range<Int>) -> Parse {
        derive(read(source.bytes, range: range), in: source)
    }

    /// The fields of messages read from `source`, in the order the reader met them: lines outside any message
    /// as text where they come, then each message's parts.
    static func derive(_ parts: HTTPTextParts, in source: Source) -> Parse {
        var result = Parse()
        var other = parts.otherLines[...]
        for message in parts.messages {
            while let line = other.first, line.lowerBound < message.range.lowerBound {
                result.fields.append(Field(role: .text, value: source.text(line)))
                other = other.dropFirst()
            }
            let contentType = contentType(of: message, in: source.bytes)
            appendFields(of: message, contentType: contentType, in: source, to: &result.fields)
            if message.startLine != nil {
                result.sawStartLine = true
                result.contentType = nil
            }
            if let contentType { result.contentType = contentType }
        }
        for line in other { result.fields.append(Field(role: .text, value: source.text(line))) }
        return result
    }

    /// The fields of one message, in the order its parts come: the start line's target or reason, header values
    /// and unplaced lines, then the body, chunk by chunk, with chunk extensions and trailers.
    private static func appendFields(
        of message: HTTPMessageParts, contentType: String?, in source: Source, to fields: inout [Field]
    ) {
        let input = source.bytes
        switch message.startLine {
        case .request(_, let target, _)?:
            let isURL = input[target.lowerBound] == 0x2F || Line.hasScheme(input, target)
            fields.append(Field(role: isURL ? .url : .text, value: source.text(target)))
        case .status(_, _, let reason)?:
            if !reason.isEmpty { fields.append(Field(role: .text, value: source.text(reason))) }
        case nil:
            break
        }
        // Each part is placed by where it starts in the source, which is the order the parse met them in.
        var parts: [(start: Int, field: Field)] = []
        parts.reserveCapacity(message.headers.count + message.body.count + message.unplaced.count)
        for header in message.headers {
            let pieces = header.lines.filter { !$0.isEmpty }
            guard let first = pieces.first,
                let value = DecodedText.joining(pieces.map(source.text), separator: ASCII.space)
            else { continue }
            let name = PayloadBytes.string(input, header.name)
            parts.append((first.lowerBound, Field(role: .header(name: name), value: value)))
        }
        for line in message.unplaced {
            parts.append((line.lowerBound, Field(role: .text, value: source.text(line))))
        }
        for chunk in message.body {
            parts.append((chunk.lowerBound, Field(role: .body(contentType: contentType), value: source.text(chunk))))
        }
        for trailer in message.trailers {
            let name = PayloadBytes.string(input, trailer.name)
            let value = trailer.lines.first ?? trailer.name.upperBound..<trailer.name.upperBound
            parts.append((value.lowerBound, Field(role: .header(name: name), value: source.text(value))))
        }
        parts.sort { $0.start < $1.start }
        for part in parts { fields.append(part.field) }
    }

    /// The value of the last Content-Type field of `message`'s head, as written on its line.
    private static func contentType(of message: HTTPMessageParts, in input: UnsafeBufferPointer<UInt8>) -> String? {
        guard
            let header = message.headers.last(where: { ASCII.equalsIgnoringCase(input[$0.name], "content-type") }),
            let value = header.lines.first
        else { return nil }
        return PayloadBytes.string(input, value)
    }

    // MARK: - Reading

    /// Reads every message in `range` of `input`.
    static func read(_ input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> HTTPTextParts {
        let end = min(range.upperBound, input.count)
        var result = HTTPTextParts()
        var pos = skipBlankLines(input, from: range.lowerBound, end: end)
        while pos < end {
            let messageStart = pos
            var lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            var line = pos..<lineEnd
            var message = HTTPMessageParts(range: pos..<pos)
            if let request = Line.request(input, line) {
                message.startLine = .request(
                    method: request.method, target: request.target, version: request.versionNumber)
            } else if let status = Line.status(input, line) {
                message.startLine = .status(code: status.code, version: status.version, reason: status.reason)
            } else if Line.header(input, line) == nil {
                // Not a message here (a note before the paste, a stray line): text, and look again on the next line.
                let trimmed = PayloadBytes.trimmed(input, line)
                if !trimmed.isEmpty { result.otherLines.append(trimmed) }
                pos = skipBlankLines(input, from: lineEnd + 1, end: end)
                continue
            }
            if message.startLine != nil { pos = lineEnd + 1 }

            // The header block.
            var framing = Framing()
            var foldable = false
            while pos < end {
                lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
                line = pos..<lineEnd
                let trimmed = PayloadBytes.trimmed(input, line)
                if trimmed.isEmpty {
                    pos = lineEnd + 1
                    message.headEnded = true
                    break
                }
                if ASCII.isSpace(input[pos]), foldable {
                    message.headers[message.headers.count - 1].lines.append(trimmed)
                } else if let header = Line.header(input, line) {
                    framing.read(header, in: input)
                    message.headers.append(HTTPMessageParts.HeaderField(name: header.name, lines: [header.value]))
                    foldable = true
                } else if Line.startsMessage(input, line) {
                    break
                } else {
                    message.unplaced.append(trimmed)
                    foldable = false
                }
                pos = lineEnd + 1
            }
            // A header block alone may be followed by another (request headers, then response headers).
            if message.headEnded, pos < end,
                message.startLine != nil || Line.headerBlock(input, from: pos, end: end, requireKnownName: false) == nil
            {
                pos = body(framing, input, from: pos, end: end, into: &message)
                message.range = messageStart..<pos
                result.messages.append(message)
                pos = skipBlankLines(input, from: pos, end: end)
            } else {
                message.range = messageStart..<min(pos, end)
                result.messages.append(message)
            }
        }
        return result
    }

    /// Reads the body that starts at `start` and returns where the next message may start.
    private static func body(
        _ framing: Framing, _ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int,
        into message: inout HTTPMessageParts
    ) -> Int {
        var from = start
        if framing.chunked {
            let chunks = chunkedBody(input, from: start, end: end, into: &message)
            guard let failedAt = chunks.failedAt else { return chunks.end }
            from = failedAt
        } else if let length = framing.contentLength, length <= end - start {
            // Trust Content-Length only when it lands on the end of the input or on the next message: pastes are
            // often edited, and a wrong length must not cut a secret in two.
            let bodyEnd = start + length
            var next = bodyEnd
            while next < end, ASCII.isWhitespace(input[next]) { next += 1 }
            if next == end || Line.startsMessage(input, next..<PayloadBytes.lineEnd(input, from: next, end: end)) {
                if length > 0 { message.body.append(start..<bodyEnd) }
                return bodyEnd
            }
        }
        // Up to the next request or status line at the start of a line.
        var lineStart = from
        var bodyEnd = end
        while lineStart < end {
            let lineEnd = PayloadBytes.lineEnd(input, from: lineStart, end: end)
            if Line.startsMessage(input, lineStart..<lineEnd) {
                bodyEnd = lineStart
                break
            }
            lineStart = lineEnd + 1
        }
        var trimmedEnd = bodyEnd
        while trimmedEnd > from, input[trimmedEnd - 1] == ASCII.newline || input[trimmedEnd - 1] == ASCII.carriageReturn
        {
            trimmedEnd -= 1
        }
        if trimmedEnd > from { message.body.append(from..<trimmedEnd) }
        return bodyEnd
    }

    /// Reads `Transfer-Encoding: chunked` data: each chunk's data as a piece of the body, trailers as trailer
    /// fields.
    ///
    /// - Returns: where the body ends, or where the chunk framing stopped making sense (`failedAt`), from which
    ///   the caller reads the rest as a plain body.
    private static func chunkedBody(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into message: inout HTTPMessageParts
    ) -> (end: Int, failedAt: Int?) {
        var pos = start
        while pos < end {
            let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            let line = PayloadBytes.trimmed(input, pos..<lineEnd)
            if line.isEmpty, lineEnd < end {
                pos = lineEnd + 1
                continue
            }
            var i = line.lowerBound
            var size = 0
            while i < line.upperBound, let digit = ASCII.hexValue(input[i]), i - line.lowerBound < 15 {
                size = size << 4 | Int(digit)
                i += 1
            }
            guard i > line.lowerBound, i == line.upperBound || input[i] == 0x3B || ASCII.isSpace(input[i]) else {
                return (pos, pos)
            }
            if i < line.upperBound {
                // A chunk extension (`;name=value`): rare, but never dropped.
                message.unplaced.append(i..<line.upperBound)
            }
            let dataStart = min(lineEnd + 1, end)
            if size == 0 {
                // Trailer fields, then the blank line that ends the message.
                var p = dataStart
                while p < end {
                    let trailerEnd = PayloadBytes.lineEnd(input, from: p, end: end)
                    let trailer = p..<trailerEnd
                    if PayloadBytes.trimmed(input, trailer).isEmpty { return (trailerEnd + 1, nil) }
                    guard let header = Line.header(input, trailer) else { return (p, nil) }
                    message.trailers.append(HTTPMessageParts.HeaderField(name: header.name, lines: [header.value]))
                    p = trailerEnd + 1
                }
                return (end, nil)
            }
            let dataEnd = dataStart + size
            guard size <= end - dataStart else { return (pos, pos) }
            var next = dataEnd
            if next < end, input[next] == ASCII.carriageReturn { next += 1 }
            if next < end {
                guard input[next] == ASCII.newline else { return (pos, pos) }
                next += 1
            }
            message.body.append(dataStart..<dataEnd)
            pos = next
        }
        return (pos, nil)
    }

    private static func skipBlankLines(_ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var pos = start
        while pos < end {
            let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            guard PayloadBytes.trimmed(input, pos..<lineEnd).isEmpty else { return pos }
            pos = lineEnd + 1
        }
        return min(pos, end)
    }

    // MARK: - Headers

    /// What a head's fields say about how its body is framed.
    private struct Framing {
        var contentLength: Int?
        var chunked = false

        mutating func read(_ header: Line.Header, in input: UnsafeBufferPointer<UInt8>) {
            let nameBytes = input[header.name]
            if ASCII.equalsIgnoringCase(nameBytes, "content-length") {
                let digits = input[header.value]
                if !digits.isEmpty, digits.count < 16, digits.allSatisfy(ASCII.isDigit) {
                    contentLength = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                }
            } else if ASCII.equalsIgnoringCase(nameBytes, "transfer-encoding") {
                chunked = Line.containsIgnoringCase(input, header.value, "chunked")
            }
        }
    }

    // MARK: - Lines

    /// Recognizers for the lines of a message. Each takes a line without its `\n` (a trailing `\r` is allowed).
    enum Line {
        struct Request {
            var method: Range<Int>
            var target: Range<Int>
            /// The version's digits (`1.1`), when the line has one.
            var versionNumber: Range<Int>?
            var knownMethod: Bool

            var version: Bool { versionNumber != nil }
        }

        struct Status {
            var code: Int
            /// The version's digits (`1.1`, `2`).
            var version: Range<Int>
            var reason: Range<Int>
        }

        struct Header {
            var name: Range<Int>
            var value: Range<Int>
        }

        /// `METHOD target HTTP/1.1`; without a version only for a well-known method and an origin-form or
        /// absolute target (`GET /health` as people write it).
        static func request(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Request? {
            let line = PayloadBytes.trimmed(input, line)
            var i = line.lowerBound
            while i < line.upperBound, i - line.lowerBound <= 24,
                ASCII.isUpper(input[i]) || input[i] == 0x2D
                    || input[i] == 0x5F
            {
                i += 1
            }
            let method = line.lowerBound..<i
            guard method.count >= 3, i < line.upperBound, input[i] == ASCII.space else { return nil }
            while i < line.upperBound, input[i] == ASCII.space { i += 1 }
            let targetStart = i
            while i < line.upperBound, !ASCII.isWhitespace(input[i]) { i += 1 }
            let target = targetStart..<i
            guard !target.isEmpty else { return nil }
            while i < line.upperBound, ASCII.isSpace(input[i]) { i += 1 }
            let known = isKnownMethod(input[method])
            if i == line.upperBound {
                let first = input[target.lowerBound]
                guard known, first == 0x2F || first == 0x2A || hasScheme(input, target) else { return nil }
                return Request(method: method, target: target, versionNumber: nil, knownMethod: known)
            }
            guard PayloadBytes.hasPrefix(input, at: i, end: line.upperBound, "HTTP/") else { return nil }
            var j = i + 5
            while j < line.upperBound, ASCII.isDigit(input[j]) || input[j] == 0x2E { j += 1 }
            guard j > i + 5, j == line.upperBound else { return nil }
            return Request(method: method, target: target, versionNumber: (i + 5)..<j, knownMethod: known)
        }

        /// `HTTP/1.1 200 OK`, `HTTP/2 403`.
        static func status(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Status? {
            let line = PayloadBytes.trimmed(input, line)
            guard PayloadBytes.hasPrefix(input, at: line.lowerBound, end: line.upperBound, "HTTP/") else { return nil }
            var i = line.lowerBound + 5
            let versionStart = i
            while i < line.upperBound, ASCII.isDigit(input[i]) || input[i] == 0x2E { i += 1 }
            guard i > versionStart, i < line.upperBound, input[i] == ASCII.space else { return nil }
            let version = versionStart..<i
            while i < line.upperBound, input[i] == ASCII.space { i += 1 }
            guard line.upperBound - i >= 3, ASCII.isDigit(input[i]), ASCII.isDigit(input[i + 1]),
                ASCII.isDigit(input[i + 2])
            else { return nil }
            let code = Int(input[i] - 0x30) * 100 + Int(input[i + 1] - 0x30) * 10 + Int(input[i + 2] - 0x30)
            i += 3
            guard i == line.upperBound || ASCII.isSpace(input[i]) else { return nil }
            return Status(code: code, version: version, reason: PayloadBytes.trimmed(input, i..<line.upperBound))
        }

        /// `Name: value` or `:pseudo: value`: a token, an optional space, a colon. The value is trimmed.
        static func header(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Header? {
            var i = line.lowerBound
            if i < line.upperBound, input[i] == 0x3A { i += 1 }
            let nameStart = line.lowerBound
            while i < line.upperBound, isTokenChar(input[i]) { i += 1 }
            guard i > nameStart, input[nameStart] != 0x3A || i > nameStart + 1 else { return nil }
            let name = nameStart..<i
            while i < line.upperBound, ASCII.isSpace(input[i]) { i += 1 }
            guard i < line.upperBound, input[i] == 0x3A else { return nil }
            return Header(name: name, value: PayloadBytes.trimmed(input, (i + 1)..<line.upperBound))
        }

        /// Whether a line starts a new message inside what would otherwise be a body: a request line with a
        /// version, a status line, or HTTP/2's `:method:` or `:status:` pseudo-header.
        static func startsMessage(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
            guard let first = line.first.map({ input[$0] }) else { return false }
            if first == 0x48 { return status(input, line) != nil }  // H
            if first == 0x3A {
                return PayloadBytes.hasPrefix(input, at: line.lowerBound, end: line.upperBound, ":method:")
                    || PayloadBytes.hasPrefix(input, at: line.lowerBound, end: line.upperBound, ":status:")
            }
            guard ASCII.isUpper(first) else { return false }
            return request(input, line)?.version == true
        }

        /// The end of a block of header lines that starts at `start` (every line a header or a fold), or nil.
        static func headerBlock(
            _ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, requireKnownName: Bool
        ) -> Int? {
            var pos = start
            var count = 0
            var known = false
            var previousHadValue = false
            while pos < end {
                let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
                let line = pos..<lineEnd
                if PayloadBytes.trimmed(input, line).isEmpty { break }
                if ASCII.isSpace(input[pos]) {
                    // A fold continues a header's value; an indented line under an empty value is YAML.
                    guard previousHadValue else { return nil }
                } else if let header = Line.header(input, line) {
                    count += 1
                    known = known || isWellKnownHeader(input[header.name])
                    previousHadValue = !header.value.isEmpty
                } else {
                    return nil
                }
                pos = lineEnd + 1
                if count > 512 { break }
            }
            guard count > 0, known || !requireKnownName else { return nil }
            return min(pos, end)
        }

        static func hasScheme(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            var i = range.lowerBound
            while i < range.upperBound, i - range.lowerBound < 32,
                ASCII.isAlnum(input[i]) || input[i] == 0x2B
                    || input[i] == 0x2D || input[i] == 0x2E
            {
                i += 1
            }
            return i > range.lowerBound && PayloadBytes.hasPrefix(input, at: i, end: range.upperBound, "://")
        }

        static func containsIgnoringCase(
            _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString
        ) -> Bool {
            var i = range.lowerBound
            while i < range.upperBound {
                if PayloadBytes.hasPrefixIgnoringCase(input, at: i, end: range.upperBound, literal) { return true }
                i += 1
            }
            return false
        }

        /// RFC 9110 `tchar`.
        @inline(__always) static func isTokenChar(_ b: UInt8) -> Bool {
            if ASCII.isAlnum(b) { return true }
            switch b {
            case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
            default: return false
            }
        }

        static func isKnownMethod(_ method: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            for known: StaticString in ["get", "post", "put", "delete", "patch", "head", "options", "connect", "trace"]
            where ASCII.equalsIgnoringCase(method, known) {
                return true
            }
            return false
        }

        /// Header names common enough that a block holding one is HTTP, not YAML or a log.
        private static func isWellKnownHeader(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            if name.count > 2, ASCII.lower(name[name.startIndex]) == 0x78, name[name.startIndex + 1] == 0x2D {
                return true  // X-Something
            }
            if name.first == 0x3A { return true }  // :authority, :path
            let names: [StaticString] = [
                "host", "authorization", "proxy-authorization", "content-type", "content-length", "accept",
                "accept-encoding", "accept-language", "user-agent", "cookie", "set-cookie", "cache-control",
                "connection", "referer", "origin", "location", "www-authenticate", "transfer-encoding", "etag",
                "vary", "server", "if-none-match", "retry-after", "strict-transport-security", "content-encoding",
                "access-control-allow-origin", "sec-fetch-mode", "api-key", "traceparent",
            ]
            return names.contains { ASCII.equalsIgnoringCase(name, $0) }
        }
    }
}
