import ScanKernels

/// Free text: the prefilter pass and the shape pass.
extension Engine {
    /// Scans `text[range]` as free text: logs, stack traces, `.env`, YAML, properties, prose, and every value a
    /// structured parser hands over without a more specific meaning.
    func scanText(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext) {
        // Nothing the scanners find is shorter than this (`a@b.io`, `1.2.3.4` are longer).
        guard range.count >= 6 else { return }
        scanKeywords(text, range: range, into: &context)
        scanShapes(text, range: range, into: &context)
        for rule in unkeyedRules {
            for secret in rule.secrets(in: text, window: range) {
                context.maskToken(
                    secret, in: text, kind: rule.kind, rule: rule.id, priority: .pattern, keepPrefix: rule.keepPrefix)
            }
        }
    }

    /// The prefilter pass alone, for a value already masked as a whole: token formats and rules inside it
    /// decide what parts of the mask look like (a kept `sk_live_` prefix).
    func scanKeywordsOnly(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext) {
        guard range.count >= 6 else { return }
        scanKeywords(text, range: range, into: &context)
    }

    /// The prefilter pass: every keyword occurrence sets off its triggers.
    private func scanKeywords(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext) {
        var lastKeyStart = -1
        var skipUntil = range.lowerBound
        var handledUntil = range.lowerBound
        // Where each rule's last window ended, made on the first rule hit only: most texts have none.
        var ruleWindowEnd: [Int] = []
        automaton.forEachMatch(in: text, range: range) { keyword, end in
            let start = end - automaton.keywords[keyword].count
            for trigger in triggers[keyword] {
                switch trigger {
                case .keyStem:
                    guard start >= skipUntil else { continue }
                    if let key = keyName(around: start..<end, in: text, range: range), key.lowerBound != lastKeyStart {
                        lastKeyStart = key.lowerBound
                        if let value = scanAssignment(key: key, in: text, range: range, into: &context) {
                            if !value.holdsKeys { skipUntil = max(skipUntil, value.end) }
                            if value.handled { handledUntil = max(handledUntil, value.end) }
                        }
                    }
                case .token(let i):
                    if let match = formats[i].match(in: text, prefixAt: start, end: range.upperBound) {
                        let format = formats[i]
                        context.maskToken(
                            match, in: text, kind: format.kind, rule: format.rule, priority: .exact,
                            keepPrefix: format.keepPrefix)
                    }
                case .jwt:
                    // A JWT that is a keyed value (`Authorization: Bearer eyJ...`) was rewritten with it.
                    guard start >= handledUntil else { continue }
                    if let jwt = maskJWT(in: text, at: start, end: range.upperBound, into: &context) {
                        skipUntil = max(skipUntil, jwt.upperBound)
                    }
                case .pem:
                    if let block = maskPrivateKeyBlock(in: text, at: start, end: range.upperBound, context: &context) {
                        skipUntil = max(skipUntil, block)
                    }
                case .email:
                    scanEmail(in: text, at: start, range: range, into: &context)
                case .url:
                    scanURLCredentials(in: text, schemeSeparatorAt: start, range: range, into: &context)
                case .userFlag:
                    scanCurlUser(in: text, flagEnd: end, range: range, into: &context)
                case .pathToken:
                    scanPathToken(in: text, segmentStart: end, range: range, into: &context)
                case .formDataPart:
                    if let part = scanFormDataPart(in: text, after: end, range: range, into: &context) {
                        skipUntil = max(skipUntil, part)
                    }
                case .rule(let i):
                    if ruleWindowEnd.isEmpty { ruleWindowEnd = [Int](repeating: -1, count: rules.count) }
                    guard end > ruleWindowEnd[i] - 128 else { continue }
                    let window = max(range.lowerBound, start - 160)..<min(range.upperBound, end + 480)
                    ruleWindowEnd[i] = window.upperBound
                    let rule = rules[i]
                    for secret in rule.secrets(in: text, window: window) {
                        context.maskToken(
                            secret, in: text, kind: rule.kind, rule: rule.id, priority: .pattern,
                            keepPrefix: rule.keepPrefix)
                    }
                }
            }
        }
    }

    /// The shape pass: numbers (IPv4, SSN, cards, phones), hex groups (IPv6, MACs with `:`, `-` or Cisco's `.`)
    /// and IBANs.
    private func scanShapes(_ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, into context: inout ScanContext) {
        guard let base = text.baseAddress, range.upperBound <= text.count else { return }
        Self.shapeBytes.withUnsafeBufferPointer { classes in
            Self.shapeStartBytes.withUnsafeBufferPointer { starts in
                let end = range.upperBound
                var i = range.lowerBound
                var hexRunEnd = range.lowerBound
                while i < end {
                    // Most positions start nothing (letters, digits inside a word, spaces, most punctuation). They
                    // are tested many at once, without a branch: 64 with vector instructions (`ScanKernels`, bit k of
                    // `candidates` is position `block + k`), which also look at the bytes around each (a MAC's
                    // groups, an IBAN's first four bytes); or 8 from a table of the classes of each byte and the
                    // byte before it (`shapeStartBytes`, bit 8k is position `block + k`) where fewer are left or the
                    // bytes around the block are not in the buffer. The tests below decide either way.
                    let block = i
                    let blockLength: Int
                    let laneShift: Int
                    var candidates: UInt64
                    // The block's digits, bit k for position `block + k`, where the vector test gave them.
                    var digits: UInt64 = 0
                    if block >= 16 && block + 80 <= text.count && block + 64 <= end {
                        blockLength = 64
                        laneShift = 0
                        candidates = casebook_shape_candidates64(
                            base + block, range.lowerBound &- block, end &- block, &digits)
                    } else {
                        blockLength = block + 8 <= end ? 8 : 1
                        laneShift = 3
                        let before = UInt64(starts[Int(block > 0 ? base[block - 1] : ASCII.space)])
                        var current: UInt64
                        if blockLength == 8 {
                            let word = UInt64(
                                littleEndian: UnsafeRawPointer(base + block).loadUnaligned(as: UInt64.self))
                            current = UInt64(starts[Int(truncatingIfNeeded: word & 0xFF)])
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 8 & 0xFF)]) &<< 8
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 16 & 0xFF)]) &<< 16
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 24 & 0xFF)]) &<< 24
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 32 & 0xFF)]) &<< 32
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 40 & 0xFF)]) &<< 40
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 48 & 0xFF)]) &<< 48
                            current |= UInt64(starts[Int(truncatingIfNeeded: word &>> 56)]) &<< 56
                        } else {
                            current = UInt64(starts[Int(base[block])])
                        }
                        let previous = current &<< 8 | before
                        candidates = current & (previous &>> 4) & 0x0303_0303_0303_0303
                        candidates = (candidates | candidates &>> 1) & 0x0101_0101_0101_0101
                    }
                    while candidates != 0 {
                        let position = block + candidates.trailingZeroBitCount &>> laneShift
                        candidates &= candidates &- 1
                        // A match found before may already cover this position.
                        guard position >= i else { continue }
                        i = position
                        let b = text[i]
                        let previous: UInt8 = i > 0 ? text[i - 1] : ASCII.space
                        let c = classes[Int(b)]
                        let wordBefore = classes[Int(previous)] & Self.wordish != 0
                        if c & Self.numberStart != 0 && !wordBefore {
                            // The digit run from here, when the block holds its end.
                            let offset = i &- block
                            let run = (~digits &>> UInt64(offset)).trailingZeroBitCount
                            let digitRun = laneShift == 0 && offset &+ run < 64 ? run : nil
                            if let match = ShapeScanner.number(in: text, at: i, end: end, digitRun: digitRun) {
                                addShape(match, in: text, into: &context)
                                i = max(i + 1, match.range.upperBound)
                                continue
                            }
                        } else if c & Self.groupSeparator != 0 && i >= hexRunEnd && i + 1 < end
                            && ASCII.isHex(previous) && (ASCII.isHex(text[i + 1]) || text[i + 1] == 0x3A)
                            && (b == 0x3A
                                || ShapeScanner.mayBeMACSeparator(
                                    in: text, at: i, lowerBound: range.lowerBound, end: end))
                        {
                            if let match = ShapeScanner.hexGroups(
                                in: text, around: i, lowerBound: range.lowerBound, end: end)
                            {
                                addShape(match, in: text, into: &context)
                                i = max(i + 1, match.range.upperBound)
                                hexRunEnd = i
                                continue
                            }
                            // Skip the rest of this run of hex digits and separators: it was looked at as a whole.
                            var j = i + 1
                            while j < end, classes[Int(text[j])] & (Self.hexDigit | Self.groupSeparator) != 0 { j += 1 }
                            hexRunEnd = j
                        } else if c & Self.upper != 0 && !wordBefore && i + 3 < end && ASCII.isUpper(text[i + 1])
                            && ASCII.isDigit(text[i + 2]) && ASCII.isDigit(text[i + 3])
                        {
                            if let match = ShapeScanner.iban(in: text, at: i, end: end) {
                                addShape(match, in: text, into: &context)
                                i = max(i + 1, match.range.upperBound)
                                continue
                            }
                        }
                        i += 1
                    }
                    i = max(i, block + blockLength)
                }
            }
        }
    }

    // The shape pass's byte classes.
    private static let wordish: UInt8 = 1
    private static let numberStart: UInt8 = 2
    private static let groupSeparator: UInt8 = 4
    private static let upper: UInt8 = 8
    private static let hexDigit: UInt8 = 16

    private static let shapeBytes: [UInt8] = (0...255).map { value in
        let b = UInt8(value)
        var c: UInt8 = 0
        if ASCII.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x2D { c |= wordish }
        if ASCII.isDigit(b) || b == 0x2B || b == 0x28 { c |= numberStart }
        if b == 0x3A || b == 0x2D || b == 0x2E { c |= groupSeparator }
        if ASCII.isUpper(b) { c |= upper }
        if ASCII.isHex(b) { c |= hexDigit }
        return c
    }

    /// What a byte means for whether a shape may start at it or right after it, in two nibbles.
    ///
    /// The pass acts only where a number or an IBAN starts after a byte that is not part of a word, or where a hex
    /// group separator follows a hex digit. The low nibble describes the byte as the current one (bit 0: it may
    /// start a number or an IBAN; bit 1: it separates hex groups), the high nibble as the one before (bit 4: it is
    /// not part of a word; bit 5: it is a hex digit), so that `current & previous >> 4` is non-zero exactly where
    /// the pass's tests can act; every other position is skipped.
    static let shapeStartBytes: [UInt8] = (0...255).map { value in
        let b = UInt8(value)
        let c = shapeBytes[value]
        var start: UInt8 = 0
        if c & (numberStart | upper) != 0 { start |= 1 }
        if c & groupSeparator != 0 { start |= 2 }
        if c & wordish == 0 { start |= 0x10 }
        if ASCII.isHex(b) { start |= 0x20 }
        return start
    }

    func addShape(_ match: ShapeMatch, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext) {
        let value = Array(text[match.range])
        let masks = context.masks
        let replacement: [UInt8] =
            switch match.kind {
            case .ipAddress: value.contains(0x3A) ? masks.ipv6(value) : masks.ipv4(value)
            case .macAddress: masks.mac(value)
            case .cardNumber: masks.card(value)
            case .iban: masks.iban(value)
            case .ssn: masks.ssn(value)
            case .phone: masks.phone(value)
            case .email: masks.email(value)
            default: masks.token(value, kind: match.kind)
            }
        context.add(match.range, replacement: replacement, kind: match.kind, rule: match.rule, priority: .shape)
    }

    // MARK: - Emails and URLs

    /// An email address around the `@` at `at`, or around the `%40` there in a percent-encoded URL or form
    /// (`/users/ana%40mail.com`), whose mask keeps the encoding.
    ///
    /// Local parts and domains may hold UTF-8 (`josé@example.com`, `user@bücher.de`); a sentence's full stop after
    /// the address is not part of it.
    private func scanEmail(
        in text: UnsafeBufferPointer<UInt8>, at: Int, range: Range<Int>, into context: inout ScanContext
    ) {
        let encoded = text[at] == 0x25
        let domainStart = at + (encoded ? 3 : 1)
        var start = at
        while start > range.lowerBound, at - start < 64, Self.isEmailLocal(text[start - 1]) { start -= 1 }
        // A dot cannot start the local part.
        while start < at, text[start] == 0x2E { start += 1 }
        guard start < at else { return }
        // `user:password@host` and `//token@host` are a URL's userinfo, handled with the URL, and so is a
        // password's part that looks like an address (`user:pa/ss@host`, `user:p@ss@host`).
        if start > range.lowerBound, text[start - 1] == 0x3A, !Self.endsWith(text, at: start - 1, "mailto") { return }
        if Self.isInsideURLPassword(text, at: start, range: range) { return }
        if Self.endsWith(text, at: start, "//") { return }
        var end = domainStart
        while end < range.upperBound, end - at < 255, Self.isEmailDomain(text[end]) { end += 1 }
        // A domain ends with a label: `alice@example.com.` ends a sentence, and a UTF-8 sequence is never cut.
        while end > domainStart, text[end - 1] == 0x2E || text[end - 1] == 0x2D || text[end - 1] & 0xC0 == 0xC0 {
            end -= 1
        }
        // The top-level domain: two letters or more (a version, `pkg@1.2.3`, is no address).
        var lastDot = end - 1
        while lastDot > domainStart, text[lastDot] != 0x2E { lastDot -= 1 }
        guard lastDot > domainStart, end - lastDot - 1 >= 2,
            (lastDot + 1..<end).allSatisfy({ ASCII.isLetter(text[$0]) || text[$0] >= 0x80 })
        else { return }
        let domain = Array(text[domainStart..<end]).map(ASCII.lower)
        if domain.elementsEqual(MaskFactory.maskEmailDomain.utf8) { return }
        // `git@github.com:acme/infra.git`: a remote in scp syntax, a host and a path.
        if !encoded, end + 1 < range.upperBound, text[end] == 0x3A,
            ASCII.isLetter(text[end + 1]) || text[end + 1] == 0x2F || text[end + 1] == 0x7E
        {
            return
        }
        var value = Array(text[start..<at])
        value.append(0x40)
        value += text[domainStart..<end]
        let masks = context.masks
        var replacement = context.mask(value, kind: .email) { masks.email(value) }
        if encoded, let sign = replacement.firstIndex(of: 0x40) {
            replacement.replaceSubrange(sign...sign, with: Array("%40".utf8))
        }
        context.add(start..<end, replacement: replacement, kind: .email, rule: "email", priority: .shape)
    }

    /// `/reset/<token>/`, `/magic-link/<token>`: a URL path segment after one of these words, when it looks
    /// machine-made (a one-time token); `/verify/email` and `/token/refresh` are words, and stay.
    private func scanPathToken(
        in text: UnsafeBufferPointer<UInt8>, segmentStart: Int, range: Range<Int>, into context: inout ScanContext
    ) {
        var end = segmentStart
        while end < range.upperBound, end - segmentStart < 512 {
            let b = text[end]
            if b == 0x2F || b == 0x3F || b == 0x23 || b == 0x26 || Self.endsURL(b) { break }
            end += 1
        }
        let segment = segmentStart..<end
        guard segment.count >= 16, ValueShape.looksRandom(text[segment]) || ValueShape.isLongHex(text[segment]),
            !MaskFactory.isMasked(text[segment])
        else { return }
        context.maskToken(segment, in: text, kind: .accessToken, rule: "url-path-token", priority: .context)
    }

    /// A multipart body's part: `Content-Disposition: form-data; name="password"`, a blank line, then the value up
    /// to the line before the next boundary. Returns where the value ends, when its name classified it.
    private func scanFormDataPart(
        in text: UnsafeBufferPointer<UInt8>, after start: Int, range: Range<Int>, into context: inout ScanContext
    ) -> Int? {
        let end = range.upperBound
        var i = start
        while i < end, i - start < 256, text[i] != ASCII.newline, !Self.endsWith(text, at: i, "name=\"") { i += 1 }
        guard i < end, Self.endsWith(text, at: i, "name=\"") else { return nil }
        var nameEnd = i
        while nameEnd < end, text[nameEnd] != ASCII.quote, text[nameEnd] != ASCII.newline { nameEnd += 1 }
        guard nameEnd < end, text[nameEnd] == ASCII.quote, nameEnd > i else { return nil }
        let policy = context.policy(forKey: text[i..<nameEnd])
        guard policy != .none else { return nil }
        // The part's headers end at a blank line.
        var j = nameEnd
        var lineStart = -1
        while j < end, j - nameEnd < 1024 {
            if text[j] == ASCII.newline {
                var k = j + 1
                if k < end, text[k] == ASCII.carriageReturn { k += 1 }
                if k < end, text[k] == ASCII.newline {
                    lineStart = k + 1
                    break
                }
            }
            j += 1
        }
        guard lineStart > 0, lineStart < end else { return nil }
        // The value runs to the line break before `--boundary` (or the end of its line, for a one-line value).
        var valueEnd = lineStart
        while valueEnd < end, valueEnd - lineStart < 65536 {
            if text[valueEnd] == ASCII.newline, valueEnd + 2 < end, text[valueEnd + 1] == 0x2D,
                text[valueEnd + 2] == 0x2D
            {
                break
            }
            valueEnd += 1
        }
        if valueEnd > lineStart, text[valueEnd - 1] == ASCII.carriageReturn { valueEnd -= 1 }
        guard valueEnd > lineStart else { return nil }
        let outerPath = context.path
        context.path = String(decoding: text[i..<nameEnd], as: UTF8.self)
        defer { context.path = outerPath }
        return applyPolicy(policy, to: lineStart..<valueEnd, in: text, into: &context) ? valueEnd : nil
    }

    /// `curl -u user:password` in a paste (a shell session, a chat message): the password after the first `:`.
    /// Only on a line that runs curl: `-u` means other things to other tools (`docker run -u 1000:1000`).
    private func scanCurlUser(
        in text: UnsafeBufferPointer<UInt8>, flagEnd: Int, range: Range<Int>, into context: inout ScanContext
    ) {
        var lineStart = flagEnd
        while lineStart > range.lowerBound, flagEnd - lineStart < 4096, text[lineStart - 1] != ASCII.newline {
            lineStart -= 1
        }
        guard (lineStart..<max(lineStart, flagEnd - 4)).contains(where: { Self.endsWith(text, at: $0 + 4, "curl") })
        else { return }
        var i = flagEnd
        if text[i - 1] == ASCII.quote || text[i - 1] == ASCII.apostrophe { i -= 1 }
        while i < range.upperBound, text[i] == ASCII.space { i += 1 }
        guard i < range.upperBound else { return }
        var end = i
        if text[i] == ASCII.quote || text[i] == ASCII.apostrophe {
            let quote = text[i]
            i += 1
            end = i
            while end < range.upperBound, text[end] != quote, text[end] != ASCII.newline { end += 1 }
        } else {
            while end < range.upperBound, !ASCII.isWhitespace(text[end]) { end += 1 }
        }
        guard let colon = text[i..<end].firstIndex(of: 0x3A), colon + 1 < end else { return }
        applyPolicy(.secret(.password, weak: false), to: (colon + 1)..<end, in: text, into: &context)
    }

    /// Whether `at` is inside a URL's password written unencoded (`scheme://user:pa/ss@host`, `user:p@ss@host`):
    /// the scheme's `://`, a user and a `:` stand before it in the same word, and no `@` then `/` (a host, then a
    /// path) between.
    private static func isInsideURLPassword(_ text: UnsafeBufferPointer<UInt8>, at: Int, range: Range<Int>) -> Bool {
        var k = at
        while k > range.lowerBound, at - k < 512 {
            let b = text[k - 1]
            if ASCII.isWhitespace(b) || b == ASCII.quote || b == ASCII.apostrophe || b == 0x3C { return false }
            if b == 0x2F, k - 3 >= range.lowerBound, text[k - 2] == 0x2F, text[k - 3] == 0x3A { break }
            k -= 1
        }
        guard k > range.lowerBound, at - k < 512 else { return false }
        // `k` is where the user starts: a `:` must end it before any `/`.
        var j = k
        while j < at, text[j] != 0x2F, text[j] != 0x3A { j += 1 }
        guard j < at, text[j] == 0x3A else { return false }
        // `host:8443/path`: a port, then the path.
        var digitsEnd = j + 1
        while digitsEnd < at, ASCII.isDigit(text[digitsEnd]) { digitsEnd += 1 }
        if digitsEnd > j + 1, digitsEnd < at, text[digitsEnd] == 0x2F { return false }
        var sawAt = false
        for b in text[j..<at] {
            if b == 0x40 { sawAt = true }
            if b == 0x2F && sawAt { return false }
        }
        return true
    }

    /// A byte no URL in text runs past: whitespace, quotes, angle brackets, a backslash.
    private static func endsURL(_ b: UInt8) -> Bool {
        ASCII.isWhitespace(b) || b == ASCII.quote || b == ASCII.apostrophe || b == 0x3C || b == 0x3E
            || b == ASCII.backslash
    }

    private static func isEmailLocal(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D || b >= 0x80
    }

    private static func isEmailDomain(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == 0x2D || b == 0x2E || b >= 0x80
    }

    static func endsWith(_ text: UnsafeBufferPointer<UInt8>, at end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end >= n else { return false }
        return ASCII.equalsIgnoringCase(text[(end - n)..<end], literal)
    }

    /// Credentials in a URL's userinfo: `scheme://user:password@host`, or a lone token as the user
    /// (`https://<token>@github.com`, a Sentry DSN key).
    private func scanURLCredentials(
        in text: UnsafeBufferPointer<UInt8>, schemeSeparatorAt separator: Int, range: Range<Int>,
        into context: inout ScanContext
    ) {
        let userStart = separator + 3
        var i = userStart
        var colon = -1
        var at = -1
        while i < range.upperBound, i - userStart < 512 {
            let b = text[i]
            if b == 0x40 {
                at = i
            } else if b == 0x3A && colon < 0 && at < 0 {
                colon = i
            } else if b == 0x2F || b == 0x3F || b == 0x23 {
                // `user:pa/ss#1@host`: a password written unencoded runs past a `/`, `?` or `#` to the first `@`
                // after it; `host:8080/x@y` is a port, then a path.
                guard at < 0, colon > 0, !text[(colon + 1)..<i].allSatisfy(ASCII.isDigit) else { break }
                var j = i
                while j < range.upperBound, j - userStart < 512, !Self.endsURL(text[j]), text[j] != 0x40 { j += 1 }
                if j < range.upperBound, j - userStart < 512, text[j] == 0x40 { at = j }
                break
            } else if Self.endsURL(b) {
                break
            }
            i += 1
        }
        // The last '@' before the host ends the userinfo (passwords may hold '@' when unencoded).
        guard at > userStart else { return }
        if colon > 0 && colon < at {
            let password = (colon + 1)..<at
            if !password.isEmpty && !ValueShape.isPlaceholder(text[password]) && !MaskFactory.isMasked(text[password]) {
                context.maskToken(password, in: text, kind: .password, rule: "url-password", priority: .context)
            }
        } else {
            let user = userStart..<at
            if ValueShape.looksRandom(text[user]) && !MaskFactory.isMasked(text[user]) {
                context.maskToken(user, in: text, kind: .accessToken, rule: "url-token", priority: .context)
            }
        }
    }
}
