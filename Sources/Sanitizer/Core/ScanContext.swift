/// What one scan collects: the redactions of one buffer, made with the run's masks.
struct ScanContext {
    let masks: MaskFactory
    var redactions = RedactionSet()
    /// Where the buffer sits in its structure (a JSON path, a header), for the findings made in it.
    var path: String?

    /// Masks already made in this scan: a log repeats the same users and tokens on many lines.
    private var madeMasks: [MadeMask: [UInt8]] = [:]

    private struct MadeMask: Hashable {
        var value: [UInt8]
        var kind: FindingKind
        var variant: Int
    }

    /// The mask of `value`, made once per scan by `make`.
    mutating func mask(_ value: [UInt8], kind: FindingKind, variant: Int = 0, make: () -> [UInt8]) -> [UInt8] {
        let key = MadeMask(value: value, kind: kind, variant: variant)
        if let made = madeMasks[key] { return made }
        let made = make()
        if madeMasks.count < 65536 { madeMasks[key] = made }
        return made
    }

    /// Key policies already worked out in this scan: logs repeat the same keys on every line.
    private var policies: [[UInt8]: KeyPolicy] = [:]

    /// The policy of a key, classified once per scan.
    mutating func policy(forKey key: some Collection<UInt8>) -> KeyPolicy {
        let bytes = Array(key)
        if let known = policies[bytes] { return known }
        let policy = KeyClassifier.policy(forKey: bytes)
        if policies.count < 4096 { policies[bytes] = policy }
        return policy
    }

    init(masks: MaskFactory, path: String? = nil) {
        self.masks = masks
        self.path = path
    }

    /// Masks `range` of `text` as a token of `kind`.
    mutating func maskToken(
        _ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, kind: FindingKind, rule: String,
        priority: Redaction.Priority, keepPrefix: Int = 0, numericLiteral: Bool = false, path: String? = nil
    ) {
        guard !range.isEmpty else { return }
        let value = Array(text[range])
        let masks = self.masks
        let replacement = mask(value, kind: kind, variant: keepPrefix * 2 + (numericLiteral ? 1 : 0)) {
            masks.token(value, kind: kind, keepPrefix: keepPrefix, numericLiteral: numericLiteral)
        }
        let action: MaskAction = Self.isFixed(replacement) ? .masked : .pseudonymized
        add(range, replacement: replacement, kind: kind, rule: rule, action: action, priority: priority, path: path)
    }

    mutating func add(
        _ range: Range<Int>, replacement: [UInt8], kind: FindingKind, rule: String, action: MaskAction = .pseudonymized,
        priority: Redaction.Priority, path: String? = nil
    ) {
        redactions.insert(
            Redaction(
                range: range, replacement: replacement, rule: rule, kind: kind, action: action, priority: priority,
                path: path ?? self.path))
    }

    /// Adds redactions found in a decoded text, mapped back into this buffer.
    mutating func add(mappedFrom decoded: DecodedText, _ inner: RedactionSet, container: UnsafeBufferPointer<UInt8>) {
        for redaction in inner.items { redactions.insert(decoded.mapToContainer(redaction, container: container)) }
    }

    private static func isFixed(_ mask: [UInt8]) -> Bool {
        mask.allSatisfy { !ASCII.isAlnum($0) || [0x78, 0x58, 0x66, 0x46, 0x30, 0x39].contains($0) }
    }
}
