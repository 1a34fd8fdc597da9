import Glibc

/// Kubernetes Secrets: every value under `data:` (base64) and `stringData:` is a secret, whatever its key says.
extension Engine {
    /// `Secret`, made once: every JSON log line asks.
    private static let secretMarker = Array("Secret".utf8)

    /// Whether the text declares a Kubernetes Secret (`kind: Secret` in YAML, `"kind": "Secret"` in JSON).
    static func declaresKubernetesSecret(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        let marker = secretMarker
        // Most text has no `Secret` at all: memchr finds that out at memory speed.
        guard let base = text.baseAddress, range.count >= 16 else { return false }
        var found = false
        var from = range.lowerBound
        while from < range.upperBound {
            guard let hit = memchr(base + from, 0x53, range.upperBound - from) else { break }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if range.upperBound - at >= marker.count && text[at..<(at + marker.count)].elementsEqual(marker) {
                found = true
                break
            }
            from = at + 1
        }
        guard found else { return false }
        var i = range.lowerBound
        while i + 4 < range.upperBound {
            // `kind`, then optional quote, colon, spaces, optional quote, `Secret`.
            if text[i] == 0x6B, text[i + 1] == 0x69, text[i + 2] == 0x6E, text[i + 3] == 0x64 {
                var j = i + 4
                if j < range.upperBound, text[j] == ASCII.quote { j += 1 }
                guard j < range.upperBound, text[j] == 0x3A else {
                    i += 1
                    continue
                }
                j += 1
                while j < range.upperBound, ASCII.isSpace(text[j]) || text[j] == ASCII.quote { j += 1 }
                if j + marker.count <= range.upperBound, text[j..<(j + marker.count)].elementsEqual(marker),
                    j + marker.count == range.upperBound || !ASCII.isAlnum(text[j + marker.count])
                {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    /// Masks the values of the `data:` and `stringData:` maps of a YAML Secret manifest.
    func scanKubernetesSecretYAML(
        _ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext
    ) {
        var mapIndent: Int?
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, text[lineEnd] != ASCII.newline { lineEnd += 1 }
            var contentStart = lineStart
            while contentStart < lineEnd, text[contentStart] == ASCII.space { contentStart += 1 }
            let indent = contentStart - lineStart
            let line = Array(text[contentStart..<lineEnd])
            defer { lineStart = lineEnd + 1 }
            if line.isEmpty || line.first == 0x23 { continue }
            if let current = mapIndent, indent > current {
                // `key: value` inside the map: the value is the secret.
                guard let colon = line.firstIndex(of: 0x3A) else { continue }
                var valueStart = contentStart + colon + 1
                while valueStart < lineEnd, ASCII.isSpace(text[valueStart]) { valueStart += 1 }
                var valueEnd = lineEnd
                while valueEnd > valueStart, ASCII.isWhitespace(text[valueEnd - 1]) { valueEnd -= 1 }
                if valueEnd - valueStart >= 2, text[valueStart] == ASCII.quote || text[valueStart] == ASCII.apostrophe {
                    valueStart += 1
                    valueEnd -= 1
                }
                let value = valueStart..<valueEnd
                guard !value.isEmpty, !MaskFactory.isMasked(text[value]), text[valueStart] != 0x7C,
                    text[valueStart] != 0x3E
                else { continue }
                context.maskToken(
                    value, in: text, kind: .secret, rule: "kubernetes-secret", priority: .context,
                    path: String(decoding: line[..<colon], as: UTF8.self))
                continue
            }
            mapIndent = nil
            if line.starts(with: Array("data:".utf8)) || line.starts(with: Array("stringData:".utf8)) {
                let rest = line.drop { $0 != 0x3A }.dropFirst()
                if rest.allSatisfy(ASCII.isWhitespace) { mapIndent = indent }
            }
        }
    }
}
