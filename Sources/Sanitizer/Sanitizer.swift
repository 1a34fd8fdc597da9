/// The sanitizer: masks secrets and personal data in a payload, keeping its shape.
///
/// ```swift
/// let sanitizer = Sanitizer(key: try PseudonymKey.loadOrCreate(at: keyPath))
/// let result = try sanitizer.sanitize(Array(payload.utf8))
/// print(String(decoding: result.output, as: UTF8.self))
/// ```
///
/// Detectors find byte ranges; the rewrite replaces only those and copies every other byte. The output is then
/// scanned again around every replacement, and if a detector still fires, sanitizing fails rather than print it.
public struct Sanitizer: Sendable {
    let engine: Engine
    let masks: MaskFactory

    /// - Parameters:
    ///   - key: the key behind pseudonyms: the same key gives the same pseudonym for the same value.
    ///   - rules: pattern rules, the built-in ones by default.
    public init(key: PseudonymKey, rules: RuleSet = .builtIn) {
        engine = Engine(rules: rules)
        masks = MaskFactory(key: key)
    }

    /// Sanitizes a whole payload held in memory.
    ///
    /// - Parameters:
    ///   - input: the payload's bytes, in any encoding; invalid UTF-8 and binary are scanned as they are.
    ///   - format: the payload's format, or `.auto` to tell it from the content.
    /// - Returns: the sanitized bytes, what was masked, and the format used.
    /// - Throws: ``SanitizerError/residual(rule:line:column:)`` when the output would still hold something a
    ///   detector fires on.
    public func sanitize(_ input: [UInt8], format: PayloadFormat = .auto) throws -> SanitizedPayload {
        try input.withUnsafeBufferPointer { buffer in
            var context = ScanContext(masks: masks)
            let used = scan(buffer, format: format == .auto ? PayloadFormat.detect(buffer) : format, into: &context)
            let redactions = context.redactions.resolved(in: buffer, masks: masks)
            let output = try settle(Self.apply(redactions, to: buffer), redactions: redactions)
            var lines = LineIndex(buffer)
            return SanitizedPayload(
                output: output, findings: redactions.map { lines.finding(for: $0) }, format: used)
        }
    }

    /// Runs the scanners that `format` calls for over the whole buffer.
    ///
    /// - Returns: the format the buffer was read as: `.text` for JSON or HAR that does not parse (truncated), whose
    ///   text is scanned line by line instead.
    @discardableResult
    func scan(_ buffer: UnsafeBufferPointer<UInt8>, format: PayloadFormat, into context: inout ScanContext)
        -> PayloadFormat
    {
        let all = 0..<buffer.count
        switch format {
        case .json, .har:
            let document = PayloadFormat.byteOrderMarkLength(buffer)..<buffer.count
            if !engine.scanJSON(buffer, range: document, into: &context) {
                scanLines(buffer, range: all, into: &context)
                return .text
            }
        // HTTP and curl: the parsers give values their context, and the whole text is scanned too, so that what a
        // parser missed or misread is still found (these inputs are pastes; large ones stream as text).
        case .http:
            scanFields(HTTPMessage.fields(in: buffer), in: buffer, into: &context)
            engine.scanText(buffer, range: all, into: &context)
        case .curl:
            let fields = CurlCommand.looksLike(buffer) ? CurlCommand.fields(in: buffer) : CurlVerbose.fields(in: buffer)
            scanFields(fields, in: buffer, into: &context)
            engine.scanText(buffer, range: all, into: &context)
        case .text, .auto:
            scanLines(buffer, range: all, into: &context)
        }
        return format == .auto ? .text : format
    }

    /// Text, line by line: a line that is a JSON object (JSON Lines, structured logs) is walked as JSON, runs of
    /// other lines are scanned as text.
    func scanLines(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext) {
        if range.count < 1 << 20, Engine.declaresKubernetesSecret(buffer, range: range) {
            engine.scanKubernetesSecretYAML(buffer, range: range, into: &context)
        }
        var textStart = range.lowerBound
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let lineEnd =
                ByteSearch.firstIndex(of: ASCII.newline, in: buffer, from: lineStart, to: range.upperBound)
                ?? range.upperBound
            var first = lineStart
            while first < lineEnd, ASCII.isSpace(buffer[first]) { first += 1 }
            var last = lineEnd
            while last > first, ASCII.isWhitespace(buffer[last - 1]) { last -= 1 }
            if first < last, buffer[first] == 0x7B, buffer[last - 1] == 0x7D,
                engine.scanJSON(buffer, range: first..<last, into: &context)
            {
                engine.scanText(buffer, range: textStart..<lineStart, into: &context)
                textStart = min(lineEnd + 1, range.upperBound)
            }
            lineStart = lineEnd + 1
        }
        engine.scanText(buffer, range: textStart..<range.upperBound, into: &context)
    }

    /// Masks each field a structural parser found, by its role.
    func scanFields(_ fields: [Field], in buffer: UnsafeBufferPointer<UInt8>, into context: inout ScanContext) {
        for field in fields {
            var inner = ScanContext(masks: masks)
            field.value.bytes.withUnsafeBufferPointer { value in
                let all = 0..<value.count
                switch field.role {
                case .header(let name), .queryParameter(let name):
                    inner.path = name
                    let policy = KeyClassifier.policy(forKey: Array(name.utf8))
                    if !engine.applyPolicy(policy, to: all, in: value, into: &inner) {
                        engine.scanContent(value, range: all, into: &inner)
                    }
                case .userinfoPassword:
                    engine.applyPolicy(.secret(.password, weak: false), to: all, in: value, into: &inner)
                case .userinfoUser:
                    if !engine.applyPolicy(.secret(.apiKey, weak: true), to: all, in: value, into: &inner) {
                        engine.scanText(value, range: all, into: &inner)
                    }
                case .option(let name):
                    inner.path = "--" + name
                    let policy: KeyPolicy =
                        name == "oauth2-bearer" ? .secret(.accessToken, weak: false) : .none
                    if !engine.applyPolicy(policy, to: all, in: value, into: &inner) {
                        engine.scanText(value, range: all, into: &inner)
                    }
                case .body(let contentType):
                    let isForm = contentType?.lowercased().contains("x-www-form-urlencoded") ?? false
                    if isForm, let formFields = FormFields.fields(of: DecodedText(slice: value, range: all)) {
                        scanFields(formFields, in: value, into: &inner)
                    } else {
                        engine.scanContent(value, range: all, into: &inner)
                        if !inner.redactions.isEmpty { break }
                        scanLines(value, range: all, into: &inner)
                    }
                case .url:
                    scanFields(URLParts.fields(of: DecodedText(slice: value, range: all)), in: value, into: &inner)
                    engine.scanText(value, range: all, into: &inner)
                case .text:
                    scanLines(value, range: all, into: &inner)
                }
                inner.redactions.resolve(in: value, masks: masks)
            }
            context.add(mappedFrom: field.value, inner.redactions, container: buffer)
        }
    }

    /// Copies `input` with each redaction's range replaced; the redactions must be sorted and disjoint.
    static func apply(_ redactions: [Redaction], to input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 16)
        var position = 0
        for redaction in redactions {
            output.append(contentsOf: input[position..<redaction.range.lowerBound])
            output.append(contentsOf: redaction.replacement)
            position = redaction.range.upperBound
        }
        output.append(contentsOf: input[position..<input.count])
        return output
    }

    /// The residual re-scan: every replacement, with its surroundings, is scanned again in the output.
    ///
    /// A detector that fires inside a replacement means a mask that looks live (a digit mask that happens to pass
    /// a card's Luhn check) or a value half masked. That part is masked again and the output re-scanned; if a
    /// detector still fires after that, sanitizing fails closed rather than print it.
    func settle(_ output: [UInt8], redactions: [Redaction]) throws -> [UInt8] {
        var output = output
        var replaced = Self.replacedRanges(redactions)
        for round in 0..<3 {
            let residual: [Redaction] = output.withUnsafeBufferPointer { buffer in
                var context = ScanContext(masks: masks)
                for window in Self.windows(around: replaced, in: buffer) {
                    scanLines(buffer, range: window, into: &context)
                }
                return context.redactions.resolved(in: buffer, masks: masks).filter { found in
                    replaced.contains { $0.overlaps(found.range) }
                }
            }
            guard !residual.isEmpty else { return output }
            guard round < 2 else {
                // A detection strictly inside one replacement reads a fragment of a pseudonym that happens to spell
                // a key word: it holds nothing of the input. Anything else still firing is a bug: fail closed.
                let genuine = residual.filter { found in
                    !replaced.contains {
                        $0.lowerBound <= found.range.lowerBound && found.range.upperBound <= $0.upperBound
                            && $0 != found.range
                    }
                }
                guard let first = genuine.first else { return output }
                let (line, column) = output.withUnsafeBufferPointer { buffer in
                    var lines = LineIndex(buffer)
                    return lines.position(of: first.range.lowerBound)
                }
                throw SanitizerError.residual(rule: first.rule, line: line, column: column)
            }
            output = output.withUnsafeBufferPointer { Self.apply(residual, to: $0) }
            replaced = Self.replacedRanges(residual)
        }
        return output
    }

    /// Where each redaction's replacement lies in the output.
    private static func replacedRanges(_ redactions: [Redaction]) -> [Range<Int>] {
        var replaced: [Range<Int>] = []
        var shift = 0
        for redaction in redactions {
            let start = redaction.range.lowerBound + shift
            replaced.append(start..<(start + redaction.replacement.count))
            shift += redaction.replacement.count - redaction.range.count
        }
        return replaced
    }

    /// The lines around each range, merged where they touch.
    private static func windows(around ranges: [Range<Int>], in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        for range in ranges {
            // The replacement's whole line: a key before it gives its context, and a window cut inside another
            // masked value would show a fragment that no longer reads as a mask. A line longer than any log line
            // is cut at whitespace.
            var start = range.lowerBound
            while start > 0, buffer[start - 1] != ASCII.newline, range.lowerBound - start < 65536 { start -= 1 }
            if start > 0, buffer[start - 1] != ASCII.newline {
                while start < range.lowerBound, !ASCII.isWhitespace(buffer[start]) { start += 1 }
            }
            var end = range.upperBound
            while end < buffer.count, buffer[end] != ASCII.newline, end - range.upperBound < 65536 { end += 1 }
            if end < buffer.count, buffer[end] != ASCII.newline {
                while end > range.upperBound, !ASCII.isWhitespace(buffer[end - 1]) { end -= 1 }
            }
            if let last = windows.last, last.upperBound >= start {
                windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                windows.append(start..<end)
            }
        }
        return windows
    }
}

/// A sanitized payload and what was masked in it.
public struct SanitizedPayload: Sendable {
    public var output: [UInt8]
    public var findings: [Finding]
    /// The format the payload was read as.
    public var format: PayloadFormat

    public init(output: [UInt8], findings: [Finding], format: PayloadFormat) {
        self.output = output
        self.findings = findings
        self.format = format
    }
}

/// Turns byte offsets into 1-based lines and columns, for offsets given in increasing order.
struct LineIndex {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    var lineOffset = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func position(of target: Int) -> (line: Int, column: Int) {
        if target < offset {
            offset = 0
            line = 1
            lineStart = 0
        }
        let limit = min(target, buffer.count)
        while offset < limit {
            guard let newline = ByteSearch.firstIndex(of: ASCII.newline, in: buffer, from: offset, to: limit) else {
                offset = limit
                break
            }
            line += 1
            lineStart = newline + 1
            offset = newline + 1
        }
        return (line + lineOffset, target - lineStart + 1)
    }

    /// How many line breaks the buffer holds before `target`, counted on from the last position asked for.
    mutating func newlines(before target: Int) -> Int {
        position(of: target).line - lineOffset - 1
    }

    mutating func finding(for redaction: Redaction) -> Finding {
        let (line, column) = position(of: redaction.range.lowerBound)
        let masked = String(decoding: redaction.replacement, as: UTF8.self)
        return Finding(
            rule: redaction.rule, kind: redaction.kind, action: redaction.action, line: line, column: column,
            path: redaction.path, pseudonym: redaction.action == .pseudonymized && masked.count <= 80 ? masked : nil)
    }
}
