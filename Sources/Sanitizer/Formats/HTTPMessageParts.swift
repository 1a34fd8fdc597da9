/// One HTTP message as ``HTTPMessage`` reads it: where its start line, header fields and body lie.
///
/// Every range is an offset into the text the message was read from: the input of ``HTTPTextParts/init(reading:)``,
/// or a `curl -v` head's own bytes (``CurlTranscriptParts/Head/bytes``). The parts are positions, not copies, so
/// that a reader of a larger text (a chat paste, a log) can tell where each message lies; ask for the values
/// with ``HeaderField/value(in:)`` and ``body(in:)``.
///
/// ```swift
/// let text = HTTPTextParts(reading: Array("HTTP/1.1 502 Bad Gateway\r\nServer: envoy\r\n\r\n".utf8))
/// if case .status(let code, _, _)? = text.messages.first?.startLine { print(code) }  // 502
/// ```
package struct HTTPMessageParts: Sendable, Equatable {
    /// A request line or a status line.
    package enum StartLine: Sendable, Equatable {
        /// `GET /orders/42 HTTP/1.1`; `version` is nil for `GET /health` as people write it.
        case request(method: Range<Int>, target: Range<Int>, version: Range<Int>?)
        /// `HTTP/1.1 502 Bad Gateway`: the code's value, the version's digits (`1.1`, `2`), the reason (may be
        /// empty).
        case status(code: Int, version: Range<Int>, reason: Range<Int>)
    }

    /// A header field: its name as written and the lines of its value.
    package struct HeaderField: Sendable, Equatable {
        /// The name as written (HTTP/2 pseudo-headers such as `:path` keep their colon).
        package var name: Range<Int>
        /// The value on the field's own line, then each obs-fold line, all trimmed (the first may be empty).
        package var lines: [Range<Int>]

        /// The value: its non-empty lines joined by one space, as RFC 9112 reads an obs-fold.
        package func value(in bytes: [UInt8]) -> [UInt8] {
            var value: [UInt8] = []
            for line in lines where !line.isEmpty {
                if !value.isEmpty { value.append(ASCII.space) }
                value += bytes[line]
            }
            return value
        }
    }

    /// Where the message lies: from its first line to the end of its body (or of its head, without one).
    package var range: Range<Int>
    /// The request or status line; nil for a header block alone (HTTP/2 pseudo-headers, a copied header view).
    package var startLine: StartLine?
    /// The header fields in order.
    package var headers: [HeaderField] = []
    /// Whether a blank line ended the head (a head cut off at the end of the text has none).
    package var headEnded = false
    /// The body's bytes in order: one range, or the data of each chunk of a `Transfer-Encoding: chunked` body
    /// (framing that stops making sense leaves the rest as one more range). Empty without a body.
    package var body: [Range<Int>] = []
    /// The trailer fields of a chunked body.
    package var trailers: [HeaderField] = []
    /// Lines among the headers that are no header, and chunk extensions (`;name=value`): bytes the message holds
    /// that have no place in its structure.
    package var unplaced: [Range<Int>] = []

    /// The body as sent, with chunked framing removed.
    package func body(in bytes: [UInt8]) -> [UInt8] {
        body.reduce(into: []) { $0 += bytes[$1] }
    }

    /// The first header field named `name` (ASCII case ignored), if any.
    package func header(named name: StaticString, in bytes: [UInt8]) -> HeaderField? {
        bytes.withUnsafeBufferPointer { buffer in
            headers.first { ASCII.equalsIgnoringCase(buffer[$0.name], name) }
        }
    }
}

/// A text read as HTTP by ``HTTPMessage``: its messages in order, and the lines between them that start none.
///
/// One text may hold a request, a response, both, several pipelined exchanges, or header blocks alone; a note
/// before a paste or a stray line is kept in ``otherLines``.
package struct HTTPTextParts: Sendable, Equatable {
    /// The messages in the order they come.
    package var messages: [HTTPMessageParts] = []
    /// Trimmed lines outside any message (a note before the paste, a line that starts no message).
    package var otherLines: [Range<Int>] = []

    /// An empty reading, for a reader to fill.
    init() {}

    /// Reads `input` as HTTP, as the sanitizer does when it masks it.
    ///
    /// - Parameter input: the text, UTF-8; line ends may be CRLF or LF.
    package init(reading input: [UInt8]) {
        self = input.withUnsafeBufferPointer { HTTPMessage.read($0, range: 0..<$0.count) }
    }

    /// Reads `line` as a request line the way ``HTTPMessage`` does (`GET /x HTTP/1.1`, or `GET /x` for a
    /// well-known method and an origin-form or absolute target): its method and target.
    ///
    /// For readers of other formats that quote a request line, such as an access log's `"GET /x HTTP/1.1"`.
    package static func requestLine(_ line: Substring) -> (method: String, target: String)? {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let request = HTTPMessage.Line.request(buffer, 0..<buffer.count) else { return nil }
            return (PayloadBytes.string(buffer, request.method), PayloadBytes.string(buffer, request.target))
        }
    }

    /// Whether `method` is one of HTTP's nine well-known methods, ASCII case ignored.
    package static func isWellKnownMethod(_ method: Substring) -> Bool {
        let bytes = Array(method.utf8)
        return bytes.withUnsafeBufferPointer { HTTPMessage.Line.isKnownMethod($0[...]) }
    }
}
