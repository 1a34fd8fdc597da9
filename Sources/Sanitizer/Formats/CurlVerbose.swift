/// `curl -v` transcripts, and `curl --trace-ascii` ones.
///
/// In a verbose transcript curl marks each line: `> ` what it sent (request line and headers), `< ` what it
/// received (status line and headers), `* ` its own notes (addresses, TLS subjects, host names, and with HTTP/2 the
/// request headers again as `* h2h3 [name: value]` or `* [HTTP/2] [1] [name: value]`), `{ ` and `} ` byte counts.
/// The response body has no mark: it is the unmarked lines after the response headers, and it may run into curl's
/// next note on the same line when it does not end with a line break.
///
/// A `--trace-ascii` transcript has `== Info:` notes and sections (`=> Send header, 78 bytes (0x4e)`) whose lines
/// carry an offset (`0040: ...`) and wrap at 64 bytes: each section is read back as one text, the wraps joined,
/// the line breaks restored, so that a header or a token cut in two by the wrap is still read whole.
enum CurlVerbose {
    /// Whether `input` looks like a verbose or trace transcript: a line of curl's that no other text has
    /// (`> GET /x HTTP/1.1`, `< HTTP/2 200`, `* Connected to`, `=> Send header`, `== Info:`).
    static func looksLike(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = min(input.count, 1 << 16)
        var pos = 0
        var lines = 0
        while pos < end, lines < 256 {
            lines += 1
            let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            let start = afterTimestamp(input, pos..<lineEnd)
            let line = start..<lineEnd
            pos = lineEnd + 1
            guard line.count >= 2 else { continue }
            let marker = input[start]
            let content = (start + 2)..<line.upperBound
            switch marker {
            case 0x3E where input[start + 1] == ASCII.space:  // >
                if HTTPMessage.Line.request(input, content)?.version == true { return true }
            case 0x3C where input[start + 1] == ASCII.space:  // <
                if HTTPMessage.Line.status(input, content) != nil { return true }
            case 0x2A where input[start + 1] == ASCII.space:  // *
                let note = PayloadBytes.trimmed(input, content)
                if PayloadBytes.hasPrefix(input, at: note.lowerBound, end: note.upperBound, "Trying ")
                    || PayloadBytes.hasPrefix(input, at: note.lowerBound, end: note.upperBound, "Connected to ")
                {
                    return true
                }
            default:
                if traceSection(input, line) != nil
                    || PayloadBytes.hasPrefix(input, at: start, end: lineEnd, "== Info:")
                {
                    return true
                }
            }
        }
        return false
    }

    /// The fields of a transcript: request and response lines and headers as ``HTTPMessage`` gives them, curl's
    /// notes as text, the response body as ``Field/Role/body(contentType:)`` with the response's Content-Type.
    ///
    /// The fields are derived from what ``read(_:)`` finds, the structure other modules read too.
    static func fields(in input: UnsafeBufferPointer<UInt8>) -> [Field] {
        fields(of: read(input), in: input)
    }

    /// Reads the transcript in `input`.
    static func read(_ input: UnsafeBufferPointer<UInt8>) -> CurlTranscriptParts {
        var reader = Reader(input: input)
        reader.read()
        return reader.transcript
    }

    // MARK: - Fields of the structure

    /// The fields of a transcript read from `input`, in the order its items come: a head's Content-Type applies
    /// to the body after it (the request's to a trace's sent data).
    static func fields(of transcript: CurlTranscriptParts, in input: UnsafeBufferPointer<UInt8>) -> [Field] {
        var fields: [Field] = []
        var requestContentType: String?
        var responseContentType: String?
        for item in transcript.items {
            switch item {
            case .text(let range):
                fields.append(Field(role: .text, value: DecodedText(slice: input, range: range)))
            case .decodedText(let decoded):
                fields.append(Field(role: .text, value: decoded))
            case .note(_, let header?):
                // An HTTP/2 or HTTP/3 request header; one with no value is nothing to mask.
                if !header.value.isEmpty {
                    let name = PayloadBytes.string(input, header.name)
                    fields.append(
                        Field(role: .header(name: name), value: DecodedText(slice: input, range: header.value)))
                }
            case .note(let content, nil), .info(let content):
                fields.append(Field(role: .text, value: DecodedText(slice: input, range: content)))
            case .head(let head):
                let parse = head.decoded.bytes.withUnsafeBufferPointer { buffer in
                    HTTPMessage.derive(head.http, in: HTTPMessage.Source(bytes: buffer, parent: head.decoded))
                }
                fields += parse.fields
                if parse.sawStartLine || parse.contentType != nil {
                    switch head.direction {
                    case .sent: requestContentType = parse.contentType
                    case .received: responseContentType = parse.contentType
                    }
                }
            case .body(let range):
                fields.append(
                    Field(role: .body(contentType: responseContentType), value: DecodedText(slice: input, range: range))
                )
            case .traceData(let direction, let decoded):
                let contentType = direction == .sent ? requestContentType : responseContentType
                fields.append(Field(role: .body(contentType: contentType), value: decoded))
            case .preamble(let range, let isCommand):
                if isCommand {
                    fields += CurlCommand.fields(in: input, range: range)
                } else {
                    fields.append(Field(role: .text, value: DecodedText(slice: input, range: range)))
                }
            case .gluedNote, .commandLine, .bodyLine, .byteCount, .error:
                break  // covered by the text, body or preamble around them
            }
        }
        return fields
    }

    // MARK: - Reading

    private typealias Direction = CurlTranscriptParts.Direction

    /// A `--trace-ascii` section being read.
    private struct Section {
        enum Kind { case header, data, opaque }
        var kind: Kind
        var direction: Direction
        var text: DecodedTextBuilder
        /// Offset and length of the last data line, to tell a wrap from a line break that the trace left out.
        var lastOffset = -1
        var lastLength = 0
        var lastContentEnd = 0
        var hexDump = false
        /// Where the section's lines lie: from its `=> Send header` line to the end of its last data line.
        var lines: Range<Int>
    }

    private struct Reader {
        let input: UnsafeBufferPointer<UInt8>
        var transcript = CurlTranscriptParts()
        /// The `> ` or `< ` block being read.
        var block: DecodedTextBuilder?
        var blockDirection: Direction = .sent
        /// Where the block's lines lie, marks and timestamps included, line breaks not.
        var blockLines = 0..<0
        var section: Section?
        /// Unmarked lines after a response block: its body.
        var body: Range<Int>?
        /// Unmarked lines before any of curl's: the command that made the transcript, perhaps.
        var preamble: Range<Int>?
        var sawCurlLine = false
        /// Whether a line of curl's own came (its notes after the progress meter and its errors too): the lines
        /// after it are no part of the command.
        var commandEnded = false
        var afterResponse = false
        /// Whether a response head came: the unmarked lines after it are body lines to a reader of the parts.
        var sawResponse = false

        init(input: UnsafeBufferPointer<UInt8>) {
            self.input = input
        }

        mutating func read() {
            let end = input.count
            var pos = 0
            while pos < end {
                let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
                let next = min(lineEnd + 1, end)
                readLine(pos..<lineEnd, through: next)
                pos = next
            }
            flushAll()
        }

        /// One line; `through` is where the next line starts (past the line break).
        private mutating func readLine(_ rawLine: Range<Int>, through: Int) {
            let start = CurlVerbose.afterTimestamp(input, rawLine)
            let line = start..<rawLine.upperBound
            let first: UInt8 = line.isEmpty ? 0 : input[start]
            let second: UInt8 = line.count > 1 ? input[start + 1] : ASCII.newline
            let marked = second == ASCII.space || second == ASCII.carriageReturn || second == ASCII.newline

            // Inside a trace section, offset lines belong to it.
            if section != nil, let offset = CurlVerbose.dataLine(input, line) {
                appendToSection(offset: offset.offset, content: offset.content)
                return
            }
            if let kind = CurlVerbose.traceSection(input, line) {
                flushAll()
                sawCurlLine = true
                commandEnded = true
                section = Section(
                    kind: kind.kind, direction: kind.direction, text: DecodedTextBuilder(), lines: rawLine)
                if kind.direction == .sent { afterResponse = false }
                return
            }
            if PayloadBytes.hasPrefix(input, at: start, end: line.upperBound, "== Info:") {
                flushAll()
                sawCurlLine = true
                commandEnded = true
                let content = PayloadBytes.trimmed(input, (start + 8)..<line.upperBound)
                if !content.isEmpty { transcript.items.append(.info(content)) }
                return
            }
            if (first == 0x3E || first == 0x3C) && marked {  // > <
                let direction: Direction = first == 0x3E ? .sent : .received
                if block == nil || blockDirection != direction {
                    flushAll()
                    block = DecodedTextBuilder()
                    blockDirection = direction
                    blockLines = rawLine.lowerBound..<rawLine.lowerBound
                    if direction == .sent { afterResponse = false }
                }
                sawCurlLine = true
                commandEnded = true
                let contentStart = min(start + 2, line.upperBound)
                block?.append(input, contentStart..<through)
                var lineEnd = line.upperBound
                if lineEnd > start, input[lineEnd - 1] == ASCII.carriageReturn { lineEnd -= 1 }
                blockLines = blockLines.lowerBound..<max(blockLines.lowerBound, lineEnd)
                return
            }
            if first == 0x2A && marked {  // *
                flushAll()
                sawCurlLine = true
                commandEnded = true
                note(PayloadBytes.trimmed(input, min(start + 2, line.upperBound)..<line.upperBound))
                return
            }
            if (first == 0x7B || first == 0x7D) && second == ASCII.space && line.count > 2 && input[start + 2] == 0x5B {
                // `{ [52 bytes data]`; a body line that starts with a brace is not one.
                flushAll()
                sawCurlLine = true
                commandEnded = true
                let count = PayloadBytes.trimmed(input, (start + 2)..<line.upperBound)
                if CurlVerbose.isByteCount(input, count) {
                    if !count.isEmpty { transcript.items.append(.byteCount(count)) }
                } else {
                    text(count)
                }
                return
            }
            unmarked(rawLine)
        }

        /// A line without curl's marks: the response body, the command before the transcript, the progress meter.
        private mutating func unmarked(_ line: Range<Int>) {
            flushBlock()
            flushSection()
            if CurlVerbose.isProgressMeter(input, line) {
                flushBody()
                let meter = PayloadBytes.trimmed(input, line)
                text(meter)
                if let note = CurlVerbose.noteAfterMeter(input, meter) {
                    transcript.items.append(.gluedNote(note))
                    commandEnded = true
                }
                return
            }
            // Body output that does not end with a line break runs into curl's next note.
            var contentEnd = line.upperBound
            var glued: Range<Int>? = nil
            if let note = CurlVerbose.gluedNote(input, line) {
                contentEnd = note.lowerBound
                glued = note
            }
            let content = line.lowerBound..<contentEnd
            recordLine(content)
            if !sawCurlLine {
                preamble = (preamble?.lowerBound ?? content.lowerBound)..<content.upperBound
            } else if afterResponse {
                if !PayloadBytes.trimmed(input, content).isEmpty || body != nil {
                    body = (body?.lowerBound ?? content.lowerBound)..<content.upperBound
                }
            } else {
                text(PayloadBytes.trimmed(input, content))
            }
            if let glued {
                flushBody()
                flushPreamble()
                sawCurlLine = true
                commandEnded = true
                readLine(glued, through: line.upperBound)
            }
        }

        /// Records what an unmarked line is beside the spans read above: a line of the command, a body line, or
        /// one of curl's error or warning lines, which are neither.
        private mutating func recordLine(_ content: Range<Int>) {
            let start = CurlVerbose.afterTimestamp(input, content)
            var end = content.upperBound
            if end > start, input[end - 1] == ASCII.carriageReturn { end -= 1 }
            let line = start..<end
            if let error = CurlVerbose.errorLine(input, line) {
                transcript.items.append(.error(error))
                commandEnded = true
                return
            }
            if PayloadBytes.hasPrefix(input, at: start, end: end, "Note: ")
                || PayloadBytes.hasPrefix(input, at: start, end: end, "Warning: ")
            {
                return
            }
            if !commandEnded {
                transcript.items.append(.commandLine(line))
            } else if sawResponse {
                transcript.items.append(.bodyLine(line))
            }
        }

        /// A `* ` note: text, except HTTP/2 and HTTP/3 request headers, which are headers.
        private mutating func note(_ content: Range<Int>) {
            guard !content.isEmpty else { return }
            var i = content.lowerBound
            if PayloadBytes.hasPrefix(input, at: i, end: content.upperBound, "h2h3 [") {
                i += 5
            } else if PayloadBytes.hasPrefix(input, at: i, end: content.upperBound, "[HTTP/") {
                // `[HTTP/2] [1] [name: value]`: skip the protocol and the stream number.
                var brackets = 0
                while i < content.upperBound, brackets < 2 {
                    if input[i] == 0x5D { brackets += 1 }
                    i += 1
                }
                while i < content.upperBound, input[i] == ASCII.space { i += 1 }
            }
            if i > content.lowerBound, i < content.upperBound, input[i] == 0x5B, input[content.upperBound - 1] == 0x5D,
                let header = HTTPMessage.Line.header(input, (i + 1)..<(content.upperBound - 1))
            {
                transcript.items.append(.note(content, header: header))
                return
            }
            transcript.items.append(.note(content, header: nil))
        }

        private mutating func appendToSection(offset: Int, content: Range<Int>) {
            guard var s = section else { return }
            section = nil  // so that the appends below do not copy the section's text
            if s.lastOffset < 0, content.count >= 6, CurlVerbose.isHexDump(input, content) { s.hexDump = true }
            if s.lastOffset >= 0 {
                let gap = offset - (s.lastOffset + s.lastLength)
                // The trace leaves out the CRLF or LF at which it broke a line; a wrap leaves out nothing.
                if gap == 2 {
                    s.text.appendSynthetic([ASCII.carriageReturn, ASCII.newline], origin: s.lastContentEnd)
                } else if gap > 0 {
                    s.text.appendSynthetic([ASCII.newline], origin: s.lastContentEnd)
                }
            }
            var contentEnd = content.upperBound
            if contentEnd > content.lowerBound, input[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
            s.text.append(input, content.lowerBound..<contentEnd)
            s.lastOffset = offset
            s.lastLength = contentEnd - content.lowerBound
            s.lastContentEnd = contentEnd
            s.lines = s.lines.lowerBound..<content.upperBound
            section = s
        }

        private mutating func text(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            transcript.items.append(.text(range))
        }

        // MARK: Flushing

        private mutating func flushAll() {
            flushBlock()
            flushSection()
            flushBody()
            flushPreamble()
        }

        private mutating func flushBlock() {
            guard let builder = block else { return }
            block = nil
            let direction = blockDirection
            readHead(builder.decoded(), direction: direction, lines: blockLines, isTraceSection: false)
            if direction == .received {
                afterResponse = true
                sawResponse = true
            }
        }

        /// Reads a request or response head (a `> `/`< ` block, a trace header section) as HTTP.
        private mutating func readHead(
            _ decoded: DecodedText, direction: Direction, lines: Range<Int>, isTraceSection: Bool
        ) {
            guard !decoded.bytes.isEmpty else { return }
            let http = decoded.bytes.withUnsafeBufferPointer { HTTPMessage.read($0, range: 0..<$0.count) }
            let head = CurlTranscriptParts.Head(
                direction: direction, isTraceSection: isTraceSection, http: http, range: lines, decoded: decoded)
            transcript.items.append(.head(head))
        }

        private mutating func flushSection() {
            guard let s = section else { return }
            section = nil
            let decoded = s.text.decoded()
            guard !decoded.bytes.isEmpty else { return }
            if s.hexDump || s.kind == .opaque {
                transcript.items.append(.decodedText(decoded))
                return
            }
            switch s.kind {
            case .header:
                readHead(decoded, direction: s.direction, lines: s.lines, isTraceSection: true)
                if s.direction == .received {
                    afterResponse = true
                    sawResponse = true
                }
            case .data:
                transcript.items.append(.traceData(s.direction, decoded))
            case .opaque:
                break
            }
        }

        private mutating func flushBody() {
            guard let range = body else { return }
            body = nil
            var end = range.upperBound
            while end > range.lowerBound, ASCII.isWhitespace(input[end - 1]) { end -= 1 }
            guard end > range.lowerBound else { return }
            transcript.items.append(.body(range.lowerBound..<end))
        }

        /// The lines before the transcript: a curl command is read as one, anything else is text.
        private mutating func flushPreamble() {
            guard let range = preamble else { return }
            preamble = nil
            let trimmed = PayloadBytes.trimmed(input, range)
            guard !trimmed.isEmpty else { return }
            let slice = UnsafeBufferPointer(rebasing: input[trimmed])
            // The preamble alone: no transcript in it.
            transcript.items.append(.preamble(trimmed, isCommand: CurlCommand.looksLike(slice)))
        }
    }

    // MARK: - Line shapes

    /// Where a line starts once `--trace-time`'s `12:34:56.789012 ` is skipped.
    static func afterTimestamp(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Int {
        let s = line.lowerBound
        guard line.count > 9, ASCII.isDigit(input[s]), ASCII.isDigit(input[s + 1]), input[s + 2] == 0x3A,
            ASCII.isDigit(input[s + 3]), ASCII.isDigit(input[s + 4]), input[s + 5] == 0x3A
        else { return s }
        var i = s + 6
        while i < line.upperBound, ASCII.isDigit(input[i]) || input[i] == 0x2E { i += 1 }
        guard i < line.upperBound, input[i] == ASCII.space else { return s }
        return i + 1
    }

    /// `=> Send header, 78 bytes (0x4e)` and its kin.
    private static func traceSection(
        _ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) -> (kind: Section.Kind, direction: Direction)? {
        let s = line.lowerBound
        let e = line.upperBound
        let direction: Direction
        let i: Int
        if PayloadBytes.hasPrefix(input, at: s, end: e, "=> Send ") {
            direction = .sent
            i = s + 8
        } else if PayloadBytes.hasPrefix(input, at: s, end: e, "<= Recv ") {
            direction = .received
            i = s + 8
        } else {
            return nil
        }
        if PayloadBytes.hasPrefix(input, at: i, end: e, "header") { return (.header, direction) }
        if PayloadBytes.hasPrefix(input, at: i, end: e, "data") { return (.data, direction) }
        return (.opaque, direction)  // SSL data, anything newer
    }

    /// `0040: content`: a trace's data line, with its offset.
    private static func dataLine(
        _ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) -> (offset: Int, content: Range<Int>)? {
        var i = line.lowerBound
        var offset = 0
        while i < line.upperBound, i - line.lowerBound < 12, let digit = ASCII.hexValue(input[i]) {
            offset = offset << 4 | Int(digit)
            i += 1
        }
        guard i - line.lowerBound >= 4, i < line.upperBound, input[i] == 0x3A else { return nil }
        i += 1
        if i < line.upperBound, input[i] == ASCII.space { i += 1 }
        return (offset, i..<line.upperBound)
    }

    /// `--trace`'s hex columns (`47 45 54 20 ...`) rather than `--trace-ascii`'s text.
    private static func isHexDump(_ input: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> Bool {
        let s = content.lowerBound
        return ASCII.isHex(input[s]) && ASCII.isHex(input[s + 1]) && input[s + 2] == ASCII.space
            && ASCII.isHex(input[s + 3]) && ASCII.isHex(input[s + 4]) && input[s + 5] == ASCII.space
    }

    /// `[52 bytes data]`, `[data not shown]`.
    private static func isByteCount(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2, input[range.lowerBound] == 0x5B, input[range.upperBound - 1] == 0x5D else {
            return range.isEmpty
        }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        return input[inner].allSatisfy { ASCII.isAlnum($0) || $0 == ASCII.space }
    }

    /// The progress meter curl prints when its output is not a terminal: columns of numbers and `--:--:--`.
    private static func isProgressMeter(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let trimmed = PayloadBytes.trimmed(input, line)
        guard !trimmed.isEmpty else { return false }
        if PayloadBytes.hasPrefix(input, at: trimmed.lowerBound, end: trimmed.upperBound, "% Total")
            || PayloadBytes.hasPrefix(input, at: trimmed.lowerBound, end: trimmed.upperBound, "Dload")
        {
            return true
        }
        var columns = 0
        var inColumn = false
        for i in trimmed {
            let b = input[i]
            if ASCII.isWhitespace(b) {
                inColumn = false
                continue
            }
            // A note may be glued after the meter (`... 0*   Trying`): the meter ends there.
            if b == 0x2A { break }
            guard ASCII.isDigit(b) || b == 0x2D || b == 0x3A || b == 0x2E || b == 0x6B || b == 0x4D || b == 0x47
            else { return false }
            if !inColumn { columns += 1 }
            inColumn = true
        }
        return columns >= 8
    }

    /// The note curl wrote right after its progress meter, on the meter's line (`... --:--:--     0*   Trying
    /// 127.0.0.1:18080...`): its content without the `* `, or nil.
    private static func noteAfterMeter(_ input: UnsafeBufferPointer<UInt8>, _ meter: Range<Int>) -> Range<Int>? {
        guard let star = meter.first(where: { input[$0] == 0x2A }) else { return nil }
        guard star + 1 == meter.upperBound || ASCII.isSpace(input[star + 1]) else { return nil }
        let content = PayloadBytes.trimmed(input, (star + 1)..<meter.upperBound)
        return content.isEmpty ? nil : content
    }

    /// `curl: (6) Could not resolve host: nonexistent.invalid`, curl's last word when it fails.
    static func errorLine(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> CurlTranscriptParts.ErrorLine? {
        guard PayloadBytes.hasPrefix(input, at: line.lowerBound, end: line.upperBound, "curl: (") else { return nil }
        var i = line.lowerBound + 7
        var code = 0
        while i < line.upperBound, ASCII.isDigit(input[i]), i - line.lowerBound < 12 {
            code = code * 10 + Int(input[i] - 0x30)
            i += 1
        }
        let isCode = i > line.lowerBound + 7 && i < line.upperBound && input[i] == 0x29
        var close = i
        while close < line.upperBound, input[close] != 0x29 { close += 1 }
        let message = PayloadBytes.trimmed(input, min(close + 1, line.upperBound)..<line.upperBound)
        return CurlTranscriptParts.ErrorLine(
            range: PayloadBytes.trimmed(input, line), code: isCode ? code : nil, message: message)
    }

    /// A note of curl's that follows body output on the same line: `...}* Connection #0 to host x left intact`.
    private static func gluedNote(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Range<Int>? {
        var i = line.lowerBound + 1
        while i + 2 < line.upperBound {
            let b = input[i]
            if b == 0x2A, input[i + 1] == ASCII.space {
                let e = line.upperBound
                if PayloadBytes.hasPrefix(input, at: i + 2, end: e, "Connection #")
                    || PayloadBytes.hasPrefix(input, at: i + 2, end: e, "Closing connection")
                    || PayloadBytes.hasPrefix(input, at: i + 2, end: e, "  Trying ")
                {
                    return i..<e
                }
            } else if b == 0x3D, PayloadBytes.hasPrefix(input, at: i, end: line.upperBound, "== Info:") {
                return i..<line.upperBound
            }
            i += 1
        }
        return nil
    }
}

// MARK: - Building decoded text from pieces of the input

/// Bytes gathered from pieces of the input (a block's lines without their marks, a trace's wrapped lines), with
/// the input offset of each.
struct DecodedTextBuilder {
    private var bytes: [UInt8] = []
    private var origin: [Int] = []
    private var end = 0

    /// Appends `input[range]` as it is.
    mutating func append(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.append(contentsOf: input[range])
        origin.append(contentsOf: range)
        end = range.upperBound
    }

    /// Appends bytes that the input left out (a line break a trace dropped), placed at `origin` in the input.
    mutating func appendSynthetic(_ added: [UInt8], origin at: Int) {
        for b in added {
            bytes.append(b)
            origin.append(at)
        }
        end = at
    }

    func decoded() -> DecodedText {
        DecodedText(bytes: bytes, origin: origin + [end], encoding: .verbatim)
    }
}
