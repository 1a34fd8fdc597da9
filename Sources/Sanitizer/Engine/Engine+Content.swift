import Foundation

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
        // Ids and hashes in logs often look like base64 (32 hex digits); they decode to binary.
        if Self.base64CannotBeText(text, range) { return false }
        let encoded = String(decoding: text[range].filter { !ASCII.isWhitespace($0) }, as: UTF8.self)
        guard let data = Data(base64Encoded: encoded) else { return false }
        let decoded = [UInt8](data)
        guard Self.isMostlyText(decoded) else { return false }
        var inner = ScanContext(masks: context.masks)
        let output: [UInt8] = decoded.withUnsafeBufferPointer { buffer in
            scanContent(buffer, range: 0..<buffer.count, into: &inner)
            guard !inner.redactions.isEmpty else { return decoded }
            return Sanitizer.apply(inner.redactions.resolved(in: buffer, masks: inner.masks), to: buffer)
        }
        guard output != decoded else { return true }
        let reencoded = Array(Data(output).base64EncodedString().utf8)
        let rules = inner.redactions.items
        context.add(
            range, replacement: reencoded, kind: rules.first?.kind ?? .secret,
            rule: "base64:" + (rules.first?.rule ?? "content"), action: .rewritten, priority: .structure)
        return true
    }

    static func mayBeBase64Text(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 24, range.count % 4 == 0 else { return false }
        // One look-up a byte: ids and hashes mix digits and letters, which a test of each class in turn keeps
        // mispredicting.
        return base64Values.withUnsafeBufferPointer { values in
            for i in range {
                let value = values[Int(text[i])]
                if value >= 64 && value != base64Padding { return false }
            }
            return true
        }
    }

    /// Whether `text[range]`, whitespace left out, is base64 whose decoded bytes certainly fail ``isMostlyText(_:)``,
    /// worked out without Foundation.
    ///
    /// Only well-formed base64 is judged (the standard alphabet, a length that is a multiple of four, at most two
    /// `=` at the end), which any decoder that accepts it reads the same way; for anything else the answer is false
    /// and the caller decodes as before.
    static func base64CannotBeText(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let decoded = decodeWellFormedBase64(text, range) else { return false }
        return !isMostlyText(decoded)
    }

    /// The bytes of well-formed standard base64 in `text[range]`, whitespace ignored, or nil.
    private static func decodeWellFormedBase64(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8]? {
        let values = base64Values
        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count / 4 * 3)
        var quad: UInt32 = 0
        var inQuad = 0
        var padding = 0
        for i in range {
            let value = values[Int(text[i])]
            if value == base64Whitespace { continue }
            if value == base64Padding {
                padding += 1
            } else if value == base64Invalid || padding > 0 {
                return nil
            }
            quad = quad << 6 | UInt32(value & 0x3F)
            inQuad += 1
            if inQuad == 4 {
                decoded.append(UInt8(truncatingIfNeeded: quad >> 16))
                decoded.append(UInt8(truncatingIfNeeded: quad >> 8))
                decoded.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                inQuad = 0
            }
        }
        guard inQuad == 0, padding <= 2, !decoded.isEmpty else { return nil }
        // The last quad holds one byte less for each `=`.
        decoded.removeLast(padding)
        return decoded
    }

    private static let base64Invalid: UInt8 = 0xFF
    private static let base64Padding: UInt8 = 0xFE
    private static let base64Whitespace: UInt8 = 0xFD

    /// Each byte's value in the standard base64 alphabet, or one of the markers above.
    private static let base64Values: [UInt8] = (0...255).map { value in
        let b = UInt8(value)
        if ASCII.isUpper(b) { return b - 0x41 }
        if ASCII.isLower(b) { return b - 0x61 + 26 }
        if ASCII.isDigit(b) { return b - 0x30 + 52 }
        if b == 0x2B { return 62 }
        if b == 0x2F { return 63 }
        if b == 0x3D { return base64Padding }
        return ASCII.isWhitespace(b) ? base64Whitespace : base64Invalid
    }

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
