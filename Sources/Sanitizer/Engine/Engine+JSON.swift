import Foundation

/// JSON and JSON Lines, HAR included: values get the context of their key, or of their `name` sibling in
/// `{"name": "Authorization", "value": "..."}` pairs, and strings that hold JSON or base64 are looked into.
extension Engine {
    /// A scalar member of the object being walked, kept until the object ends so its siblings are known.
    private struct Member {
        var key: Range<Int>?
        var value: Range<Int>
        var kind: ScalarKind
        var escaped: Bool
    }

    private enum ScalarKind { case string, number, literal }

    enum PathComponent {
        case key(Range<Int>)
        case index(Int)
    }

    private struct Frame {
        var isObject: Bool
        var key: Range<Int>?
        /// Where this object's scalar members start in the walk's member stack.
        var firstMember: Int
        var index = 0
        var pathLength: Int
    }

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
        // Room for a typical log line's nesting and members, so that the arrays don't grow one step at a time.
        var stack: [Frame] = []
        stack.reserveCapacity(8)
        var members: [Member] = []
        members.reserveCapacity(32)
        var path: [PathComponent] = []
        path.reserveCapacity(8)
        var pendingKey: Range<Int>?
        var expectingKey = false
        var i = range.lowerBound
        let end = range.upperBound
        var sawValue = false

        func skipSpace() { while i < end, ASCII.isWhitespace(text[i]) { i += 1 } }

        /// Finishes a scalar: keep it in its object, or handle it now in an array or at the top.
        func scalar(_ value: Range<Int>, _ kind: ScalarKind, escaped: Bool) {
            if let top = stack.last, top.isObject {
                members.append(Member(key: pendingKey, value: value, kind: kind, escaped: escaped))
            } else {
                let key = stack.last?.key
                handle(
                    Member(key: key, value: value, kind: kind, escaped: escaped), path: path, ownKey: false,
                    pairKey: nil, encoding: nil, in: text, claims: claims, into: &context)
            }
        }

        /// Ends a structure that was popped: an object's members are handled with their siblings. (A cut-off
        /// document may still have the key of a member in progress on its path.)
        func close(_ top: Frame) {
            path.removeSubrange(min(top.pathLength, path.count)...)
            guard top.isObject else { return }
            finishObject(
                top, members: members[top.firstMember...], path: path, in: text, claims: claims, into: &context)
            members.removeSubrange(top.firstMember...)
        }

        // A document cut off before its end (a truncated HAR, a paste that stopped short) is read as far as it
        // goes: what it holds keeps its keys' context. Not a JWT's claims, which must be whole.
        let mayBeTruncated = claims == nil
        var truncated = false
        skipSpace()
        document: while i < end {
            let b = text[i]
            if expectingKey && b != 0x7D {
                guard b == ASCII.quote, let string = Self.jsonString(text, at: i, end: end) else {
                    truncated = b == ASCII.quote && Self.runsToEnd(text, from: i, end: end)
                    break document
                }
                let key = (i + 1)..<(string.end - 1)
                pendingKey = key
                i = string.end
                skipSpace()
                if i >= end {
                    truncated = true
                    break document
                }
                guard text[i] == 0x3A else { return false }
                i += 1
                skipSpace()
                expectingKey = false
                path.append(.key(key))
                continue
            }
            expectingKey = false
            switch b {
            case 0x7B, 0x5B:  // { [
                let isObject = b == 0x7B
                let frame = Frame(
                    isObject: isObject, key: pendingKey ?? stack.last?.key, firstMember: members.count,
                    pathLength: path.count)
                stack.append(frame)
                if !isObject { path.append(.index(0)) }
                i += 1
                skipSpace()
                expectingKey = isObject
                if isObject { pendingKey = nil }
                continue
            case 0x7D, 0x5D:  // } ]
                guard let top = stack.popLast(), top.isObject == (b == 0x7D) else { return false }
                close(top)
                i += 1
            case ASCII.quote:
                guard let string = Self.jsonString(text, at: i, end: end) else {
                    guard mayBeTruncated, Self.runsToEnd(text, from: i, end: end) else { return false }
                    // The cut value, as far as it goes.
                    let value = (i + 1)..<end
                    scalar(value, .string, escaped: text[value].contains(ASCII.backslash))
                    truncated = true
                    break document
                }
                scalar((i + 1)..<(string.end - 1), .string, escaped: string.escaped)
                i = string.end
            case 0x2D, 0x30...0x39:
                var j = i + 1
                while j < end,
                    ASCII.isDigit(text[j]) || text[j] == 0x2E || text[j] == 0x65 || text[j] == 0x45
                        || text[j] == 0x2B || text[j] == 0x2D
                {
                    j += 1
                }
                scalar(i..<j, .number, escaped: false)
                i = j
            case 0x74, 0x66, 0x6E:  // true false null
                let word: StaticString = b == 0x74 ? "true" : b == 0x66 ? "false" : "null"
                let n = word.utf8CodeUnitCount
                if i + n > end {
                    truncated = true
                    break document
                }
                guard ASCII.equalsIgnoringCase(text[i..<(i + n)], word) else { return false }
                scalar(i..<(i + n), .literal, escaped: false)
                i += n
            default:
                return false
            }
            sawValue = true
            // After a value: a comma, a closing bracket, or the end.
            skipSpace()
            guard let top = stack.last else {
                // The document is complete; only whitespace may follow.
                break
            }
            if top.isObject, case .key = path.last { path.removeLast() }
            pendingKey = nil
            if i >= end {
                truncated = true
                break document
            }
            if text[i] == 0x2C {
                i += 1
                skipSpace()
                if top.isObject {
                    expectingKey = true
                } else {
                    stack[stack.count - 1].index += 1
                    path[path.count - 1] = .index(stack[stack.count - 1].index)
                }
            } else if text[i] != 0x7D && text[i] != 0x5D {
                return false
            }
        }
        if truncated || (i >= end && !stack.isEmpty) {
            guard mayBeTruncated, !stack.isEmpty else { return false }
            // Close what is open, innermost first.
            while let top = stack.popLast() { close(top) }
            return true
        }
        skipSpace()
        return sawValue && stack.isEmpty && i >= end
    }

    /// The key nearest the end of a path: an object's own, or for an array element, its array's.
    private static func lastKey(of path: [PathComponent]) -> Range<Int>? {
        for component in path.reversed() {
            if case .key(let range) = component { return range }
        }
        return nil
    }

    /// Whether a string that starts at `start` has no closing quote before `end`: cut off, not malformed.
    private static func runsToEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var i = start + 1
        while i < end {
            if text[i] == ASCII.backslash {
                i += 2
                continue
            }
            if text[i] == ASCII.quote || text[i] == ASCII.newline { return false }
            i += 1
        }
        return true
    }

    /// Handles an object's scalar members once all of them are known.
    private func finishObject(
        _ frame: Frame, members: ArraySlice<Member>, path: [PathComponent], in text: UnsafeBufferPointer<UInt8>,
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
                encoding = Self.decodedString(text, member.value, escaped: member.escaped)
            default: break
            }
        }
        let pairKey =
            valueIndex == nil
            ? nil
            : pairNameIndex.map {
                Self.decodedString(text, members[$0].value, escaped: members[$0].escaped)
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
        _ member: Member, path: [PathComponent], ownKey: Bool, pairKey: [UInt8]?, encoding: [UInt8]?,
        in text: UnsafeBufferPointer<UInt8>, claims: JWTClaims?, into context: inout ScanContext
    ) {
        let before = context.redactions.items.count
        defer {
            if context.redactions.items.count > before {
                var full = path
                if ownKey, let key = member.key { full.append(.key(key)) }
                context.redactions.setPath(pathString(full, in: text, masks: context.masks), from: before)
            }
        }
        var policy: KeyPolicy = .none
        if let pairKey {
            policy = context.policy(forKey: pairKey)
            // A HAR `cookies` entry: its value is that cookie's, whatever its name says as a key.
            if policy == .none, let list = Self.lastKey(of: path), ASCII.equalsIgnoringCase(text[list], "cookies") {
                policy = .cookieValue(name: pairKey)
            }
        } else if let key = member.key {
            policy = context.policy(forKey: text[key])
            // `"customer": {"name": "jane doe"}`, `"product": {"name": "Blue Widget"}`: the object says whose
            // name it is.
            if policy == .nameIfPersonShaped, ownKey, let object = Self.lastKey(of: path),
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
            let decoded = Self.decodeJSONString(text, member.value)
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
        _ member: Member, kind: FindingKind, in text: UnsafeBufferPointer<UInt8>, into context: inout ScanContext
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

    /// Whether a plain string may hold JSON or base64 that needs its own scan; any other plain string is covered
    /// by the scan of the whole document.
    private static func mayHoldStructure(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, encoding: [UInt8]?
    ) -> Bool {
        guard let first = text[range].first(where: { !ASCII.isWhitespace($0) }) else { return false }
        return first == 0x7B || first == 0x5B || encoding != nil || mayBeBase64Text(text, range)
    }

    private static func mayBeBase64Text(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
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

    // MARK: - Strings

    /// The string starting at the quote at `start`: its end (after the closing quote) and whether it has escapes.
    static func jsonString(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, escaped: Bool)? {
        var i = start + 1
        var escaped = false
        while i < end {
            i = Self.plainStringBytes(text, from: i, end: end)
            guard i < end else { break }
            let b = text[i]
            if b == ASCII.quote { return (i + 1, escaped) }
            if b == ASCII.backslash {
                escaped = true
                i += 2
                continue
            }
            if b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// The first offset from `i` whose byte may end or escape a string (a quote, a backslash or a control byte),
    /// looked for eight bytes at a time; `end` when there is none.
    ///
    /// Each test flags every byte it looks for, and may flag a byte above one it found; the lowest flag is always
    /// a byte it looks for, and the caller looks at that byte again.
    @inline(__always)
    private static func plainStringBytes(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        guard let base = text.baseAddress, end <= text.count else { return start }
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let zeroQuote = (quotes &- ones) & ~quotes
            let zeroBackslash = (backslashes &- ones) & ~backslashes
            let control = (word &- ones &* 0x20) & ~word
            let flags = (zeroQuote | zeroBackslash | control) & (ones &* 0x80)
            if flags != 0 { return i &+ flags.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        return i
    }

    static func decodedString(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool) -> [UInt8] {
        escaped ? decodeJSONString(text, range).bytes : Array(text[range])
    }

    /// Decodes a JSON string's content, keeping where each decoded byte came from.
    static func decodeJSONString(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> DecodedText {
        var bytes: [UInt8] = []
        var origin: [Int] = []
        bytes.reserveCapacity(range.count)
        origin.reserveCapacity(range.count + 1)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = text[i]
            guard b == ASCII.backslash, i + 1 < range.upperBound else {
                bytes.append(b)
                origin.append(i)
                i += 1
                continue
            }
            let escape = text[i + 1]
            let simple: UInt8? =
                switch escape {
                case 0x6E: ASCII.newline
                case 0x74: ASCII.tab
                case 0x72: ASCII.carriageReturn
                case 0x62: 0x08
                case 0x66: 0x0C
                case 0x75: nil
                default: escape
                }
            if let simple {
                bytes.append(simple)
                origin.append(i)
                i += 2
                continue
            }
            // \uXXXX, with a surrogate pair when one follows.
            guard let high = hex4(text, i + 2, range.upperBound) else {
                bytes.append(escape)
                origin.append(i)
                i += 2
                continue
            }
            var scalarValue = UInt32(high)
            var length = 6
            if (0xD800..<0xDC00).contains(high), i + 12 <= range.upperBound, text[i + 6] == ASCII.backslash,
                text[i + 7] == 0x75, let low = hex4(text, i + 8, range.upperBound), (0xDC00..<0xE000).contains(low)
            {
                scalarValue = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                length = 12
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            for unit in String(scalar).utf8 {
                bytes.append(unit)
                origin.append(i)
            }
            i += length
        }
        origin.append(range.upperBound)
        return DecodedText(bytes: bytes, origin: origin, encoding: .jsonString)
    }

    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int) -> UInt16? {
        guard at + 4 <= end else { return nil }
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let digit = ASCII.hexValue(text[at + k]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The path as the manifest shows it, `$.users[0]["x-api-key"]`: a key that holds something sensitive (an
    /// email, an SSN, an address used as a map's key) shows as the output shows it, masked.
    func pathString(_ path: [PathComponent], in text: UnsafeBufferPointer<UInt8>, masks: MaskFactory) -> String {
        var result = "$"
        for component in path {
            switch component {
            case .key(let range):
                let key = maskedKey(range, in: text, masks: masks)
                if key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !key.isEmpty {
                    result += "." + key
                } else {
                    result += "[\"" + key.replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
                }
            case .index(let n):
                result += "[\(n)]"
            }
        }
        return result
    }

    /// A key's text with what the scanners find in it masked; most keys are words, and are taken as they are.
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
