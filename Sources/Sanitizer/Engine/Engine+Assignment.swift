/// Keyed values in free text: `password=...`, `"token": "..."`, `API_KEY: ...`, `--password ...`,
/// `<password>...</password>`, `Authorization: Bearer ...`.
extension Engine {
    /// The key name around a stem hit, or nil when the stem is not inside a key.
    func keyName(around stem: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Range<Int>? {
        var start = stem.lowerBound
        while start > range.lowerBound, stem.upperBound - start < 128, ASCII.isKeyChar(text[start - 1]) { start -= 1 }
        var end = stem.upperBound
        while end < range.upperBound, end - start < 128, ASCII.isKeyChar(text[end]) { end += 1 }
        // `--password`: the dashes are the flag's, not the key's.
        while start < end, text[start] == 0x2D { start += 1 }
        // A trailing dot or dash ends a sentence, not a key.
        while end > start, text[end - 1] == 0x2E || text[end - 1] == 0x2D { end -= 1 }
        return start < end ? start..<end : nil
    }

    /// Finds the value assigned to `key` and masks it by the key's policy.
    ///
    /// - Returns: the end of the value when one was found, so the caller skips stem hits inside it, and whether the
    ///   policy dealt with the whole value (then nothing inside it needs looking at again).
    func scanAssignment(
        key: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext
    ) -> (end: Int, handled: Bool, holdsKeys: Bool)? {
        // `https://x-access-token:<token>@host`: a user name that reads as a key is userinfo, and its value would run
        // on over the host. The URL scanner masks the password and keeps the rest.
        if Self.endsWith(text, at: key.lowerBound, "://") { return nil }
        if let setting = Self.appSetting(key: key, in: text, range: range) {
            // `<add key="StripeApiKey" value="..."/>`: the name is the key attribute's value.
            let policy = context.policy(forKey: text[setting.name])
            guard policy != .none else { return (setting.value.upperBound, false, false) }
            let outerPath = context.path
            context.path = String(decoding: text[setting.name], as: UTF8.self)
            defer { context.path = outerPath }
            let handled = applyPolicy(policy, to: setting.value, in: text, into: &context)
            return (setting.value.upperBound, handled, false)
        }
        let policy = context.policy(forKey: text[key])
        guard policy != .none, var value = assignedValue(of: key, in: text, range: range) else { return nil }
        // A walked document's `"name"` was judged with its object (`"product": {"name": ...}`).
        if policy == .nameIfPersonShaped, context.insideWalkedJSON, value.isJSONMember { return nil }
        // A PEM block as a YAML block scalar: the PEM scanner masks its body and keeps its armour.
        if value.ranges.count > 1, ValueShape.containsSubsequence(Array(text[value.ranges[0]]), "-----BEGIN") {
            return nil
        }
        if policy == .authorization, value.ranges.count == 1 {
            value.ranges[0] = extendingScheme(value.ranges[0], in: text, range: range)
        }
        let outerPath = context.path
        context.path = String(decoding: text[key], as: UTF8.self)
        defer { context.path = outerPath }
        var handled = true
        for range in value.ranges {
            handled =
                applyPolicy(policy, to: range, in: text, numericLiteral: value.isNumericLiteral, into: &context)
                && handled
        }
        // A connection string's keys (`Password=` inside `connectionString="..."`) are read on, one by one.
        return value.ranges.last.map { ($0.upperBound, handled, policy == .connectionString) }
    }

    /// `Authorization: Bearer abc` in the middle of a line: a bare value stops at the space after the scheme, but
    /// the credentials are the next word (and for parameter schemes such as Digest, the rest of the line).
    private func extendingScheme(_ value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>)
        -> Range<Int>
    {
        guard value.allSatisfy({ ASCII.isAlnum(text[$0]) || text[$0] == 0x2D }) else { return value }
        var i = value.upperBound
        guard i < range.upperBound, ASCII.isSpace(text[i]) else { return value }
        while i < range.upperBound, ASCII.isSpace(text[i]) { i += 1 }
        let parameterized = AuthorizationScheme(text[value]).takesParameters
        var j = i
        while j < range.upperBound, text[j] != ASCII.newline, text[j] != ASCII.carriageReturn {
            let b = text[j]
            if !parameterized && (ASCII.isWhitespace(b) || b == ASCII.quote || b == ASCII.apostrophe || b == 0x2C) {
                break
            }
            // A parameter scheme's value ends where the quoted or bracketed text around it ends.
            if parameterized && (b == ASCII.apostrophe || b == 0x7D || b == 0x5D) { break }
            j += 1
        }
        return j > i ? value.lowerBound..<j : value
    }

    /// A value in text, as one range or, for a YAML block scalar, one range a line.
    struct AssignedValue {
        var ranges: [Range<Int>]
        /// A JSON number after a JSON key: its mask must stay a number.
        var isNumericLiteral = false
        /// The value of a JSON member: `"key": value`.
        var isJSONMember = false
    }

    /// The value after a key: past a closing quote, an operator (`=`, `:`, `=>`, `:=`, or a flag's space), an
    /// opening quote; up to the matching quote, or for a bare value up to the end of a line-leading key's line or
    /// the next delimiter.
    func assignedValue(of key: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> AssignedValue? {
        let end = range.upperBound
        var i = key.upperBound
        let before = key.lowerBound > range.lowerBound ? text[key.lowerBound - 1] : ASCII.newline
        // <password>value</password>, <wsse:Password Type="PasswordText">value</wsse:Password>
        if before == 0x3C || (before == 0x3A && Self.isXMLPrefix(text, before: key.lowerBound - 1, range: range)),
            i < end, text[i] == 0x3E || text[i] == ASCII.space
        {
            while i < end, text[i] != 0x3E, text[i] != 0x3C, text[i] != ASCII.newline, i - key.upperBound < 256 {
                i += 1
            }
            guard i < end, text[i] == 0x3E else { return nil }
            var j = i + 1
            while j < end, text[j] != 0x3C, j - i < 8192 { j += 1 }
            return j > i + 1 ? AssignedValue(ranges: [(i + 1)..<j]) : nil
        }
        // `"phone": 4155552671, "a": 1`: a key quoted as JSON quotes it, whose bare value is a JSON scalar.
        var isJSONKey = false
        if (before == ASCII.quote || before == ASCII.apostrophe || before == 0x60), i < end {
            if text[i] == before {
                isJSONKey = before == ASCII.quote
                i += 1
                // `app.config['SECRET_KEY'] = "..."`, `ENV["TOKEN"] = ...`: a subscript's key.
                if i < end, text[i] == 0x5D, key.lowerBound >= 2, text[key.lowerBound - 2] == 0x5B {
                    i += 1
                    isJSONKey = false
                }
            } else if text[i] == ASCII.backslash, i + 1 < end, text[i + 1] == before {
                i += 2  // `\"password\":` inside an escaped JSON string
            }
        }
        while i < end, ASCII.isSpace(text[i]) { i += 1 }
        guard i < end else { return nil }
        var isFlag = false
        var isEquals = false
        switch text[i] {
        case 0x3D:  // = or =>
            isEquals = true
            i += 1
            if i < end, text[i] == 0x3D { return nil }  // ==: a comparison
            if i < end, text[i] == 0x3E { i += 1 }
        case 0x3A:  // : or :=
            i += 1
            if i < end, text[i] == 0x3D { i += 1 }
            if i < end, text[i] == 0x3A { return nil }  // `Class::method`
        case let quote
        where (quote == ASCII.quote || quote == ASCII.apostrophe) && i > key.upperBound
            && Self.isPasswordWord(text[key]):
            // SQL: `CREATE USER app WITH PASSWORD 'x'`, `ALTER ROLE app PASSWORD 'x'`.
            var j = i + 1
            while j < end, text[j] != quote, !ASCII.isWhitespace(text[j]), j - i < 1024 { j += 1 }
            return j < end && text[j] == quote && j > i + 1 ? AssignedValue(ranges: [(i + 1)..<j]) : nil
        default:
            // `Bearer <token>` anywhere in text is a credential.
            if ASCII.equalsIgnoringCase(text[key], "bearer"), i > key.upperBound {
                var j = i
                while j < end, Self.isTokenByte(text[j]) { j += 1 }
                return j - i >= 8 ? AssignedValue(ranges: [i..<j]) : nil
            }
            // `--password hunter2`: a flag followed by its value.
            guard key.lowerBound >= 2, text[key.lowerBound - 1] == 0x2D, i > key.upperBound else { return nil }
            isFlag = true
        }
        let lineStart = Self.isAtLineStart(key, in: text, range: range)
        while i < end, ASCII.isSpace(text[i]) { i += 1 }
        guard i < end, text[i] != ASCII.newline, text[i] != ASCII.carriageReturn else { return nil }
        let first = text[i]
        if first == ASCII.quote || first == ASCII.apostrophe || first == 0x60 {
            var j = i + 1
            while j < end, text[j] != first, text[j] != ASCII.newline, j - i < 65536 {
                if text[j] == ASCII.backslash { j += 1 }
                j += 1
            }
            // An escaped quote (`\"password\": \"x\"` in a JSON string) ends before its backslash.
            var valueEnd = min(j, end)
            if valueEnd > i + 1, text[valueEnd - 1] == ASCII.backslash { valueEnd -= 1 }
            guard valueEnd > i + 1 else { return nil }
            return AssignedValue(ranges: [(i + 1)..<valueEnd], isJSONMember: isJSONKey && !isEquals)
        }
        if first == ASCII.backslash, i + 1 < end, text[i + 1] == ASCII.quote {
            // `\"value\"` inside an escaped JSON string.
            var j = i + 2
            while j < end, !(text[j] == ASCII.backslash && j + 1 < end && text[j + 1] == ASCII.quote),
                text[j] != ASCII.newline, j - i < 65536
            {
                j += 1
            }
            return j > i + 2 ? AssignedValue(ranges: [(i + 2)..<j]) : nil
        }
        // ADO.NET quotes a value with `;` in braces: `Password={c9G4;10wQ};`.
        if first == 0x7B, isEquals, let close = text[i..<min(end, i + 1024)].firstIndex(of: 0x7D),
            close > i + 1, !text[i..<close].contains(ASCII.quote), !text[i..<close].contains(ASCII.newline)
        {
            return AssignedValue(ranges: [(i + 1)..<close])
        }
        if first == 0x7B || first == 0x5B { return nil }  // an object or array: its members have their own keys
        if lineStart && !isFlag && (first == 0x7C || first == 0x3E) {
            return blockScalar(after: i, keyStart: key.lowerBound, in: text, range: range)
        }
        var j = i
        if lineStart && !isFlag && !(isJSONKey && !isEquals) {
            while j < end, text[j] != ASCII.newline, text[j] != ASCII.carriageReturn { j += 1 }
            // ` # comment` after a YAML or .env value.
            var k = i
            while k + 1 < j {
                if ASCII.isSpace(text[k]) && text[k + 1] == 0x23 {
                    j = k
                    break
                }
                k += 1
            }
            // `password=hunter2 user=bob`: a logfmt line, where the next `key=` starts the next pair.
            if isEquals, let pair = Self.nextLogfmtKey(in: text, from: i, to: j) { j = pair }
            while j > i, ASCII.isSpace(text[j - 1]) || text[j - 1] == 0x2C || text[j - 1] == 0x3B { j -= 1 }
        } else {
            while j < end, !Self.endsBareValue(text[j]) { j += 1 }
        }
        guard j > i else { return nil }
        if isJSONKey && !isEquals {
            // `null`, `true` and `false` hold nothing; a number's mask must stay a number.
            let word = text[i..<j]
            if ASCII.equals(word, "null") || ASCII.equals(word, "true") || ASCII.equals(word, "false") { return nil }
            return AssignedValue(
                ranges: [i..<j], isNumericLiteral: word.allSatisfy { ASCII.isDigit($0) }, isJSONMember: true)
        }
        return AssignedValue(ranges: [i..<j])
    }

    /// A YAML block scalar (`key: |`): the more indented lines that follow.
    private func blockScalar(
        after indicator: Int, keyStart: Int, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>
    )
        -> AssignedValue?
    {
        var lineStart = keyStart
        while lineStart > range.lowerBound, text[lineStart - 1] != ASCII.newline { lineStart -= 1 }
        let keyIndent = keyStart - lineStart
        var i = indicator
        while i < range.upperBound, text[i] != ASCII.newline { i += 1 }
        var ranges: [Range<Int>] = []
        while i < range.upperBound {
            let start = i + 1
            var j = start
            while j < range.upperBound, text[j] == ASCII.space { j += 1 }
            var lineEnd = j
            while lineEnd < range.upperBound, text[lineEnd] != ASCII.newline { lineEnd += 1 }
            let blank = j == lineEnd || (j < range.upperBound && text[j] == ASCII.carriageReturn)
            if !blank && j - start <= keyIndent { break }
            var contentEnd = lineEnd
            while contentEnd > j, ASCII.isWhitespace(text[contentEnd - 1]) { contentEnd -= 1 }
            if contentEnd > j { ranges.append(j..<contentEnd) }
            i = lineEnd
        }
        return ranges.isEmpty ? nil : AssignedValue(ranges: ranges)
    }

    /// The first space or `&` in `text[from..<to]` that a `key=` follows (a letter or `_`, then key characters, then
    /// `=`): the next pair of a logfmt line or a form body.
    private static func nextLogfmtKey(in text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var k = from
        // A value that is itself a query string (`sv=2022-11-02&sig=...`) is not cut at its `&`s.
        var isQuery = false
        while k + 2 < to {
            if text[k] == 0x3D { isQuery = true }
            if ASCII.isSpace(text[k]) || (text[k] == 0x26 && !isQuery),
                ASCII.isLetter(text[k + 1]) || text[k + 1] == 0x5F
            {
                var e = k + 2
                while e < to, ASCII.isKeyChar(text[e]) { e += 1 }
                if e < to, text[e] == 0x3D { return k }
            }
            k += 1
        }
        return nil
    }

    /// .NET's `appSettings`: `key="<name>" value="<value>"`, the ranges of the name and the value.
    private static func appSetting(key: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>)
        -> (name: Range<Int>, value: Range<Int>)?
    {
        guard ASCII.equalsIgnoringCase(text[key], "key") else { return nil }
        func quoted(at start: Int) -> Range<Int>? {
            guard start < range.upperBound, text[start] == ASCII.quote || text[start] == ASCII.apostrophe else {
                return nil
            }
            var j = start + 1
            while j < range.upperBound, text[j] != text[start], text[j] != ASCII.newline, j - start < 4096 { j += 1 }
            return j < range.upperBound && text[j] == text[start] ? (start + 1)..<j : nil
        }
        guard key.upperBound < range.upperBound, text[key.upperBound] == 0x3D,
            let name = quoted(at: key.upperBound + 1)
        else { return nil }
        var i = name.upperBound + 1
        while i < range.upperBound, ASCII.isWhitespace(text[i]) { i += 1 }
        guard i + 6 < range.upperBound, ASCII.equalsIgnoringCase(text[i..<(i + 6)], "value="),
            let value = quoted(at: i + 6), !value.isEmpty
        else { return nil }
        return (name, value)
    }

    /// Whether a namespace prefix (`wsse` in `<wsse:Password>`) ends at `colon`, right after a `<`.
    private static func isXMLPrefix(_ text: UnsafeBufferPointer<UInt8>, before colon: Int, range: Range<Int>) -> Bool {
        var i = colon
        while i > range.lowerBound, colon - i < 32, ASCII.isAlnum(text[i - 1]) || text[i - 1] == 0x5F { i -= 1 }
        return i < colon && i > range.lowerBound && text[i - 1] == 0x3C
    }

    private static func isPasswordWord(_ key: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        ASCII.equalsIgnoringCase(key, "password") || ASCII.equalsIgnoringCase(key, "passwd")
    }

    private static func isAtLineStart(_ key: Range<Int>, in text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool
    {
        var i = key.lowerBound
        while i > range.lowerBound {
            let b = text[i - 1]
            if b == ASCII.newline { return true }
            // Indentation, YAML list dashes, `export`, quotes and comment markers may precede a leading key.
            if !(ASCII.isSpace(b) || b == 0x2D || b == ASCII.quote || b == ASCII.apostrophe || b == 0x23) {
                return Self.endsWith(text, at: i, "export ") || Self.endsWith(text, at: i, "set ")
            }
            i -= 1
        }
        return true
    }

    /// Bytes of a bearer token: base64url, base64 and the `.` of JWTs and `~` of some providers.
    @inline(__always) private static func isTokenByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x7E || b == 0x2B || b == 0x2F || b == 0x3D
    }

    @inline(__always) private static func endsBareValue(_ b: UInt8) -> Bool {
        ASCII.isWhitespace(b) || b == 0x2C || b == 0x3B || b == 0x26 || b == ASCII.quote || b == ASCII.apostrophe
            || b == 0x3C || b == 0x3E || b == 0x29 || b == 0x5D || b == 0x7D || b == 0x7C || b == 0x23
            || b == ASCII.backslash
    }
}
