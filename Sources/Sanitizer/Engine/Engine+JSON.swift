/// JSON and JSON Lines, HAR included: values get the context of their key, or of their `name` sibling in
/// `{"name": "Authorization", "value": "..."}` pairs, and strings that hold JSON or base64 are looked into.
///
/// ``JSONWalker`` reads the document; this is what the sanitizer makes of each member, given its key and path.
extension Engine {
    /// Scans `text[range]` as one JSON document.
    ///
    /// - Returns: false, with nothing added, when the bytes are not JSON; the caller scans them as text.
    func scanJSON(
        _ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, claims: JWTClaims? = nil, into context: inout ScanContext
    ) -> Bool {
        let mark = context.redactions.items.count
        guard walkJSON(text, range: range, claims: claims, into: &context) else {
            context.redactions.truncate(to: mark)
            return false
        }
        // Plain strings were left to one scan of the whole document: cheaper than a scan for each of them.
        if claims == nil {
            let outer = context.insideWalkedJSON
            context.insideWalkedJSON = true
            scanText(text, range: range, into: &context)
            context.insideWalkedJSON = outer
        }
        return true
    }

    private func walkJSON(
        _ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, claims: JWTClaims?, into context: inout ScanContext
    ) -> Bool {
        // An object's scalar members wait for it to close, so that each is handled with its siblings known (a
        // `name` beside a `value`); room for a typical log line's members and nesting, so that the arrays don't
        // grow one step at a time.
        var members: [JSONWalker.Scalar] = []
        members.reserveCapacity(32)
        // Where each open object's members start in `members`.
        var objectStarts: [Int] = []
        objectStarts.reserveCapacity(8)
        // A document cut off before its end is read as far as it goes: what it holds keeps its keys' context. Not a
        // JWT's claims, which must be whole.
        let walker = JSONWalker(text: text, range: range, allowsTruncation: claims == nil)
        return walker.walk { event, path in
            switch event {
            case .open(isObject: true):
                objectStarts.append(members.count)
            case .scalar(let scalar) where scalar.key != nil:
                members.append(scalar)
            case .scalar(var scalar):
                // An array element (or a document that is a scalar), handled now, with its array's key.
                scalar.key = path.lastKey
                handle(
                    scalar, path: path, ownKey: false, pairKey: nil, encoding: nil, in: text, claims: claims,
                    into: &context)
            case .close(isObject: true):
                let first = objectStarts.removeLast()
                finishObject(members[first...], path: path, in: text, claims: claims, into: &context)
                members.removeSubrange(first...)
            case .open, .close:
                break
            }
        }
    }

    /// Handles an object's scalar members once all of them are known.
    private func finishObject(
        _ members: ArraySlice<JSONWalker.Scalar>, path: JSONPath, in text: UnsafeBufferPointer<UInt8>,
        claims: JWTClaims?, into context: inout ScanContext
    ) {
        // {"name": "Authorization", "value": "..."}: the name is the value's key (HAR headers, cookies,
        // queryString, postData.params; many APIs' key/value lists). The last of each kind counts; the name is
        // decoded only when there is a value for it to name.
        var pairNameIndex: Int?
        var valueIndex: Int?
        // Of the siblings, only `encoding` changes how a value is read (base64 HAR bodies).
        var encoding: [UInt8]?
        for index in members.indices {
            let member = members[index]
            guard let key = member.key, let role = Self.pairRole(of: text[key]) else { continue }
            switch role {
            case .value: valueIndex = index
            case .name where member.kind == .string: pairNameIndex = index
            case .encoding where member.kind == .string:
                encoding = JSONString.decoded(text, member.value, escaped: member.escaped)
            default: break
            }
        }
        let pairKey =
            valueIndex == nil
            ? nil
            : pairNameIndex.map {
                JSONString.decoded(text, members[$0].value, escaped: members[$0].escaped)
            }
        for index in members.indices {
            handle(
                members[index], path: path, ownKey: true, pairKey: index == valueIndex ? pairKey : nil,
                encoding: encoding, in: text, claims: claims, into: &context)
        }
    }

    /// What a member's key makes of it in a name/value pair.
    private enum PairRole { case name, value, encoding }

    /// `value`, `Value`; `name`, `key`, `header`, `field`, `Name`, `Key`; `encoding`. The length picks the few
    /// keys to compare: most keys of a log line have none of these lengths.
    private static func pairRole(of key: Slice<UnsafeBufferPointer<UInt8>>) -> PairRole? {
        switch key.count {
        case 3: return ASCII.equals(key, "key") || ASCII.equals(key, "Key") ? .name : nil
        case 4: return ASCII.equals(key, "name") || ASCII.equals(key, "Name") ? .name : nil
        case 5:
            if ASCII.equals(key, "value") || ASCII.equals(key, "Value") { return .value }
            return ASCII.equals(key, "field") ? .name : nil
        case 6: return ASCII.equals(key, "header") ? .name : nil
        case 8: return ASCII.equals(key, "encoding") ? .encoding : nil
        default: return nil
        }
    }

    /// Masks one scalar by its key's policy, or scans what it holds.
    ///
    /// - Parameters:
    ///   - path: the path of the member's object (with `ownKey`) or of the member itself (array elements).
    private func handle(
        _ member: JSONWalker.Scalar, path: JSONPath, ownKey: Bool, pairKey: [UInt8]?, encoding: [UInt8]?,
        in text: UnsafeBufferPointer<UInt8>, claims: JWTClaims?, into context: inout ScanContext
    ) {
        let before = context.redactions.items.count
        defer {
            if context.redactions.items.count > before {
                var full = path
                if ownKey, let key = member.key { full.components.append(.key(key)) }
                let masks = context.masks
                context.redactions.setPath(full.rendered { maskedKey($0, in: text, masks: masks) }, from: before)
            }
        }
        var policy: KeyPolicy = .none
        if let pairKey {
            policy = context.policy(forKey: pairKey)
            // A HAR `cookies` entry: its value is that cookie's, whatever its name says as a key.
            if policy == .none, let list = path.lastKey, ASCII.equalsIgnoringCase(text[list], "cookies") {
                policy = .cookieValue(name: pairKey)
            }
        } else if let key = member.key {
            policy = context.policy(forKey: text[key])
            // `"customer": {"name": "jane doe"}`, `"product": {"name": "Blue Widget"}`: the object says whose
            // name it is.
            if policy == .nameIfPersonShaped, ownKey, let object = path.lastKey,
                let isPerson = context.nameOwner(ofObject: text[object])
            {
                policy = isPerson ? .personal(.personName) : .none
            }
        }
        if let claims, let key = member.key {
            switch claims.policy(forClaim: String(decoding: text[key], as: UTF8.self)) {
            case .keep: return
            case .pseudonymize(let kind):
                pseudonymizeClaim(member, kind: kind, in: text, into: &context)
                return
            case .byKey: break
            }
        }
        switch member.kind {
        case .literal:
            return
        case .number:
            switch policy {
            case .secret(_, weak: false), .personal(.phone), .personal(.ssn), .personal(.cardNumber),
                .personal(.username), .personal(.personName), .personal(.dateOfBirth):
                applyPolicy(policy, to: member.value, in: text, numericLiteral: true, into: &context)
            default: return
            }
        case .string:
            guard !member.value.isEmpty else { return }
            if !member.escaped {
                if !applyPolicy(policy, to: member.value, in: text, into: &context)
                    && (claims != nil || Self.mayHoldStructure(text, member.value, encoding: encoding))
                {
                    scanContent(text, range: member.value, encoding: encoding, into: &context)
                }
                return
            }
            let decoded = JSONString.decode(text, member.value)
            var inner = ScanContext(masks: context.masks)
            decoded.bytes.withUnsafeBufferPointer { buffer in
                if !applyPolicy(policy, to: 0..<buffer.count, in: buffer, into: &inner) {
                    scanContent(buffer, range: 0..<buffer.count, encoding: encoding, into: &inner)
                }
                inner.redactions.resolve(in: buffer, masks: inner.masks)
            }
            context.add(mappedFrom: decoded, inner.redactions, container: text)
        }
    }

    /// A JWT identity claim: pseudonymized whatever its shape, so `sub: "1234567890"` changes too.
    private func pseudonymizeClaim(
        _ member: JSONWalker.Scalar, kind: FindingKind, in text: UnsafeBufferPointer<UInt8>,
        into context: inout ScanContext
    ) {
        guard member.kind != .literal, !member.value.isEmpty, !member.escaped else {
            if member.escaped { applyPolicy(.personal(kind), to: member.value, in: text, into: &context) }
            return
        }
        let value = text[member.value]
        if MaskFactory.isMasked(value) || MaskFactory.isShapeMask(value) { return }
        if value.contains(0x40) {
            // `upn`, `preferred_username`: usually an email, masked as one.
            if !applyPolicy(.personal(.email), to: member.value, in: text, into: &context) {
                scanContent(text, range: member.value, into: &context)
            }
            return
        }
        let isIdentifier = value.allSatisfy(ASCII.isDigit)
        if (kind == .username || kind == .personName) && member.kind == .string && !isIdentifier {
            applyPolicy(.personal(kind), to: member.value, in: text, into: &context)
            return
        }
        context.maskToken(
            member.value, in: text, kind: kind, rule: "jwt-claim", priority: .context,
            numericLiteral: member.kind == .number)
    }

    /// Whether a plain string may hold JSON or base64 that needs its own scan; any other plain string is covered
    /// by the scan of the whole document.
    private static func mayHoldStructure(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, encoding: [UInt8]?
    ) -> Bool {
        guard let first = text[range].first(where: { !ASCII.isWhitespace($0) }) else { return false }
        return first == 0x7B || first == 0x5B || encoding != nil || mayBeBase64Text(text, range)
    }

    // MARK: - Paths

    /// A key's text as the manifest's path shows it: with what the scanners find in it masked (an email, an SSN, an
    /// address used as a map's key), as the output shows it. Most keys are words, and are taken as they are.
    private func maskedKey(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, masks: MaskFactory) -> String {
        var digits = 0
        var isWord = true
        for b in text[range] {
            if ASCII.isDigit(b) { digits += 1 }
            if !(ASCII.isAlnum(b) || b == 0x5F || b == 0x2D) { isWord = false }
        }
        if isWord && digits < 4 { return String(decoding: text[range], as: UTF8.self) }
        let key = UnsafeBufferPointer(rebasing: text[range])
        var context = ScanContext(masks: masks)
        scanText(key, range: 0..<key.count, into: &context)
        let redactions = context.redactions.resolved(in: key, masks: masks)
        return String(decoding: Sanitizer.apply(redactions, to: key), as: UTF8.self)
    }
}
