import Synchronization

/// What one scan collects: the redactions of one buffer, made with the run's masks.
struct ScanContext {
    let masks: MaskFactory
    var redactions = RedactionSet()
    /// Where the buffer sits in its structure (a JSON path, a header), for the findings made in it.
    var path: String?
    /// Set while free text is scanned inside a JSON document that was walked: its keys' values were judged
    /// already, with what the walk knows (a `name`'s object).
    var insideWalkedJSON = false

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
    private var policies = PolicyCache()

    /// The policy of a key, classified once per scan.
    mutating func policy(forKey key: some Collection<UInt8>) -> KeyPolicy {
        policies.policy(forKey: key)
    }

    /// The last object key whose `name` was judged, and what it said: log lines repeat the same object.
    private var lastNameOwner: (key: [UInt8], isPerson: Bool?)?

    /// Whether an object under `key` is a person (its `name` a person's name), a thing, or unknown
    /// (``KeyClassifier/nameOwner(_:)``).
    mutating func nameOwner(ofObject key: Slice<UnsafeBufferPointer<UInt8>>) -> Bool? {
        if let last = lastNameOwner, last.key.elementsEqual(key) { return last.isPerson }
        let isPerson = KeyClassifier.nameOwner(key)
        lastNameOwner = (Array(key), isPerson)
        return isPerson
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

/// Key policies already worked out in one scan, looked up without allocating.
///
/// A JSON log looks up the policy of every key of every line, and most keys repeat; a dictionary keyed by `[UInt8]`
/// would copy each key into a new array and hash it a byte at a time with SipHash. This table hashes the key's bytes
/// where they are (FNV-1a) and keeps the keys it has seen in one byte buffer. The classifier is a pure function of
/// the key, so a hit returns exactly what classifying again would. A miss asks ``KnownKeyPolicies``, the same kind of
/// table shared by every scan of the process.
struct PolicyCache {
    private var table = PolicyTable(limit: 4096)

    /// The policy of a key, classified once.
    mutating func policy(forKey key: some Collection<UInt8>) -> KeyPolicy {
        if let policy = key.withContiguousStorageIfAvailable({ lookUp($0) }) { return policy }
        return Array(key).withUnsafeBufferPointer { lookUp($0) }
    }

    private mutating func lookUp(_ key: UnsafeBufferPointer<UInt8>) -> KeyPolicy {
        let hash = PolicyTable.hash(key)
        if let policy = table.policy(forKey: key, hash: hash) { return policy }
        let policy = KnownKeyPolicies.policy(forKey: key, hash: hash)
        table.insert(policy, forKey: key, hash: hash)
        return policy
    }
}

/// The policies of the keys any scan in this process has met, shared by every scan and thread: a key is
/// classified once, not once per payload (an import sanitizes a hundred thousand lines with the same few dozen
/// keys, and classifying a key costs more than the rest of its lookup). A scan's own ``PolicyCache`` asks here
/// only for keys it has not met itself, so the lock is rare.
enum KnownKeyPolicies {
    private static let known = Mutex(PolicyTable(limit: 16_384))

    static func policy(forKey key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> KeyPolicy {
        if let policy = known.withLock({ $0.policy(forKey: key, hash: hash) }) { return policy }
        let policy = KeyClassifier.policy(forKey: key)
        known.withLock { known in
            // Another thread may have met the key meanwhile.
            if known.policy(forKey: key, hash: hash) == nil { known.insert(policy, forKey: key, hash: hash) }
        }
        return policy
    }
}

/// Key policies by key, in an open-addressing table over one buffer of key bytes.
struct PolicyTable: Sendable {
    private struct Entry {
        var hash: UInt64
        var keyStart: Int
        var keyCount: Int
        var policy: KeyPolicy
    }

    /// Open addressing over `entries`: an entry's index plus one, or zero for an empty slot. Grows by doubling.
    private var slots: [Int32] = []
    private var entries: [Entry] = []
    private var keyBytes: [UInt8] = []
    /// How many keys are kept at most, so that a payload of random keys cannot grow the table without bound.
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// FNV-1a of the key's bytes.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    func policy(forKey key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> KeyPolicy? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let entry = entries[Int(slots[slot]) - 1]
            if entry.hash == hash && entry.keyCount == key.count && keyMatches(entry, key) { return entry.policy }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Keeps `policy` for a key that is not in the table yet, unless the table is full.
    mutating func insert(_ policy: KeyPolicy, forKey key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard entries.count < limit else { return }
        entries.append(Entry(hash: hash, keyStart: keyBytes.count, keyCount: key.count, policy: policy))
        keyBytes.append(contentsOf: key)
        // Keep the table at most half full.
        if entries.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: max(16, slots.count * 2))
            for index in entries.indices { place(index) }
        } else {
            place(entries.count - 1)
        }
    }

    private func keyMatches(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { kept in
            for offset in 0..<key.count where kept[entry.keyStart + offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entries[index].hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }
}
