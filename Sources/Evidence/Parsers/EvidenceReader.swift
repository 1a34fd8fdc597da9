import Sanitizer

/// Turns what a person pastes or exports (a curl command, a `curl -v` transcript, an HTTP exchange, a HAR file,
/// an evidence-pack JSON, logs) into evidence packs.
///
/// The input is expected to be sanitized already: the reader only finds facts, it never masks. It refuses what
/// is not text (binary files, NUL bytes) and what holds no evidence, with an error that says what to do.
///
/// ```swift
/// let packs = try EvidenceReader.packs(from: Array(transcript.utf8))
/// print(packs[0].headline)  // GET 127.0.0.1:18080 /orders/{id} -> 502 UPSTREAM_UNAVAILABLE
/// ```
public enum EvidenceReader {
    /// Reads the packs an input holds. A HAR gives one pack per failed entry (status >= 400, or status 0 / no
    /// response), or only entry `entry` (1-based) when given; every other input gives one pack.
    ///
    /// A JSON list of packs, or an incident whose `evidence` is a list, gives one pack per item (`entry` picks
    /// one). Every pack's `source` is the format it was read as. Text bodies longer than 16 KiB and logs longer
    /// than 500 lines are cut, and a note in the pack says so.
    ///
    /// - Parameters:
    ///   - input: the input's bytes, UTF-8 text.
    ///   - format: the input's format; `.auto` detects it (see ``detect(_:)``).
    ///   - entry: the 1-based entry of a HAR file or JSON list to read.
    /// - Returns: at least one pack.
    /// - Throws: ``EvidenceError`` when the input is empty, binary, not of `format`, or holds no evidence.
    public static func packs(
        from input: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil
    ) throws(EvidenceError) -> [EvidencePack] {
        let text = try checkedText(input)
        if let entry, entry < 1 { throw EvidenceError.entryNotPositive(entry) }
        let resolved = format == .auto ? detect(text) : format
        var packs: [EvidencePack]
        switch resolved {
        case .har:
            packs = try HARParser.packs(from: text, entry: entry)
        case .json:
            packs = try PackJSONParser.packs(from: text, entry: entry)
        case .auto, .curl, .curlVerbose, .http, .logs:
            if let entry, entry != 1 { throw EvidenceError.entryOnSinglePack(resolved) }
            packs = [try singlePack(from: text, format: resolved)]
        }
        return packs.map { finished($0, source: resolved) }
    }

    /// Which format `input` is (what `.auto` resolves to).
    ///
    /// JSON that looks like an HTTP Archive is `har`, other JSON is `json`, except JSON Lines (one object per
    /// line), which are logs. A curl command is `curl`, unless curl's `* `, `> `, `< ` lines or its `curl: (N)`
    /// error follow, which make it `curl-v`. A request line, status line or header block is `http`. Anything
    /// else is `logs`.
    public static func detect(_ input: [UInt8]) -> EvidenceFormat {
        let payload = input.withUnsafeBufferPointer { PayloadFormat.detect($0) }
        switch payload {
        case .har:
            return .har
        case .json:
            let start = input.firstIndex { !(($0 &- 0x09) < 5 || $0 == 0x20 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
            let head = Array(input[(start ?? 0)...].prefix(1 << 16))
            return PayloadFormat.looksLikeJSONLines(head) || startsWithBracketedLogPrefix(head) ? .logs : .json
        case .curl:
            return CurlTranscriptParser.looksLikeTranscript(input) ? .curlVerbose : .curl
        case .http:
            return .http
        case .text, .auto:
            // A transcript pasted without its command (or curl's error alone) is still curl's account.
            return CurlTranscriptParser.hasCurlLines(input) ? .curlVerbose : .logs
        }
    }

    /// `[2026-06-19 09:12:03,101] INFO ...` or `[INFO] ...`: a log line whose first `]` is followed by words,
    /// which a JSON array's never is.
    private static func startsWithBracketedLogPrefix(_ head: [UInt8]) -> Bool {
        guard head.first == UInt8(ascii: "[") else { return false }
        let lineEnd = head.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? head.endIndex
        guard let close = head[..<lineEnd].firstIndex(of: UInt8(ascii: "]")) else { return false }
        guard let next = head[(close + 1)..<lineEnd].first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) || (next >= 0x30 && next <= 0x39)
    }

    // MARK: - Reading

    private static func singlePack(from text: [UInt8], format: EvidenceFormat) throws(EvidenceError) -> EvidencePack {
        switch format {
        case .curl: return try CurlCommandParser.pack(from: text)
        case .curlVerbose: return try CurlTranscriptParser.pack(from: text)
        case .http: return try HTTPExchangeParser.pack(from: text)
        default: return try LogParser.pack(from: text)
        }
    }

    /// The input without a UTF-8 byte order mark, once it is known to be non-empty text.
    ///
    /// Text may hold a few stray control bytes (a terminal's bell, a form feed); a NUL, or control bytes in more
    /// than one byte of twenty, mean a binary file (or UTF-16, which evidence is not).
    static func checkedText(_ input: [UInt8]) throws(EvidenceError) -> [UInt8] {
        let text = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        var controls = 0
        var firstControl: Int?
        var sawText = false
        var nul: Int?
        text.withUnsafeBufferPointer { buffer in
            for offset in 0..<buffer.count {
                let byte = buffer[offset]
                if byte > 0x20 && byte != 0x7F {
                    sawText = true
                } else if byte == 0 {
                    nul = offset
                    return
                } else if byte < 0x20 || byte == 0x7F {
                    // Tab, LF, VT, FF, CR are text; ESC starts the colour codes logs are full of.
                    if (byte &- 0x09) < 5 || byte == 0x1B { continue }
                    controls += 1
                    firstControl = firstControl ?? offset
                }
            }
        }
        if let nul { throw EvidenceError.binary(at: nul) }
        if controls > 4, controls * 20 > text.count { throw EvidenceError.binary(at: firstControl ?? 0) }
        guard sawText else { throw EvidenceError.empty }
        return text
    }

    /// The pack as stored: its source set, its bodies and logs within their limits, with a note of each cut.
    static func finished(_ pack: EvidencePack, source: EvidenceFormat) -> EvidencePack {
        var pack = pack
        pack.source = source.rawValue
        var notes = pack.notes ?? []
        if let body = pack.response?.body {
            let (kept, cut) = MessageBody.limited(body)
            if cut > 0 {
                pack.response?.body = kept
                notes.append("response body cut to 16 KiB: \(cut) more bytes not kept")
            }
        }
        if let body = pack.request?.body {
            let (kept, cut) = MessageBody.limited(body)
            if cut > 0 {
                pack.request?.body = kept
                notes.append("request body cut to 16 KiB: \(cut) more bytes not kept")
            }
        }
        if let logs = pack.logs, logs.count > LogExcerpt.maxLines {
            let kept = LogExcerpt.select(count: logs.count) { index in
                let bytes = Array(logs[index].utf8)
                return LogExcerpt.isSignal(bytes, 0..<bytes.count)
            }
            pack.logs = kept.map { logs[$0] }
            notes.append(
                "logs cut to \(kept.count) of \(logs.count) lines: the first \(LogExcerpt.head) and the "
                    + "lines around errors, warnings and failing statuses")
        }
        // A log line of megabytes (a dumped payload, minified JSON) is kept to its first 16 KiB, like a body.
        if let logs = pack.logs, logs.contains(where: { $0.utf8.count > maxLogLineBytes }) {
            var cut = 0
            pack.logs = logs.map { line in
                guard line.utf8.count > maxLogLineBytes else { return line }
                cut += 1
                return String(decoding: line.utf8.prefix(maxLogLineBytes), as: UTF8.self)
            }
            notes.append("\(cut) log line(s) cut to 16 KiB")
        }
        if let trace = pack.stackTrace, trace.utf8.count > 4 * maxLogLineBytes {
            pack.stackTrace = String(decoding: trace.utf8.prefix(4 * maxLogLineBytes), as: UTF8.self)
            notes.append("stack trace cut to 64 KiB")
        }
        pack.notes = notes.isEmpty ? nil : notes
        return pack
    }

    /// The longest log line kept whole.
    static let maxLogLineBytes = 16 * 1024
}
