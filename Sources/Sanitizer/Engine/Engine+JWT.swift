import Foundation

/// What happens to a JWT claim.
struct JWTClaims: Sendable {
    enum Policy {
        /// Kept as it is: what a debugger needs and no one can use (issuer, audience, times, scopes, key id).
        case keep
        /// An identity claim: replaced by a pseudonym of this kind, whatever its shape.
        case pseudonymize(FindingKind)
        /// Like any other JSON member: by its key and content.
        case byKey
    }

    func policy(forClaim name: String) -> Policy {
        if Self.kept.contains(name) { return .keep }
        if let kind = Self.identity[name] { return .pseudonymize(kind) }
        return .byKey
    }

    private static let kept: Set<String> = [
        "alg", "typ", "kid", "cty", "x5t", "x5t#S256", "crit", "zip", "enc",
        "iss", "aud", "exp", "nbf", "iat", "azp", "scope", "scp", "auth_time", "amr", "acr", "ver", "token_use",
        "client_id", "cid", "tid", "roles", "groups", "at_hash", "c_hash", "nonce", "idp", "appid",
        "email_verified", "phone_number_verified", "locale", "zoneinfo", "updated_at", "session_state", "realm_access",
        "resource_access", "allowed-origins",
    ]

    private static let identity: [String: FindingKind] = [
        "sub": .username, "oid": .username, "sid": .username, "jti": .username, "uid": .username,
        "user_id": .username, "userId": .username, "puid": .username, "unique_name": .username, "upn": .email,
        "email": .email, "preferred_username": .username, "name": .personName, "given_name": .personName,
        "family_name": .personName, "middle_name": .personName, "nickname": .personName, "phone_number": .phone,
        "birthdate": .dateOfBirth, "address": .streetAddress, "ipaddr": .ipAddress, "login": .username,
        "username": .username,
    ]
}

/// JWTs: decoded, sanitized inside, re-encoded, with a signature that can never verify.
extension Engine {
    /// The signature a sanitized JWT carries: plainly not a signature, and of the original's length.
    static let signaturePattern = Array("sanitized-by-casebook-".utf8)

    /// Rewrites the JWT that starts at `start` (its `eyJ`): header and payload claims sanitized (iss, aud, exp,
    /// nbf, iat, azp, scope, alg, typ, kid kept; identity claims pseudonymized), the signature replaced.
    ///
    /// - Returns: the JWT's range and its replacement, or nil when there is no JWT here.
    func rewriteJWT(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, masks: MaskFactory)
        -> (range: Range<Int>, replacement: [UInt8])?
    {
        guard start + 3 < end, text[start] == 0x65, text[start + 1] == 0x79, text[start + 2] == 0x4A else { return nil }
        if start > 0, Self.isBase64URL(text[start - 1]) || text[start - 1] == 0x2E { return nil }
        var segments: [Range<Int>] = []
        var i = start
        while segments.count < 5 {
            let segmentStart = i
            while i < end, Self.isBase64URL(text[i]) { i += 1 }
            segments.append(segmentStart..<i)
            guard i < end, text[i] == 0x2E, segments.count < 5 else { break }
            i += 1
        }
        guard segments.count == 3 || segments.count == 5, segments[0].count >= 10, segments[1].count >= 2 else {
            return nil
        }
        guard let header = Self.decodeBase64URL(text[segments[0]]), header.first == 0x7B,
            ValueShape.containsSubsequence(header, "\"alg\"")
        else { return nil }
        var output = Array(text[segments[0]])
        let headerOut = sanitizeJWTPart(header, masks: masks)
        if headerOut != header { output = Self.encodeBase64URL(headerOut) }
        if segments.count == 5 {
            // JWE: encrypted key, IV, ciphertext and tag are opaque; mask them whole.
            for segment in segments.dropFirst() {
                output.append(0x2E)
                output += Self.fakeSignature(length: segment.count)
            }
        } else {
            guard let payload = Self.decodeBase64URL(text[segments[1]]), payload.first == 0x7B else { return nil }
            let payloadOut = sanitizeJWTPart(payload, masks: masks)
            output.append(0x2E)
            output += payloadOut == payload ? Array(text[segments[1]]) : Self.encodeBase64URL(payloadOut)
            output.append(0x2E)
            output += Self.fakeSignature(length: segments[2].count)
        }
        let range = start..<segments[segments.count - 1].upperBound
        return (range, output)
    }

    /// Rewrites the JWT at `start` into `context` when it needs it.
    ///
    /// - Returns: the JWT's range, or nil when there is no JWT at `start`. An already sanitized JWT is
    ///   recognized (its claims are masks and its signature the pattern) and adds nothing.
    @discardableResult
    func maskJWT(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, into context: inout ScanContext)
        -> Range<Int>?
    {
        guard let jwt = rewriteJWT(in: text, at: start, end: end, masks: context.masks) else { return nil }
        if !jwt.replacement.elementsEqual(text[jwt.range]) {
            context.add(
                jwt.range, replacement: jwt.replacement, kind: .jwt, rule: "jwt", action: .rewritten,
                priority: .structure)
        }
        return jwt.range
    }

    private func sanitizeJWTPart(_ json: [UInt8], masks: MaskFactory) -> [UInt8] {
        json.withUnsafeBufferPointer { buffer in
            var context = ScanContext(masks: masks)
            guard scanJSON(buffer, range: 0..<buffer.count, claims: JWTClaims(), into: &context),
                !context.redactions.isEmpty
            else { return json }
            return Sanitizer.apply(context.redactions.resolved(in: buffer, masks: masks), to: buffer)
        }
    }

    static func fakeSignature(length: Int) -> [UInt8] {
        var signature = (0..<length).map { signaturePattern[$0 % signaturePattern.count] }
        // The last character's unused low bits must be zero, or strict base64url decoders reject the segment.
        let unusedBits = [0, 0, 4, 2][length % 4]
        if unusedBits > 0, let last = signature.last, let index = base64URLAlphabet.firstIndex(of: last) {
            signature[length - 1] = base64URLAlphabet[index & ~((1 << unusedBits) - 1)]
        }
        return signature
    }

    private static let base64URLAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    @inline(__always) static func isBase64URL(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b == 0x2D || b == 0x5F }

    static func decodeBase64URL(_ bytes: some Collection<UInt8>) -> [UInt8]? { Base64.decode(bytes) }

    static func encodeBase64URL(_ bytes: [UInt8]) -> [UInt8] { Base64.encodeURL(bytes) }

    // MARK: - PEM private keys

    /// Masks the body of a PEM private key block (multi-line, or with `\n` escapes as in JSON and env files),
    /// keeping its armour lines so it still reads as a key of its kind.
    ///
    /// - Returns: the end of the block, or nil when this is no private key block.
    func maskPrivateKeyBlock(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, context: inout ScanContext)
        -> Int?
    {
        let begin = Array("-----BEGIN ".utf8)
        guard start + begin.count < end, text[start..<(start + begin.count)].elementsEqual(begin) else { return nil }
        var i = start + begin.count
        let labelStart = i
        while i < end, text[i] != 0x2D, text[i] != ASCII.newline, i - labelStart < 64 { i += 1 }
        let label = Array(text[labelStart..<i])
        guard ValueShape.containsSubsequence(label, "PRIVATE KEY"),
            i + 5 <= end, text[i..<(i + 5)].elementsEqual(Array("-----".utf8))
        else { return nil }
        let bodyStart = i + 5
        let endMarker = Array("-----END".utf8)
        var j = bodyStart
        while j + endMarker.count <= end, j - bodyStart < 65536 {
            if text[j] == 0x2D && text[j..<(j + endMarker.count)].elementsEqual(endMarker) { break }
            j += 1
        }
        // A truncated block (no END line) is masked to the end of what is there.
        let bodyEnd = j + endMarker.count <= end && j - bodyStart < 65536 ? j : min(end, bodyStart + 65536)
        var positions: [Int] = []
        var k = bodyStart
        while k < bodyEnd {
            let b = text[k]
            if b == ASCII.backslash {
                k += 2
                continue
            }
            if ASCII.isAlnum(b) || b == 0x2B || b == 0x2F { positions.append(k) }
            k += 1
        }
        let compact = positions.map { text[$0] }
        guard compact.count >= 16, !MaskFactory.isMasked(compact) else { return bodyEnd }
        let masked = context.masks.token(compact, kind: .privateKey)
        var replacement = Array(text[bodyStart..<bodyEnd])
        for (n, position) in positions.enumerated() { replacement[position - bodyStart] = masked[n] }
        context.add(
            bodyStart..<bodyEnd, replacement: replacement, kind: .privateKey, rule: "private-key",
            priority: .structure)
        return bodyEnd
    }
}
