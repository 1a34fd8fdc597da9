/// Values with no telling key: what they hold is looked into, JSON in a string or base64 that decodes to text
/// (HAR bodies, encoded headers), before they are scanned as text.
extension Engine {
    /// Scans a value with no telling key for what it holds: JSON in a string, base64 (HAR bodies), or text.
    func scanContent(
        _ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, encoding: [UInt8]? = nil,
        into context: inout ScanContext
    ) {
        var first = range.lowerBound
        while first < range.upperBound, ASCII.isWhitespace(text[first]) { first += 1 }
        if first < range.upperBound, text[first] == 0x7B || text[first] == 0x5B {
            if scanJSON(text, range: range, into: &context) { return }
        }
        let isBase64 =
            encoding.map { String(decoding: $0, as: UTF8.self).lowercased() == "base64" } ?? false
        if isBase64 || Self.mayBeBase64Text(text, range) {
            if scanBase64(text, range: range, into: &context) { return }
        }
        scanText(text, range: range, into: &context)
    }

    /// Decodes base64 that holds text, sanitizes the text, and re-encodes it over the same range.
    private func scanBase64(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext)
        -> Bool
    {
        guard let decoded = Self.base64Text(text, range) else { return false }
        var inner = ScanContext(masks: context.masks)
        let output: [UInt8] = decoded.withUnsafeBufferPointer { buffer in
            scanContent(buffer, range: 0..<buffer.count, into: &inner)
            guard !inner.redactions.isEmpty else { return decoded }
            return Sanitizer.apply(inner.redactions.resolved(in: buffer, masks: inner.masks), to: buffer)
        }
        guard output != decoded else { return true }
        let reencoded = Base64.encodeStandard(output)
        let rules = inner.redactions.items
        context.add(
            range, replacement: reencoded, kind: rules.first?.kind ?? .secret,
            rule: "base64:" + (rules.first?.rule ?? "content"), action: .rewritten, priority: .structure)
        return true
    }

    /// Whether a value is shaped like base64 of text worth decoding: at least 24 characters, whole quads, on one line.
    static func mayBeBase64Text(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 24, range.count % 4 == 0 else { return false }
        return Base64.isStandardAlphabet(text[range])
    }

    /// The text that standard base64 in `text[range]` decodes to, whitespace left out; nil when the bytes are not
    /// base64 or decode to binary.
    ///
    /// Ids and hashes in logs often look like base64 (32 hex digits): they decode, to bytes that fail
    /// ``isMostlyText(_:)``.
    static func base64Text(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8]? {
        guard let decoded = Base64.decodeStandardIgnoringWhitespace(text[range]), isMostlyText(decoded) else {
            return nil
        }
        return decoded
    }

    /// Whether bytes read as text: valid UTF-8 in which at least 97% of the bytes are printable ASCII, tabs, line
    /// breaks or parts of non-ASCII characters.
    static func isMostlyText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        var printable = 0
        for b in bytes
        where (b >= 0x20 && b < 0x7F) || b == ASCII.newline || b == ASCII.carriageReturn
            || b == ASCII.tab || b >= 0x80
        {
            printable += 1
        }
        return printable * 100 >= bytes.count * 97 && String(validating: bytes, as: UTF8.self) != nil
    }
}
