/// A token format recognized by its prefix.
///
/// Providers that issue secrets with a fixed, distinctive prefix (`ghp_`, `AKIA`, `sk_live_`, `xoxb-`) make them
/// findable without context: the engine's prefilter finds the prefix (without regard to case), then
/// ``match(in:prefixAt:end:)`` checks the bytes after it against the provider's real format: the alphabet, the
/// length, and a validator where the format carries one (the CRC32 tail of GitHub and npm tokens, the bech32
/// checksum of age keys, the fixed segments of SendGrid or Slack tokens).
///
/// The body is read greedily: the longest run of body bytes after the prefix, which must then fit the length
/// range. A run that is longer than the format allows is not a token of this format (an `AKIA` inside a longer
/// uppercase word), and neither is one that runs straight into a letter or digit outside the body's alphabet.
///
/// `match` also turns away what is not a live secret: documentation examples (`AKIAIOSFODNN7EXAMPLE`, bodies of
/// one repeated character or of `xxxx`, `12345678`, `abcdefgh` runs), values that are already Casebook masks
/// (``MaskFactory/isMasked(_:)``), and tokens that a longer prefix in the catalog owns (`xoxe.xoxp-…` is a Slack
/// configuration token, not a user token that happens to follow `xoxe.`).
struct TokenFormat: Sendable {
    /// The rule reported in findings, for example `github-pat`.
    var rule: String
    /// The case-sensitive literal the token starts with, for example `ghp_`.
    var prefix: String
    /// The bytes allowed after the prefix.
    var body: Charset
    /// The body's length range (after the prefix). The greedy run of body bytes must fall in it.
    var length: ClosedRange<Int>
    /// How many bytes of the token the mask keeps: the prefix usually, so the mask still names the kind.
    var keepPrefix: Int
    var kind: FindingKind
    var validator: Validator = .none
    /// The byte before the token must not be a letter or digit: `ghp_` inside `xghp_…` is part of another word.
    var requiresBoundaryBefore: Bool = true
    /// Bytes before the prefix that belong to the token, for the few formats whose marker is not at the start
    /// (Mailchimp's `<32 hex>-us21`, Terraform Cloud's `<14>.atlasv1.<…>`); nil for the rest.
    var lead: Segment? = nil

    /// The body's alphabet. Every case is ASCII; a byte outside it ends the body.
    enum Charset: Sendable {
        case alnum
        case alnumUnderscore
        case alnumDash
        case alnumDashUnderscore
        /// The URL-safe base64 alphabet without padding: letters, digits, `-` and `_`.
        case base64url
        /// The standard base64 alphabet with its padding: letters, digits, `+`, `/` and `=`.
        case base64
        case hexLower
        case hexUpper
        /// Hexadecimal digits of either case.
        case hex
        case upperAlnum
        case lowerAlnum
        case letters
        case digits
        /// Letters and digits plus the listed ASCII punctuation, for example `alnumPlus("-_.")`.
        case alnumPlus(String)
        /// Exactly the listed ASCII bytes, for example the bech32 alphabet.
        case custom(String)

        /// Whether `b` belongs to the alphabet.
        @inline(__always)
        func contains(_ b: UInt8) -> Bool {
            switch self {
            case .alnum: ASCII.isAlnum(b)
            case .alnumUnderscore: ASCII.isAlnum(b) || b == 0x5F
            case .alnumDash: ASCII.isAlnum(b) || b == 0x2D
            case .alnumDashUnderscore, .base64url: ASCII.isAlnum(b) || b == 0x2D || b == 0x5F
            case .base64: ASCII.isAlnum(b) || b == 0x2B || b == 0x2F || b == 0x3D
            case .hexLower: ASCII.isDigit(b) || b &- 0x61 < 6
            case .hexUpper: ASCII.isDigit(b) || b &- 0x41 < 6
            case .hex: ASCII.isHex(b)
            case .upperAlnum: ASCII.isDigit(b) || ASCII.isUpper(b)
            case .lowerAlnum: ASCII.isDigit(b) || ASCII.isLower(b)
            case .letters: ASCII.isLetter(b)
            case .digits: ASCII.isDigit(b)
            case .alnumPlus(let extra): ASCII.isAlnum(b) || extra.utf8.contains(b)
            case .custom(let bytes): bytes.utf8.contains(b)
            }
        }

        /// Whether every letter and digit belongs to the alphabet: then a run of body bytes can only end at
        /// punctuation, and the boundary after the token is guaranteed.
        var containsAllAlnum: Bool {
            switch self {
            case .alnum, .alnumUnderscore, .alnumDash, .alnumDashUnderscore, .base64url, .base64, .alnumPlus: true
            default: false
            }
        }
    }

    /// A run of bytes of one alphabet and a length range: a part of a structured body, or a token's lead.
    struct Segment: Sendable {
        var charset: Charset
        var length: ClosedRange<Int>

        init(_ charset: Charset, _ length: ClosedRange<Int>) {
            self.charset = charset
            self.length = length
        }

        /// Whether `bytes` fits the alphabet and the length.
        func accepts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            length.contains(bytes.count) && bytes.allSatisfy(charset.contains)
        }
    }

    /// A check of the body beyond its alphabet and length.
    enum Validator: Sendable {
        case none
        /// GitHub's classic tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`): the last 6 characters are the CRC32 of
        /// the characters before them, in base62 (`0-9A-Za-z`), left-padded with `0`.
        case githubCRC32
        /// npm tokens (`npm_`): the same scheme as GitHub's, 30 random characters and a 6-character CRC32.
        case npmCRC32
        /// Stricter than the check every format gets (a body that ends in `EXAMPLE`): the word anywhere in the
        /// body, as AWS documentation puts it in key ids and in the middle of secret keys.
        case notExample
        /// A fixed marker at a fixed offset of the body: legacy OpenAI keys carry `T3BlbkFJ` (base64 of `OpenAI`)
        /// after 20 characters.
        case marker(String, at: Int)
        /// A fixed ending: Anthropic keys end in `AA`.
        case suffix(String)
        /// A body of parts joined by `separator`, each of its own alphabet and length. The last part takes the
        /// rest of the body, so it may contain the separator if its alphabet does.
        case segments(separator: Unicode.Scalar, parts: [Segment])
        /// GitLab tokens: either the legacy random string of `legacy` length, or the routable form
        /// `<base64url payload 27...300>.<2 base36>[.<2 base36>]<7 base36>` that GitLab issues since 17.x.
        case gitlab(legacy: ClosedRange<Int>)
        /// A bech32 string whose human-readable part is `hrp` and whose data part is the body (age keys).
        case bech32(hrp: String)

        /// Whether `body` passes the check.
        func accepts(_ body: UnsafeBufferPointer<UInt8>) -> Bool {
            switch self {
            case .none:
                return true
            case .githubCRC32, .npmCRC32:
                return TokenFormat.hasCRC32Tail(body)
            case .notExample:
                return !TokenFormat.contains(body, caseInsensitive: "example")
            case .marker(let marker, let offset):
                let bytes = Array(marker.utf8)
                guard offset >= 0, offset + bytes.count <= body.count else { return false }
                return body[offset..<offset + bytes.count].elementsEqual(bytes)
            case .suffix(let suffix):
                let bytes = Array(suffix.utf8)
                return body.count >= bytes.count && body.suffix(bytes.count).elementsEqual(bytes)
            case .segments(let separator, let parts):
                return TokenFormat.hasSegments(body, separator: UInt8(ascii: separator), parts: parts)
            case .gitlab(let legacy):
                return TokenFormat.isGitLabToken(body, legacy: legacy)
            case .bech32(let hrp):
                return TokenFormat.hasBech32Checksum(hrp: Array(hrp.utf8), data: body)
            }
        }
    }

    // MARK: - Matching

    /// The bytes the greedy scan may read past the longest body: a few trailing dots that end a sentence are
    /// dropped before the length is checked.
    private static let trailingSlack = 16

    /// The whole token (lead, prefix and body) whose prefix starts at `start`, or nil if the bytes there are not a
    /// token of this format.
    ///
    /// - Parameters:
    ///   - text: the buffer being scanned; nothing outside `0..<end` is read after the prefix, nothing before
    ///     index 0 before it.
    ///   - start: where the prefilter found the prefix (matched without regard to case; this checks the case).
    ///   - end: the end of the scanned range.
    /// - Returns: the token's range, prefix included.
    func match(in text: UnsafeBufferPointer<UInt8>, prefixAt start: Int, end: Int) -> Range<Int>? {
        let end = min(end, text.count)
        let prefixBytes = prefix.utf8
        guard start >= 0, start <= end - prefixBytes.count else { return nil }
        var i = start
        for b in prefixBytes {
            guard text[i] == b else { return nil }
            i += 1
        }
        let bodyStart = i

        var tokenStart = start
        if let lead {
            var j = start
            while j > 0, start - j <= lead.length.upperBound, lead.charset.contains(text[j - 1]) { j -= 1 }
            guard lead.length.contains(start - j) else { return nil }
            tokenStart = j
        }
        if requiresBoundaryBefore, tokenStart > 0, ASCII.isAlnum(text[tokenStart - 1]) { return nil }

        // Greedy, but bounded: a megabyte of letters after `AKIA` costs no more than the longest body.
        let scanLimit = min(end, bodyStart + length.upperBound + Self.trailingSlack)
        var bodyEnd = bodyStart
        while bodyEnd < scanLimit, body.contains(text[bodyEnd]) { bodyEnd += 1 }
        if bodyEnd == scanLimit, scanLimit < end, body.contains(text[scanLimit]) { return nil }
        // No format ends in a dot; a dot there ends the sentence the token sits in (`… token ya29.a0Af….`).
        while bodyEnd > bodyStart, text[bodyEnd - 1] == 0x2E { bodyEnd -= 1 }
        guard length.contains(bodyEnd - bodyStart) else { return nil }
        // The token must not run into a letter or digit outside its alphabet (`AKIA…` followed by lowercase).
        if bodyEnd < end, ASCII.isAlnum(text[bodyEnd]) { return nil }

        let bodyBytes = UnsafeBufferPointer(rebasing: text[bodyStart..<bodyEnd])
        guard validator.accepts(bodyBytes) else { return nil }
        var secret = Array(text[tokenStart..<start])
        secret.append(contentsOf: bodyBytes)
        guard !Self.isDocumentationExample(secret) else { return nil }
        guard !MaskFactory.isMasked(UnsafeBufferPointer(rebasing: text[tokenStart..<bodyEnd])) else { return nil }
        guard !isOwnedByLongerPrefix(in: text, prefixAt: start, end: end) else { return nil }
        return tokenStart..<bodyEnd
    }

    /// Whether a catalog format with a longer prefix that contains this one matches around `start`: then the token
    /// is that format's (longest prefix wins), and reporting it twice, or as the wrong kind, would be a bug.
    private func isOwnedByLongerPrefix(in text: UnsafeBufferPointer<UInt8>, prefixAt start: Int, end: Int) -> Bool {
        guard let owners = Self.longerPrefixes[prefix] else { return false }
        for owner in owners where start - owner.offset >= 0 {
            let format = Self.catalog[owner.index]
            if format.match(in: text, prefixAt: start - owner.offset, end: end) != nil { return true }
        }
        return false
    }

    /// For each prefix, the catalog formats whose prefix contains it, with the offset at which it occurs there:
    /// `"xoxp-"` → (`xoxe.xoxp-`, 5), `"sk-"` → (`sk-ant-api03-`, 0), (`sk-proj-`, 0), ...
    private static let longerPrefixes: [String: [(offset: Int, index: Int)]] = {
        var table: [String: [(offset: Int, index: Int)]] = [:]
        let prefixes = catalog.map { Array($0.prefix.utf8) }
        for (shortIndex, short) in prefixes.enumerated() {
            for (longIndex, long) in prefixes.enumerated() where long.count > short.count {
                for offset in 0...(long.count - short.count)
                where long[offset..<offset + short.count].elementsEqual(short) {
                    table[catalog[shortIndex].prefix, default: []].append((offset, longIndex))
                }
            }
        }
        return table
    }()

    // MARK: - Documentation examples

    /// Whether the secret part of a token (its lead and body) is a documentation example or a placeholder rather
    /// than a real value: it ends in `EXAMPLE`, or its letters and digits are one character repeated, a short
    /// pattern repeated (`abcabc…`, `1234567890123…`), or hold a run of 8 equal characters (`xxxxxxxx`, `00000000`)
    /// or of 8 consecutive ones (`12345678`, `abcdefgh`).
    ///
    /// A random token of 16 base62 characters or more shows any of these by a chance below one in a million.
    static func isDocumentationExample(_ secret: some Collection<UInt8>) -> Bool {
        let marker = Array("example".utf8)
        let tail = secret.suffix(marker.count)
        if tail.count == marker.count, zip(tail, marker).allSatisfy({ ASCII.lower($0) == $1 }) { return true }
        let s = secret.filter(ASCII.isAlnum)
        guard let first = s.first else { return true }
        if s.allSatisfy({ $0 == first }) { return true }
        var same = 1
        var up = 1
        var down = 1
        for i in 1..<max(1, s.count) {
            same = s[i] == s[i - 1] ? same + 1 : 1
            up = s[i] == s[i - 1] &+ 1 ? up + 1 : 1
            down = s[i] &+ 1 == s[i - 1] ? down + 1 : 1
            if same >= 8 || up >= 8 || down >= 8 { return true }
        }
        for period in 2...10 where s.count >= 3 * period {
            if (period..<s.count).allSatisfy({ s[$0] == s[$0 - period] }) { return true }
        }
        return false
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, caseInsensitive lowercase: String) -> Bool {
        let needle = Array(lowercase.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count)
        where zip(bytes[start..<start + needle.count], needle).allSatisfy({ ASCII.lower($0) == $1 }) {
            return true
        }
        return false
    }

    // MARK: - Structured bodies

    private static func hasSegments(
        _ body: UnsafeBufferPointer<UInt8>, separator: UInt8, parts: [Segment]
    ) -> Bool {
        guard !parts.isEmpty else { return true }
        var partStart = 0
        for (n, part) in parts.enumerated() {
            var partEnd = body.count
            if n < parts.count - 1 {
                guard let separatorIndex = body[partStart...].firstIndex(of: separator) else { return false }
                partEnd = separatorIndex
            }
            guard part.accepts(UnsafeBufferPointer(rebasing: body[partStart..<partEnd])) else { return false }
            partStart = partEnd + 1
        }
        return true
    }

    private static func isGitLabToken(_ body: UnsafeBufferPointer<UInt8>, legacy: ClosedRange<Int>) -> Bool {
        let payloadEnd = body.firstIndex(of: 0x2E) ?? body.count
        let payload = UnsafeBufferPointer(rebasing: body[0..<payloadEnd])
        guard payloadEnd < body.count else { return Segment(.base64url, legacy).accepts(payload) }
        guard Segment(.base64url, 27...300).accepts(payload) else { return false }
        let tail = UnsafeBufferPointer(rebasing: body[(payloadEnd + 1)...])
        // <2 base36 length><7 base36 CRC>, or a version first: <2 base36>.<2 base36><7 base36>.
        if Segment(.lowerAlnum, 9...9).accepts(tail) { return true }
        return hasSegments(
            tail, separator: 0x2E, parts: [Segment(.lowerAlnum, 2...2), Segment(.lowerAlnum, 9...9)])
    }

    // MARK: - Checksums

    /// The CRC-32 (IEEE 802.3, reflected, as zlib computes it) lookup table.
    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`, as zlib's `crc32` computes it.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = crcTable[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let base62Digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The 6-character base62 checksum that GitHub and npm append to a token's random part.
    static func base62Checksum(_ random: some Sequence<UInt8>) -> [UInt8] {
        var value = crc32(random)
        var digits = [UInt8](repeating: 0x30, count: 6)
        for i in stride(from: 5, through: 0, by: -1) {
            digits[i] = base62Digits[Int(value % 62)]
            value /= 62
        }
        return digits
    }

    /// Whether the body's last 6 characters are the base62 CRC32 of the characters before them.
    private static func hasCRC32Tail(_ body: UnsafeBufferPointer<UInt8>) -> Bool {
        guard body.count > 6 else { return false }
        return base62Checksum(body.dropLast(6)).elementsEqual(body.suffix(6))
    }

    /// The bech32 alphabet, in value order.
    static let bech32Alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static let bech32Values: [Int8] = {
        var values = [Int8](repeating: -1, count: 256)
        for (value, b) in bech32Alphabet.enumerated() {
            values[Int(b)] = Int8(value)
            values[Int(b & ~0x20)] = Int8(value)  // Uppercase: age writes its secret keys in capitals.
        }
        return values
    }()

    /// The bech32 checksum polynomial of BIP 173 over `values`.
    private static func bech32Polymod(_ values: some Sequence<UInt8>) -> UInt32 {
        let generator: [UInt32] = [0x3B6A_57B2, 0x2650_8E6D, 0x1EA1_19FA, 0x3D42_33DD, 0x2A14_62B3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1FF_FFFF) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 != 0 { checksum ^= generator[i] }
        }
        return checksum
    }

    /// The human-readable part expanded for the checksum, lowercase as BIP 173 requires.
    private static func bech32Expanded(hrp: [UInt8]) -> [UInt8] {
        let lowered = hrp.map(ASCII.lower)
        return lowered.map { $0 >> 5 } + [0] + lowered.map { $0 & 31 }
    }

    /// Whether `data` (the characters after the separator `1`, checksum included) carries a valid bech32
    /// checksum for `hrp`.
    static func hasBech32Checksum(hrp: [UInt8], data: some Collection<UInt8>) -> Bool {
        guard data.count >= 6 else { return false }
        var values = bech32Expanded(hrp: hrp)
        for b in data {
            let value = bech32Values[Int(b)]
            guard value >= 0 else { return false }
            values.append(UInt8(value))
        }
        return bech32Polymod(values) == 1
    }

    /// The 6 checksum characters (lowercase) that make `hrp` + `1` + `data` a valid bech32 string.
    static func bech32Checksum(hrp: [UInt8], data: some Collection<UInt8>) -> [UInt8] {
        var values = bech32Expanded(hrp: hrp)
        for b in data { values.append(UInt8(max(0, bech32Values[Int(b)]))) }
        let polymod = bech32Polymod(values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { bech32Alphabet[Int((polymod >> UInt32(5 * (5 - $0))) & 31)] }
    }
}

// MARK: - The catalog

extension TokenFormat {
    /// A format whose mask keeps the whole prefix, the usual case.
    private static func token(
        _ rule: String, _ prefix: String, _ body: Charset, _ length: ClosedRange<Int>, _ kind: FindingKind,
        _ validator: Validator = .none, keep: Int? = nil, lead: Segment? = nil
    ) -> TokenFormat {
        TokenFormat(
            rule: rule, prefix: prefix, body: body, length: length, keepPrefix: keep ?? prefix.utf8.count,
            kind: kind, validator: validator, lead: lead)
    }

    private static func segments(_ separator: Unicode.Scalar, _ parts: Segment...) -> Validator {
        .segments(separator: separator, parts: parts)
    }

    /// Every prefixed token format the scanner knows, with the body each provider really issues.
    ///
    /// Sources: the providers' documentation where it states the format (GitHub's and npm's token format
    /// announcements, GitLab's token overview and routable-token design, AWS's unique-id prefixes), and where
    /// it does not, the formats that gitleaks and TruffleHog verify against live tokens. Public identifiers that
    /// are meant to be shared (Stripe's `pk_live_`, New Relic's browser `NRJS-` keys) are deliberately absent.
    static let catalog: [TokenFormat] =
        github + gitlab + slack + stripe + aws + google + ai + packages + cloud + doppler + saas

    private static let github: [TokenFormat] = [
        // 30 random base62 characters and their CRC32, 6 base62 characters.
        token("github-pat", "ghp_", .alnum, 36...36, .accessToken, .githubCRC32),
        token("github-oauth-token", "gho_", .alnum, 36...36, .accessToken, .githubCRC32),
        token("github-user-to-server-token", "ghu_", .alnum, 36...36, .accessToken, .githubCRC32),
        token("github-server-to-server-token", "ghs_", .alnum, 36...36, .accessToken, .githubCRC32),
        token("github-refresh-token", "ghr_", .alnum, 36...36, .accessToken, .githubCRC32),
        // GitHub App refresh tokens are issued 76 long; whether their tail is a checksum is not documented.
        token("github-refresh-token", "ghr_", .alnum, 76...76, .accessToken),
        token(
            "github-fine-grained-pat", "github_pat_", .alnumUnderscore, 82...82, .accessToken,
            segments("_", Segment(.alnum, 22...22), Segment(.alnum, 59...59))),
    ]

    /// GitLab's tokens are `Devise.friendly_token` strings (URL-safe base64) of a fixed length, or since 17.x
    /// routable tokens with a dot-separated length and CRC tail.
    private static let gitlab: [TokenFormat] = [
        gitlabToken("gitlab-pat", "glpat-", legacy: 20...20),
        gitlabToken("gitlab-deploy-token", "gldt-", legacy: 20...20),
        gitlabToken("gitlab-runner-token", "glrt-", legacy: 20...20),
        gitlabToken("gitlab-scim-token", "glsoat-", legacy: 20...20),
        gitlabToken("gitlab-feed-token", "glft-", legacy: 20...20),
        gitlabToken("gitlab-feature-flag-client-token", "glffct-", legacy: 20...20),
        gitlabToken("gitlab-incoming-mail-token", "glimt-", legacy: 25...25),
        gitlabToken("gitlab-agent-token", "glagent-", legacy: 50...50),
        gitlabToken("gitlab-oauth-app-secret", "gloas-", legacy: 64...64, kind: .secret),
        // A job token: `glcbt-<1-5 alnum>_<20 base64url>`.
        gitlabToken("gitlab-cicd-job-token", "glcbt-", legacy: 22...26),
        token("gitlab-pipeline-trigger-token", "glptt-", .hexLower, 40...40, .accessToken),
        token("gitlab-runner-registration-token", "GR1348941", .base64url, 20...20, .secret),
    ]

    private static func gitlabToken(
        _ rule: String, _ prefix: String, legacy: ClosedRange<Int>, kind: FindingKind = .accessToken
    ) -> TokenFormat {
        token(rule, prefix, .alnumPlus("-_."), legacy.lowerBound...320, kind, .gitlab(legacy: legacy))
    }

    /// Slack tokens: `xox?-` then dash-separated numeric team and user ids and a random tail.
    private static let slack: [TokenFormat] = [
        token(
            "slack-bot-token", "xoxb-", .alnumDash, 30...100, .accessToken,
            segments("-", Segment(.digits, 8...14), Segment(.digits, 8...14), Segment(.alnumDash, 18...64))),
        // The legacy bot token: one id, then the secret.
        token(
            "slack-bot-token", "xoxb-", .alnumDash, 27...41, .accessToken,
            segments("-", Segment(.digits, 8...14), Segment(.alnum, 18...26))),
        token(
            "slack-user-token", "xoxp-", .alnumDash, 55...90, .accessToken,
            segments(
                "-", Segment(.digits, 8...14), Segment(.digits, 8...14), Segment(.digits, 8...14),
                Segment(.alnumDash, 28...40))),
        token(
            "slack-legacy-token", "xoxs-", .alnumDash, 20...120, .accessToken,
            segments(
                "-", Segment(.digits, 1...20), Segment(.digits, 1...20), Segment(.digits, 1...20),
                Segment(.hex, 8...64))),
        token(
            "slack-legacy-token", "xoxo-", .alnumDash, 20...120, .accessToken,
            segments(
                "-", Segment(.digits, 1...20), Segment(.digits, 1...20), Segment(.digits, 1...20),
                Segment(.hex, 8...64))),
        token("slack-workspace-token", "xoxa-", .alnumDash, 8...255, .accessToken),
        token("slack-workspace-refresh-token", "xoxr-", .alnumDash, 8...255, .accessToken),
        // Configuration tokens and their refresh tokens (token rotation).
        // Issued at about 165 and 146 characters; the prefixes alone name them, so shorter ones (pasted cut) count.
        token(
            "slack-config-access-token", "xoxe.xoxp-", .alnumDash, 40...200, .accessToken,
            segments("-", Segment(.digits, 1...2), Segment(.alnum, 38...195))),
        token(
            "slack-config-access-token", "xoxe.xoxb-", .alnumDash, 40...200, .accessToken,
            segments("-", Segment(.digits, 1...2), Segment(.alnum, 38...195))),
        token(
            "slack-config-refresh-token", "xoxe-", .alnumDash, 40...200, .accessToken,
            segments("-", Segment(.digits, 1...2), Segment(.alnum, 38...195))),
        // App-level tokens: `xapp-1-A0123ABCDEF-1234567890123-<64 hex>`.
        token(
            "slack-app-token", "xapp-", .alnumDash, 50...160, .accessToken,
            segments(
                "-", Segment(.digits, 1...2), Segment(.upperAlnum, 5...16), Segment(.digits, 6...20),
                Segment(.lowerAlnum, 32...128))),
    ]

    /// Stripe's secret and restricted keys, and webhook signing secrets. Publishable keys (`pk_`) are public.
    private static let stripe: [TokenFormat] = [
        token("stripe-secret-key", "sk_live_", .alnum, 16...247, .apiKey),
        token("stripe-secret-key", "sk_test_", .alnum, 16...247, .apiKey),
        token("stripe-restricted-key", "rk_live_", .alnum, 16...247, .apiKey),
        token("stripe-restricted-key", "rk_test_", .alnum, 16...247, .apiKey),
        token("stripe-webhook-secret", "whsec_", .base64, 24...100, .secret),
    ]

    /// AWS unique ids: 4 characters naming the kind, then 16 uppercase letters and digits.
    private static let aws: [TokenFormat] =
        ["AKIA", "ASIA", "ABIA", "ACCA"].map {
            token("aws-access-key-id", $0, .upperAlnum, 16...16, .apiKey, .notExample)
        }
        // The oldest key ids: `A3T` and one more character.
        + [token("aws-access-key-id", "A3T", .upperAlnum, 17...17, .apiKey, .notExample)]
        // Ids of users, roles, groups, instance profiles, policies, certificates and CloudFront key pairs. They grant
        // nothing, but they name an account's identities in every CloudTrail line, so they are masked like names.
        + ["AIDA", "AROA", "AGPA", "AIPA", "ANPA", "ANVA", "ASCA", "APKA"].map {
            token("aws-unique-id", $0, .upperAlnum, 16...16, .username, .notExample)
        }

    private static let google: [TokenFormat] = [
        token("google-api-key", "AIza", .base64url, 35...35, .apiKey),
        // OAuth access tokens; service-account tokens carry dots (`ya29.c.…`) and padding dots at the end.
        token("google-oauth-access-token", "ya29.", .alnumPlus("-_."), 20...2048, .accessToken),
        token("google-oauth-client-secret", "GOCSPX-", .base64url, 28...28, .secret),
    ]

    private static let ai: [TokenFormat] = [
        // Project, service-account and admin keys: URL-safe base64, 124 or 156 long today.
        token("openai-api-key", "sk-proj-", .base64url, 40...250, .apiKey),
        token("openai-api-key", "sk-svcacct-", .base64url, 40...250, .apiKey),
        token("openai-admin-key", "sk-admin-", .base64url, 40...250, .apiKey),
        // The legacy key: 20 characters, `T3BlbkFJ` (base64 of "OpenAI"), 20 characters.
        token("openai-api-key", "sk-", .alnum, 48...48, .apiKey, .marker("T3BlbkFJ", at: 20)),
        token("anthropic-api-key", "sk-ant-api03-", .base64url, 95...95, .apiKey, .suffix("AA")),
        token("anthropic-admin-key", "sk-ant-admin01-", .base64url, 95...95, .apiKey, .suffix("AA")),
        token("anthropic-oauth-token", "sk-ant-oat01-", .base64url, 80...120, .accessToken),
        token("huggingface-token", "hf_", .alnum, 34...40, .accessToken),
        token("huggingface-org-token", "api_org_", .alnum, 34...34, .accessToken),
        token("perplexity-api-key", "pplx-", .alnum, 48...48, .apiKey),
    ]

    private static let packages: [TokenFormat] = [
        token("npm-access-token", "npm_", .alnum, 36...36, .accessToken, .npmCRC32),
        // A macaroon whose location is `pypi.org` (or `test.pypi.org`), base64url without padding.
        token("pypi-upload-token", "pypi-AgEIcHlwaS5vcmc", .base64url, 50...4096, .accessToken),
        token("pypi-upload-token", "pypi-AgENdGVzdC5weXBpLm9yZw", .base64url, 50...4096, .accessToken),
        token("docker-hub-token", "dckr_pat_", .base64url, 27...32, .accessToken),
        token("docker-hub-token", "dckr_oat_", .base64url, 27...32, .accessToken),
        token("rubygems-api-key", "rubygems_", .hexLower, 48...48, .apiKey),
        token("clojars-token", "CLOJARS_", .alnum, 60...60, .accessToken),
        token("artifactory-api-key", "AKCp", .alnum, 69...69, .apiKey),
    ]

    private static let cloud: [TokenFormat] = [
        token("digitalocean-pat", "dop_v1_", .hexLower, 64...64, .accessToken),
        token("digitalocean-oauth-token", "doo_v1_", .hexLower, 64...64, .accessToken),
        token("digitalocean-refresh-token", "dor_v1_", .hexLower, 64...64, .accessToken),
        token("vault-service-token", "hvs.", .base64url, 90...120, .accessToken),
        token("vault-batch-token", "hvb.", .base64url, 138...300, .accessToken),
        token("heroku-api-key", "HRKU-", .base64url, 60...60, .apiKey),
        token("databricks-token", "dapi", .hexLower, 32...32, .accessToken),
        token("pulumi-access-token", "pul-", .hexLower, 40...40, .accessToken),
        token("alibaba-access-key-id", "LTAI", .alnum, 20...20, .apiKey),
        token("fly-io-token", "fo1_", .base64url, 43...43, .accessToken),
        token("openshift-user-token", "sha256~", .base64url, 43...43, .accessToken),
        token("planetscale-token", "pscale_tkn_", .alnumPlus("-_=."), 32...64, .accessToken),
        token("planetscale-oauth-token", "pscale_oauth_", .alnumPlus("-_=."), 32...64, .accessToken),
        token("planetscale-password", "pscale_pw_", .alnumPlus("-_=."), 32...64, .password),
        token("scalingo-token", "tk-us-", .base64url, 48...48, .accessToken),
        token("infracost-token", "ico-", .alnum, 32...32, .accessToken),
        token("clickhouse-cloud-secret", "4b1d", .alnum, 38...38, .secret),
        token(
            "cloudflare-origin-ca-key", "v1.0-", .alnumDash, 171...171, .apiKey,
            segments("-", Segment(.hexLower, 24...24), Segment(.hexLower, 146...146))),
        // Terraform Cloud: `<14 alnum>.atlasv1.<60-70>`, the marker in the middle.
        token(
            "terraform-cloud-token", ".atlasv1.", .alnumPlus("-_="), 60...70, .accessToken, keep: 0,
            lead: Segment(.alnum, 14...14)),
        token("prefect-api-key", "pnu_", .alnum, 36...36, .apiKey),
        token("1password-service-account-token", "ops_eyJ", .base64, 250...8192, .accessToken, keep: 4),
    ]

    /// Doppler tokens name their kind after `dp.`; service tokens may name their environment: `dp.st.prd.<40-44>`.
    private static let doppler: [TokenFormat] =
        ["dp.pt.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit.", "dp.st."].map {
            token("doppler-token", $0, .alnum, 40...44, .accessToken)
        } + [
            token(
                "doppler-token", "dp.st.", .alnumPlus("-_."), 43...80, .accessToken,
                segments(
                    ".", Segment(.custom("abcdefghijklmnopqrstuvwxyz0123456789-_"), 2...35), Segment(.alnum, 40...44)))
        ]

    private static let saas: [TokenFormat] = [
        token(
            "sendgrid-api-key", "SG.", .alnumPlus("-_."), 66...66, .apiKey,
            segments(".", Segment(.base64url, 22...22), Segment(.base64url, 43...43))),
        token("shopify-access-token", "shpat_", .hex, 32...32, .accessToken),
        token("shopify-custom-app-token", "shpca_", .hex, 32...32, .accessToken),
        token("shopify-private-app-token", "shppa_", .hex, 32...32, .accessToken),
        token("shopify-shared-secret", "shpss_", .hex, 32...32, .secret),
        token("atlassian-api-token", "ATATT3", .alnumPlus("-_="), 186...186, .apiKey),
        token("linear-api-key", "lin_api_", .alnum, 40...40, .apiKey),
        token(
            "postman-api-key", "PMAK-", .alnumDash, 59...59, .apiKey,
            segments("-", Segment(.hex, 24...24), Segment(.hex, 34...34))),
        token("grafana-cloud-token", "glc_", .base64, 32...403, .accessToken),
        token(
            "grafana-service-account-token", "glsa_", .alnumUnderscore, 41...41, .accessToken,
            segments("_", Segment(.alnum, 32...32), Segment(.hex, 8...8))),
        token("twilio-api-key", "SK", .hexLower, 32...32, .apiKey),
        // Mailchimp marks its keys at the end: `<32 hex>-us21` names the data center.
        token("mailchimp-api-key", "-us", .digits, 1...2, .apiKey, keep: 0, lead: Segment(.hexLower, 32...32)),
        token("square-access-token", "sq0atp-", .base64url, 22...60, .accessToken),
        token("square-oauth-secret", "sq0csp-", .base64url, 43...43, .secret),
        token("square-access-token", "EAAA", .base64url, 60...60, .accessToken),
        token("shippo-api-key", "shippo_live_", .hex, 40...40, .apiKey),
        token("shippo-api-key", "shippo_test_", .hex, 40...40, .apiKey),
        token(
            "dynatrace-api-token", "dt0c01.", .alnumPlus("."), 89...89, .apiKey,
            segments(".", Segment(.alnum, 24...24), Segment(.alnum, 64...64))),
        token("new-relic-user-api-key", "NRAK-", .upperAlnum, 27...27, .apiKey),
        token("new-relic-insert-key", "NRII-", .alnumDashUnderscore, 32...32, .apiKey),
        // Organization tokens: base64 JSON (`{"iat":…,"region_url":…}`), `_`, a 43-character secret.
        token(
            "sentry-org-token", "sntrys_", .alnumPlus("+/=_"), 60...500, .accessToken,
            segments("_", Segment(.base64, 16...450), Segment(.alnumPlus("+/"), 43...43))),
        token("sentry-user-token", "sntryu_", .hexLower, 64...64, .accessToken),
        // An X25519 secret key in bech32, uppercase: 52 data characters and a 6-character checksum.
        token(
            "age-secret-key", "AGE-SECRET-KEY-1", .custom("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"), 58...58, .privateKey,
            .bech32(hrp: "age-secret-key-")),
        token("notion-api-token", "ntn_", .alnum, 46...46, .apiKey),
        token("readme-api-key", "rdme_", .lowerAlnum, 70...70, .apiKey),
        token(
            "sendinblue-api-key", "xkeysib-", .alnumDash, 81...81, .apiKey,
            segments("-", Segment(.hexLower, 64...64), Segment(.alnum, 16...16))),
        token("easypost-api-key", "EZAK", .alnum, 54...54, .apiKey),
        token("easypost-api-key", "EZTK", .alnum, 54...54, .apiKey),
        token("typeform-api-token", "tfp_", .alnumPlus("-_.="), 59...59, .apiKey),
        token("frameio-api-token", "fio-u-", .alnumPlus("-_="), 64...64, .apiKey),
        token("duffel-api-token", "duffel_live_", .alnumPlus("-_="), 43...43, .apiKey),
        token("duffel-api-token", "duffel_test_", .alnumPlus("-_="), 43...43, .apiKey),
        token("adobe-client-secret", "p8e-", .alnum, 32...32, .secret),
        token("intra42-client-secret", "s-s4t2ud-", .hex, 64...64, .secret),
        token("intra42-client-secret", "s-s4t2af-", .hex, 64...64, .secret),
    ]
}
