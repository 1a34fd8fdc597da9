/// What a key's policy does to its value: the one place where context turns into masks, for text, JSON, headers,
/// query parameters and curl flags alike.
extension Engine {
    /// Masks `value` of `text` as `policy` says.
    ///
    /// - Returns: whether the value was dealt with as a whole; when not, the caller scans its content.
    @discardableResult
    func applyPolicy(
        _ policy: KeyPolicy, to value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, numericLiteral: Bool = false,
        into context: inout ScanContext
    ) -> Bool {
        let bytes = text[value]
        switch policy {
        case .none, .connectionString:
            return false
        case .secret(let kind, let weak):
            if ValueShape.isPlaceholder(bytes) || MaskFactory.isMasked(bytes) || MaskFactory.isShapeMask(bytes) {
                return true
            }
            if weak && !ValueShape.looksRandom(bytes) { return false }
            if ValueShape.isQueryString(bytes) { return false }
            // A URL under a secret key (a DSN, a database URL): its credentials are masked, not its host.
            if ValueShape.containsSubsequence(Array(bytes.prefix(16)), "://") { return false }
            if isWholeJWT(value, in: text, into: &context) { return true }
            if ValueShape.containsSubsequence(Array(bytes), "-----BEGIN") {
                return false  // the PEM scanner keeps the armour lines
            }
            // A private key's file or a reference to one (`/etc/ssl/key.pem`) is no key; a bare key (base64, hex,
            // a Nostr or WireGuard key) is.
            if kind == .privateKey && !ValueShape.looksRandom(bytes) { return false }
            // A value whose own format names it (`sk_live_...`, `ghp_...`) keeps its prefix: the exact finding wins
            // over the keyed one where both cover it.
            if !numericLiteral { scanKeywordsOnly(text, range: value, into: &context) }
            context.maskToken(
                value, in: text, kind: kind, rule: "keyed-\(kind.rawValue)", priority: .context,
                numericLiteral: numericLiteral)
            return true
        case .authorization:
            maskAuthorization(value, in: text, into: &context)
            return true
        case .cookie:
            maskCookies(value, in: text, into: &context, setCookie: false)
            return true
        case .setCookie:
            maskCookies(value, in: text, into: &context, setCookie: true)
            return true
        case .cookieValue(let name):
            maskCookie(name: name, value: value, in: text, into: &context)
            return true
        case .nameIfPersonShaped:
            guard ValueShape.isPersonShaped(bytes) else { return false }
            return maskPersonal(.personName, value, in: text, numericLiteral: false, into: &context)
        case .personal(let kind):
            return maskPersonal(kind, value, in: text, numericLiteral: numericLiteral, into: &context)
        }
    }

    /// Whether `value` is exactly one JWT, rewritten into `context` if so.
    private func isWholeJWT(_ value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext)
        -> Bool
    {
        guard let jwt = rewriteJWT(in: text, at: value.lowerBound, end: value.upperBound, masks: context.masks),
            jwt.range == value
        else { return false }
        if !jwt.replacement.elementsEqual(text[value]) {
            context.add(
                value, replacement: jwt.replacement, kind: .jwt, rule: "jwt", action: .rewritten,
                priority: .structure)
        }
        return true
    }

    private func maskPersonal(
        _ kind: FindingKind, _ value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, numericLiteral: Bool,
        into context: inout ScanContext
    ) -> Bool {
        let bytes = Array(text[value])
        if ValueShape.isPlaceholder(bytes) || MaskFactory.isShapeMask(bytes) { return true }
        let masks = context.masks
        let rule = "keyed-\(kind.rawValue)"
        if numericLiteral && (kind == .ssn || kind == .dateOfBirth) {
            // `"ssn": 123456789`, `"dob": 19850714`: a number's mask is a number, which cannot start with 0.
            if !MaskFactory.isMasked(bytes) {
                context.maskToken(value, in: text, kind: kind, rule: rule, priority: .context, numericLiteral: true)
            }
            return true
        }
        var replacement: [UInt8]
        switch kind {
        case .email:
            // `ana%40mail.com` in a query string is an email too; its mask keeps the encoding.
            let percentAt = Array("%40".utf8)
            let encoded = ValueShape.containsSubsequence(bytes, "%40")
            guard bytes.contains(0x40) || encoded, !bytes.contains(where: ASCII.isWhitespace) else { return false }
            let decoded =
                encoded
                ? Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "%40", with: "@").utf8) : bytes
            if MaskFactory.isShapeMask(decoded) { return true }
            replacement = masks.email(decoded)
            if encoded {
                replacement = Array(
                    String(decoding: replacement, as: UTF8.self).replacingOccurrences(
                        of: "@", with: String(decoding: percentAt, as: UTF8.self)
                    ).utf8)
            }
        case .phone:
            let digits = bytes.filter(ASCII.isDigit).count
            guard digits >= 5 else { return false }
            if MaskFactory.isMaskedPhone(bytes) { return true }
            replacement = masks.phone(bytes)
        case .ssn:
            let digits = bytes.filter(ASCII.isDigit)
            guard digits.count == 9 else { return false }
            if digits.prefix(3).allSatisfy({ $0 == 0x30 }) { return true }
            replacement = masks.ssn(bytes)
        case .cardNumber:
            let digits = bytes.filter(ASCII.isDigit)
            guard (12...19).contains(digits.count) else { return false }
            if !Checksums.luhnValid(digits.map { $0 - 0x30 }) { return true }
            replacement = masks.card(bytes)
        case .iban:
            guard bytes.count >= 15 else { return false }
            if !Checksums.ibanValid(bytes) { return true }
            replacement = masks.iban(bytes)
        case .dateOfBirth:
            if ValueShape.containsSubsequence(bytes, "1900") { return true }
            replacement = masks.dateOfBirth(bytes)
        case .personName, .username:
            // An email inside is masked by its own shape; a user id that is only digits is an id, `user=0.12` a
            // processor time, `user:4711:profile` a cache key.
            if MaskFactory.isMasked(bytes) || bytes.allSatisfy({ ASCII.isDigit($0) || $0 == 0x2E }) { return true }
            if kind == .username && bytes.contains(0x3A) { return false }
            if bytes.contains(0x40) || ValueShape.containsSubsequence(bytes, "%40") || bytes.contains(ASCII.newline) {
                return false
            }
            if numericLiteral {
                context.maskToken(value, in: text, kind: kind, rule: rule, priority: .context, numericLiteral: true)
                return true
            }
            // `Jane+Doe` in a query string is `Jane Doe`, and gets the same pseudonym.
            replacement = masks.identity(ValueShape.formSpaced(bytes), kind: kind)
        case .streetAddress:
            if MaskFactory.isMasked(bytes) || bytes.allSatisfy(ASCII.isDigit) { return true }
            if bytes.contains(0x40) || bytes.contains(ASCII.newline) { return false }
            // A street address has words; one without a space is a host, a URL or an IP (`vault.internal:8200`).
            if !bytes.contains(ASCII.space) { return false }
            context.maskToken(value, in: text, kind: kind, rule: rule, priority: .context)
            return true
        default:
            if MaskFactory.isMasked(bytes) { return true }
            context.maskToken(
                value, in: text, kind: kind, rule: rule, priority: .context,
                numericLiteral: numericLiteral)
            return true
        }
        context.add(value, replacement: replacement, kind: kind, rule: rule, priority: .context)
        return true
    }

    // MARK: - Authorization

    /// `Basic`: only the password inside the base64; `Bearer` and other token schemes: the token (a JWT is
    /// rewritten); `Digest`, `AWS4-HMAC-SHA256` and other parameter schemes: the secret parameters.
    func maskAuthorization(_ value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext) {
        var i = value.lowerBound
        while i < value.upperBound, ASCII.isSpace(text[i]) { i += 1 }
        var schemeEnd = i
        while schemeEnd < value.upperBound, !ASCII.isWhitespace(text[schemeEnd]) { schemeEnd += 1 }
        var credentials = schemeEnd
        while credentials < value.upperBound, ASCII.isSpace(text[credentials]) { credentials += 1 }
        var credentialsEnd = value.upperBound
        while credentialsEnd > credentials, ASCII.isWhitespace(text[credentialsEnd - 1]) { credentialsEnd -= 1 }
        guard credentials < credentialsEnd else {
            // No scheme, only a token (`Authorization: ghp_...`, `api-key <token>`).
            if i < schemeEnd { maskCredential(i..<schemeEnd, in: text, into: &context) }
            return
        }
        let scheme = AuthorizationScheme(text[i..<schemeEnd])
        let creds = credentials..<credentialsEnd
        switch scheme {
        case .basic:
            maskBasic(creds, in: text, into: &context)
        case .digest, .aws4, .parameters:
            // `OAuth <token>` (Salesforce) is one token, where OAuth 1 has `k="v"` parameters.
            if text[creds].contains(0x3D) && !ValueShape.looksRandom(text[creds]) || text[creds].contains(0x2C) {
                maskAuthParameters(creds, in: text, into: &context)
            } else {
                maskCredential(creds, in: text, into: &context)
            }
        case .token:
            maskCredential(creds, in: text, into: &context)
        }
    }

    private func maskCredential(
        _ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext
    ) {
        let bytes = text[range]
        if ValueShape.isPlaceholder(bytes) || MaskFactory.isMasked(bytes) { return }
        if isWholeJWT(range, in: text, into: &context) { return }
        context.maskToken(range, in: text, kind: .accessToken, rule: "authorization", priority: .context)
    }

    /// `Basic base64(user:password)`: the password is masked inside and the pair re-encoded, so the header still
    /// decodes and shows who.
    private func maskBasic(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext) {
        guard let data = Self.decodedCredentials(text[range]), let colon = data.firstIndex(of: 0x3A),
            data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else {
            context.maskToken(range, in: text, kind: .password, rule: "authorization-basic", priority: .context)
            return
        }
        let user = Array(data[data.startIndex..<colon])
        let password = Array(data[(colon + 1)...])
        var newUser = user
        var newPassword = password
        if !password.isEmpty && !MaskFactory.isMasked(password) {
            newPassword = context.masks.token(password, kind: .password)
        } else if password.isEmpty && ValueShape.looksRandom(user) && !MaskFactory.isMasked(user) {
            // `-u sk_live_...:`: the API key is the user.
            newUser = context.masks.token(user, kind: .apiKey)
        }
        if user.contains(0x40), !user.map(ASCII.lower).elementsEqualSuffix(MaskFactory.maskEmailDomain) {
            newUser = context.masks.email(user)
        }
        guard newUser != user || newPassword != password else { return }
        var pair = newUser
        pair.append(0x3A)
        pair += newPassword
        var reencoded = Base64.encodeStandard(pair)
        // Written without padding, it stays without.
        if text[range].last != 0x3D { reencoded = Array(reencoded.prefix { $0 != 0x3D }) }
        context.add(
            range, replacement: reencoded, kind: .password, rule: "authorization-basic",
            action: .rewritten, priority: .structure)
    }

    /// `k=v, k="v"` parameters: `response`, `cnonce`, `signature`, `Signature` are masked, `username` pseudonymized.
    private func maskAuthParameters(
        _ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext
    ) {
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, ASCII.isWhitespace(text[i]) || text[i] == 0x2C { i += 1 }
            let nameStart = i
            while i < range.upperBound, text[i] != 0x3D, text[i] != 0x2C { i += 1 }
            let name = String(String(decoding: text[nameStart..<i], as: UTF8.self).trimmingWhitespace())
                .lowercased()
            guard i < range.upperBound, text[i] == 0x3D else { continue }
            i += 1
            var valueStart = i
            var valueEnd: Int
            if i < range.upperBound, text[i] == ASCII.quote {
                valueStart = i + 1
                valueEnd = valueStart
                while valueEnd < range.upperBound, text[valueEnd] != ASCII.quote { valueEnd += 1 }
                i = min(valueEnd + 1, range.upperBound)
            } else {
                while i < range.upperBound, text[i] != 0x2C, !ASCII.isWhitespace(text[i]) { i += 1 }
                valueEnd = i
            }
            let value = valueStart..<valueEnd
            guard !value.isEmpty, !MaskFactory.isMasked(text[value]) else { continue }
            switch name {
            case "response", "cnonce", "signature", "sig", "oauth_signature", "client_secret", "password", "token":
                context.maskToken(value, in: text, kind: .signature, rule: "authorization-\(name)", priority: .context)
            case "username", "user":
                applyPolicy(.personal(.username), to: value, in: text, into: &context)
            case "credential":
                // AWS4: Credential=AKIA.../date/region/service/aws4_request; the key id is caught by its format.
                break
            default:
                break
            }
        }
    }

    /// The `user:password` bytes of Basic credentials, in standard base64 or base64url, padded or not.
    private static func decodedCredentials(_ encoded: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        var standard = encoded.map { $0 == 0x2D ? 0x2B : $0 == 0x5F ? 0x2F : $0 }
        while standard.count % 4 != 0 { standard.append(0x3D) }
        return standard.withUnsafeBufferPointer { Base64.decodeStandard($0) }
    }

    // MARK: - Cookies

    /// Masks cookie values and keeps names and attributes: every value of a `Cookie` header, the first pair of a
    /// `Set-Cookie` header.
    func maskCookies(
        _ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext, setCookie: Bool
    ) {
        var i = range.lowerBound
        var first = true
        while i < range.upperBound {
            while i < range.upperBound, ASCII.isSpace(text[i]) || text[i] == 0x3B { i += 1 }
            let nameStart = i
            while i < range.upperBound, text[i] != 0x3D, text[i] != 0x3B { i += 1 }
            let name = nameStart..<i
            guard i < range.upperBound, text[i] == 0x3D else {
                first = false
                continue
            }
            i += 1
            var valueStart = i
            while i < range.upperBound, text[i] != 0x3B { i += 1 }
            var valueEnd = i
            while valueEnd > valueStart, ASCII.isSpace(text[valueEnd - 1]) { valueEnd -= 1 }
            if valueEnd - valueStart >= 2, text[valueStart] == ASCII.quote, text[valueEnd - 1] == ASCII.quote {
                valueStart += 1
                valueEnd -= 1
            }
            defer { first = false }
            if setCookie && !first { continue }  // attributes: Path, Domain, Expires, SameSite...
            maskCookie(name: text[name], value: valueStart..<valueEnd, in: text, into: &context)
        }
    }

    /// One cookie: a session cookie's or an opaque value is masked whole; a short plain one is scanned.
    private func maskCookie(
        name: some Collection<UInt8>, value: Range<Int>, in text: UnsafeBufferPointer<UInt8>,
        into context: inout ScanContext
    ) {
        guard !value.isEmpty else { return }
        if Self.isSessionCookie(name: name) || Self.isOpaqueCookieValue(text[value]) {
            if !MaskFactory.isMasked(text[value]) && !ValueShape.isPlaceholder(text[value]) {
                if !isWholeJWT(value, in: text, into: &context) {
                    context.maskToken(value, in: text, kind: .sessionCookie, rule: "cookie", priority: .context)
                }
            }
        } else {
            scanText(text, range: value, into: &context)
        }
    }

    private static func isSessionCookie(name: some Collection<UInt8>) -> Bool {
        let lowered = String(decoding: name.map(ASCII.lower), as: UTF8.self)
        return ["sess", "sid", "auth", "token", "jwt", "login", "remember", "csrf", "xsrf", "secure", "key", "id"]
            .contains { lowered.contains($0) }
    }

    /// Short plain values (`lang=en`, `theme=dark`, `consent=true`) stay; anything opaque is masked.
    private static func isOpaqueCookieValue(_ value: some Collection<UInt8>) -> Bool {
        value.count >= 12 || (value.count >= 8 && ValueShape.looksRandom(value))
    }
}

/// The scheme of an `Authorization` value, by how its credentials are written.
enum AuthorizationScheme {
    case basic
    case digest
    case aws4
    /// `k=v` parameters: HOBA, Mutual, OAuth 1 (`OAuth oauth_signature="..."`), Signature.
    case parameters
    /// One token: Bearer, Token, JWT, Negotiate, NTLM, SSWS, ApiKey, ...
    case token

    init(_ name: some Collection<UInt8>) {
        let lowered = String(decoding: name.map(ASCII.lower), as: UTF8.self)
        switch lowered {
        case "basic": self = .basic
        case "digest": self = .digest
        case "aws4-hmac-sha256", "aws4-ecdsa-p256-sha256": self = .aws4
        case "oauth", "signature", "hoba", "mutual", "hmac", "hmac-sha256": self = .parameters
        default: self = .token
        }
    }

    var takesParameters: Bool {
        switch self {
        case .digest, .aws4, .parameters: true
        case .basic, .token: false
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func elementsEqualSuffix(_ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return count >= s.count && Array(self[(count - s.count)...]) == s
    }
}
