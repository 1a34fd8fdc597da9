/// The parts of a URL that can carry a secret or personal data, each with its role.
///
/// A URL is split into its userinfo (`scheme://user:password@host`), its host, its path, each query parameter
/// and its fragment. Query values are percent-decoded, and map back through the URL's own ``DecodedText`` origin,
/// so a URL that sits inside shell quoting or a JSON string still gets its masks in the right bytes.
///
/// ```
/// https://bob:hunter2@api.example.com/reset/abc?token=x%2By#access_token=z
///         |  |        |              |          |         |
///         |  |        host: .text    path: .text|         fragment: parsed like a query
///         |  .userinfoPassword                  .queryParameter(name: "token") = "x+y"
///         .userinfoUser
/// ```
enum URLParts {
    /// The fields of `url`: an absolute URL (`https://...`), a scheme-relative one (`//host/...`), an origin-form
    /// request target (`/path?query`), or a host-first URL as curl accepts it (`api.example.com/v1?key=...`).
    ///
    /// Every byte of the URL other than its scheme and delimiters (`://`, `:`, `@`, `?`, `&`, `=`, `#`) and its
    /// parameter names lies in one of the fields.
    static func fields(of url: DecodedText) -> [Field] {
        let b = url.bytes
        let n = b.count
        var fields: [Field] = []
        guard n > 0 else { return fields }

        var authorityStart: Int? = nil
        var pathStart = 0
        if let colon = schemeEnd(b) {
            if colon + 2 < n, b[colon + 1] == 0x2F, b[colon + 2] == 0x2F {
                authorityStart = colon + 3
            } else if colon + 1 < n, ASCII.isDigit(b[colon + 1]) {
                // `localhost:8080/x`: a host and port, not a scheme.
                authorityStart = 0
            } else {
                // An opaque URL (`mailto:`, `urn:`): what follows the scheme is read as a path and query.
                pathStart = colon + 1
            }
        } else if n >= 2, b[0] == 0x2F, b[1] == 0x2F {
            authorityStart = 2
        } else if b[0] != 0x2F, looksLikeHost(b) {
            authorityStart = 0
        }

        if let start = authorityStart {
            pathStart = authority(of: url, from: start, into: &fields)
        }
        let queryMark = firstIndex(of: 0x3F, in: b, from: pathStart, stopAt: 0x23)
        let fragmentMark = firstIndex(of: 0x23, in: b, from: pathStart, stopAt: nil)
        let pathEnd = queryMark ?? fragmentMark ?? n
        if pathEnd > pathStart { fields.append(Field(role: .text, value: url.slice(pathStart..<pathEnd))) }
        if let q = queryMark {
            parameters(of: url, in: (q + 1)..<(fragmentMark ?? n), plusIsSpace: false, into: &fields)
        }
        if let f = fragmentMark {
            fragment(of: url, in: (f + 1)..<n, into: &fields)
        }
        return fields
    }

    // MARK: - Parts

    /// The end of a URL scheme (`https`, `git+ssh`): the offset of its colon, or nil.
    private static func schemeEnd(_ b: [UInt8]) -> Int? {
        guard let first = b.first, ASCII.isLetter(first) else { return nil }
        var i = 1
        while i < b.count, i < 64, ASCII.isAlnum(b[i]) || b[i] == 0x2B || b[i] == 0x2D || b[i] == 0x2E { i += 1 }
        return i < b.count && b[i] == 0x3A ? i : nil
    }

    /// Whether a URL without a scheme starts with a host (`api.example.com/v1`, `user:pw@host`) rather than a
    /// relative path (`v1/items`).
    private static func looksLikeHost(_ b: [UInt8]) -> Bool {
        var i = 0
        var dots = 0
        while i < b.count, b[i] != 0x2F, b[i] != 0x3F, b[i] != 0x23 {
            let c = b[i]
            if c == 0x40 || c == 0x3A { return true }
            if c == 0x2E { dots += 1 }
            if ASCII.isWhitespace(c) { return false }
            i += 1
        }
        return dots > 0 || ASCII.equalsIgnoringCase(b[0..<i], "localhost")
    }

    /// Emits the userinfo and host of the authority that starts at `start`; returns where the path starts.
    private static func authority(of url: DecodedText, from start: Int, into fields: inout [Field]) -> Int {
        let b = url.bytes
        let n = b.count
        var end = start
        while end < n, b[end] != 0x2F, b[end] != 0x3F, b[end] != 0x23 { end += 1 }
        var at: Int? = nil
        var k = start
        while k < end {
            if b[k] == 0x40 { at = k }
            k += 1
        }
        if at == nil, let colon = firstIndex(of: 0x3A, in: b, from: start, stopAt: nil), colon < end,
            b[start] != 0x5B, !(colon + 1..<end).allSatisfy({ ASCII.isDigit(b[$0]) })
        {
            // `user:pa/ss@host`: an unencoded `/`, `?` or `#` in a password ends the authority too early. A colon
            // not followed by a port means userinfo, which runs to the next `@`.
            var j = end
            while j < n, b[j] != 0x40, !ASCII.isWhitespace(b[j]) { j += 1 }
            if j < n, b[j] == 0x40 {
                at = j
                end = j + 1
                while end < n, b[end] != 0x2F, b[end] != 0x3F, b[end] != 0x23 { end += 1 }
            }
        }
        var hostStart = start
        if let at {
            let colon = firstIndex(of: 0x3A, in: b, from: start, stopAt: nil).flatMap { $0 < at ? $0 : nil }
            let userEnd = colon ?? at
            if userEnd > start {
                fields.append(
                    Field(role: .userinfoUser, value: url.percentDecoded(start..<userEnd, plusIsSpace: false)))
            }
            if let colon, at > colon + 1 {
                fields.append(
                    Field(role: .userinfoPassword, value: url.percentDecoded((colon + 1)..<at, plusIsSpace: false)))
            }
            hostStart = at + 1
        }
        if end > hostStart { fields.append(Field(role: .text, value: url.slice(hostStart..<end))) }
        return end
    }

    /// A fragment: OAuth's implicit flow puts `access_token=...` there, and hash routers put a path and a query.
    private static func fragment(of url: DecodedText, in range: Range<Int>, into fields: inout [Field]) {
        guard !range.isEmpty else { return }
        let b = url.bytes
        if let q = firstIndex(of: 0x3F, in: b, from: range.lowerBound, stopAt: nil), q < range.upperBound {
            if q > range.lowerBound { fields.append(Field(role: .text, value: url.slice(range.lowerBound..<q))) }
            parameters(of: url, in: (q + 1)..<range.upperBound, plusIsSpace: false, into: &fields)
        } else if b[range].contains(0x3D) {
            parameters(of: url, in: range, plusIsSpace: false, into: &fields)
        } else {
            fields.append(Field(role: .text, value: url.slice(range)))
        }
    }

    /// Emits `name=value` pairs separated by `&`: each value as a percent-decoded ``Field/Role/queryParameter(name:)``,
    /// and each piece without `=` as text (a bare token is still scanned).
    static func parameters(of text: DecodedText, in range: Range<Int>, plusIsSpace: Bool, into fields: inout [Field]) {
        let b = text.bytes
        var pieceStart = range.lowerBound
        while pieceStart <= range.upperBound {
            var pieceEnd = pieceStart
            while pieceEnd < range.upperBound, b[pieceEnd] != 0x26 { pieceEnd += 1 }
            if pieceEnd > pieceStart {
                if let eq = firstIndex(of: 0x3D, in: b, from: pieceStart, stopAt: 0x26), eq < pieceEnd {
                    let nameBytes = text.percentDecoded(pieceStart..<eq, plusIsSpace: plusIsSpace).bytes
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    if pieceEnd > eq + 1 {
                        let value = text.percentDecoded((eq + 1)..<pieceEnd, plusIsSpace: plusIsSpace)
                        fields.append(Field(role: .queryParameter(name: name), value: value))
                    }
                } else {
                    fields.append(Field(role: .text, value: text.slice(pieceStart..<pieceEnd)))
                }
            }
            pieceStart = pieceEnd + 1
        }
    }

    /// The first `byte` at or after `from`, stopping (nil) at `stopAt`.
    static func firstIndex(of byte: UInt8, in b: [UInt8], from: Int, stopAt: UInt8?) -> Int? {
        var i = from
        while i < b.count {
            if b[i] == byte { return i }
            if let stopAt, b[i] == stopAt { return nil }
            i += 1
        }
        return nil
    }
}

/// The fields of an `application/x-www-form-urlencoded` body: `name=value&...`, `+` for a space.
enum FormFields {
    /// Each parameter's value as a percent-decoded ``Field/Role/queryParameter(name:)``, or nil when `body` does not
    /// look like a form (JSON, XML, prose), so that the caller can read it another way.
    static func fields(of body: DecodedText) -> [Field]? {
        let b = body.bytes
        var lower = 0
        var upper = b.count
        while lower < upper, ASCII.isWhitespace(b[lower]) { lower += 1 }
        while upper > lower, ASCII.isWhitespace(b[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        var sawPair = false
        var inName = true
        var nameLength = 0
        for i in lower..<upper {
            let c = b[i]
            // Raw line breaks never appear in an encoded form; in a body they mean text, not a form.
            if c == ASCII.newline || c == ASCII.carriageReturn || c == 0 { return nil }
            if c == 0x26 {
                inName = true
                nameLength = 0
            } else if inName {
                if c == 0x3D {
                    guard nameLength > 0 else { return nil }
                    inName = false
                    sawPair = true
                } else {
                    if ASCII.isWhitespace(c) || c == 0x7B || c == 0x7D || c == ASCII.quote || c == 0x3C || c == 0x3E
                        || c == 0x3A || c == 0x2C
                    {
                        return nil
                    }
                    nameLength += 1
                }
            }
        }
        guard sawPair else { return nil }
        var fields: [Field] = []
        URLParts.parameters(of: body, in: lower..<upper, plusIsSpace: true, into: &fields)
        return fields
    }
}
