/// A `curl -v` (or `--trace-ascii`) transcript as ``CurlVerbose`` reads it: curl's notes, the heads it sent and
/// received, the body, its `curl: (N)` errors and the command before it, in the order they come.
///
/// Ranges are offsets into the input, except inside a head, whose HTTP parts are offsets into
/// ``Head/bytes`` (the head's lines without curl's `> ` or `< ` marks). They say where each part lies, so that a
/// reader of a larger paste can tell where the transcript is.
///
/// ```swift
/// let transcript = CurlTranscriptParts(reading: Array(pasted.utf8))
/// for case .head(let head) in transcript.parts where head.direction == .received {
///     if case .status(let code, _, _)? = head.http.messages.first?.startLine { print(code) }
/// }
/// ```
package struct CurlTranscriptParts: Sendable {
    /// Which way a head went.
    package enum Direction: Sendable, Equatable {
        /// `> ` lines, `=> Send header`: what curl sent.
        case sent
        /// `< ` lines, `<= Recv header`: what curl received.
        case received
    }

    /// A request or response head: a block of `> ` or `< ` lines, or a trace's header section, read as HTTP.
    package struct Head: Sendable {
        /// Which way it went.
        package var direction: Direction
        /// Whether it is a `--trace-ascii` header section (`<= Recv header`) rather than `-v`'s marked lines.
        package var isTraceSection: Bool
        /// The HTTP messages of the head (usually one; `100 Continue` and the final status may share a block),
        /// with offsets into ``bytes``.
        package var http: HTTPTextParts
        /// The head's lines without curl's marks, line breaks kept.
        package var bytes: [UInt8] { decoded.bytes }
        /// Where the head's lines lie in the input: from the first line's start (its mark, or the trace's
        /// `<= Recv header` line) to the end of the last one, its line break left out.
        package var range: Range<Int>
        /// The bytes and the input offset of each.
        let decoded: DecodedText
    }

    /// One of curl's error lines: `curl: (7) Failed to connect to localhost port 1 after 1 ms: ...`.
    package struct ErrorLine: Sendable, Equatable {
        /// The whole line, trimmed.
        package var range: Range<Int>
        /// curl's exit code, the `N` of `(N)`, when it is a number.
        package var code: Int?
        /// The message after `(N)`, trimmed.
        package var message: Range<Int>
    }

    /// A part of the transcript, in the order the transcript holds them.
    package enum Part: Sendable {
        /// A line before curl's first (the command that made the transcript, perhaps), without its line break;
        /// curl's `Note:` and `Warning:` lines left out.
        case command(line: Range<Int>)
        /// One of curl's `-v` notes without its `* ` mark, trimmed; also a note curl wrote right after its
        /// progress meter on the same line.
        case note(Range<Int>)
        /// One of `--trace-ascii`'s notes without its `== Info: ` mark, trimmed.
        case info(Range<Int>)
        /// A head curl sent or received.
        case head(Head)
        /// An unmarked line after a received head (and any head sent after it), without its line break: a line
        /// of the response body, or a blank one. Body output that runs into curl's next note stops before the
        /// note.
        case bodyLine(Range<Int>)
        /// `{ [52 bytes data]`, `} [data not shown]`: the count without its brace.
        case byteCount(Range<Int>)
        /// A `curl: (N) ...` line.
        case error(ErrorLine)
    }

    /// Everything the reader found, in order: the parts and what the sanitizer masks beside them.
    var items: [Item] = []

    /// The transcript's parts in order.
    package var parts: [Part] { items.compactMap(\.part) }

    /// An empty transcript, for the reader to fill.
    init() {}

    /// Reads `input` as a `curl -v` or `--trace-ascii` transcript, as the sanitizer does when it masks it.
    package init(reading input: [UInt8]) {
        self = input.withUnsafeBufferPointer { CurlVerbose.read($0) }
    }

    /// What the reader found, one item at a time: each part, and the spans the sanitizer masks as a whole (the
    /// body as one value, the preamble as a command, lines that are only text).
    enum Item: Sendable {
        /// Bytes with no structure (a progress meter, stray lines, a byte count that is not one).
        case text(Range<Int>)
        /// A trace section with no structure (SSL data, a `--trace` hex dump), its wraps joined.
        case decodedText(DecodedText)
        /// A note; `header` when it is an HTTP/2 or HTTP/3 request header (`* [HTTP/2] [1] [name: value]`).
        case note(Range<Int>, header: HTTPMessage.Line.Header?)
        /// A note glued to a progress meter, which the meter's text already covers.
        case gluedNote(Range<Int>)
        /// A `== Info:` note.
        case info(Range<Int>)
        case head(Head)
        /// The unmarked lines after a response head, up to curl's next line, trimmed: one body value.
        case body(Range<Int>)
        /// A trace's data section, its wraps joined.
        case traceData(Direction, DecodedText)
        /// The lines before the transcript: a curl command when `isCommand`, else text.
        case preamble(Range<Int>, isCommand: Bool)
        case commandLine(Range<Int>)
        case bodyLine(Range<Int>)
        case byteCount(Range<Int>)
        case error(ErrorLine)

        var part: Part? {
            switch self {
            case .note(let content, _), .gluedNote(let content): return .note(content)
            case .info(let content): return .info(content)
            case .head(let head): return .head(head)
            case .commandLine(let line): return .command(line: line)
            case .bodyLine(let line): return .bodyLine(line)
            case .byteCount(let count): return .byteCount(count)
            case .error(let error): return .error(error)
            case .text, .decodedText, .body, .traceData, .preamble: return nil
            }
        }
    }
}
