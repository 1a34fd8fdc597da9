import Evidence

/// The triage verdict for one evidence pack: the bucket, the playbook to open, and why.
public struct TriageVerdict: Sendable, Equatable {
    /// nil when the pack holds no status, failure or error text to judge by.
    public var bucket: TriageBucket?
    /// The playbook to open: the bucket's.
    public var playbook: String? { bucket?.rawValue }
    /// The signals that decided it, in words a person can check.
    public var reasons: [String]
}

/// Classifies evidence into the bucket of the boundary that failed first.
///
/// It reads the evidence, not only the status code: a 500 whose logs say `connection refused`, `no such host`,
/// `x509`, `AccessDenied` or `429 from upstream` is not a server bucket. A specific status (401, 429, 415, 504)
/// weighs more than the generic 500; each distinct signal phrase in the failure, error code, body, logs and stack
/// trace adds to its bucket; no response at all, or a latency at the timeout, is upstream.
public enum Triage {
    public static func classify(_ pack: EvidencePack) -> TriageVerdict {
        var scores: [TriageBucket: Double] = [:]
        var reasons: [TriageBucket: [String]] = [:]
        func add(_ bucket: TriageBucket, _ weight: Double, _ reason: String) {
            scores[bucket, default: 0] += weight
            reasons[bucket, default: []].append(reason)
        }

        let response = pack.response
        if let status = response?.status, let (bucket, weight) = statusSignal(status) {
            add(bucket, weight, "status \(status)")
        } else if response != nil, response?.status == nil, let failure = response?.failure {
            add(.upstream, 4, "no response: \(failure.prefix(80))")
        }
        let headers = Dictionary(
            (response?.headers ?? [:]).map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        if headers["retry-after"] != nil { add(.rateLimit, 2, "a Retry-After header") }
        if let remaining = headers["x-ratelimit-remaining"] ?? headers["ratelimit-remaining"],
            remaining.trimmingWhitespace() == "0"
        {
            add(.rateLimit, 3, "rate-limit remaining is 0")
        }
        if let latency = pack.timing?.latencyMs, let timeout = pack.timing?.timeoutMs, timeout > 0,
            latency >= timeout * 0.98
        {
            add(.upstream, 3, "latency \(Int(latency)) ms reached the \(Int(timeout)) ms timeout")
        }

        let present = signalIndex.phrases(in: evidenceText(pack))
        for (index, (bucket, phrases)) in signalPhrases.enumerated() {
            let found = phrases.indices.filter { present.contains(PhraseIndex.Key(list: index, phrase: $0)) }
                .map { phrases[$0].text }
            guard !found.isEmpty else { continue }
            // Distinct phrases add up, but a log repeating one symptom does not outvote a clear status.
            let weight = min(Double(found.count), 3) * 1.5
            add(bucket, weight, "the evidence says " + found.prefix(3).map { "'\($0)'" }.joined(separator: ", "))
        }

        guard
            let best = scores.max(by: { lhs, rhs in
                lhs.value != rhs.value ? lhs.value < rhs.value : priority(lhs.key) > priority(rhs.key)
            })
        else {
            return TriageVerdict(bucket: nil, reasons: [])
        }
        return TriageVerdict(bucket: best.key, reasons: reasons[best.key] ?? [])
    }

    /// What a status alone says, and how much: specific statuses are strong, a bare 500 is weak because generic
    /// catch blocks turn every dependency failure into one.
    static func statusSignal(_ status: Int) -> (TriageBucket, Double)? {
        switch status {
        case 401, 403, 407: (.auth, 4)
        case 429: (.rateLimit, 5)
        case 502, 503, 504: (.upstream, 4)
        case 408, 499, 520...527, 598, 599: (.upstream, 3)
        case 400, 404, 405, 406, 409, 410, 411, 412, 413, 414, 415, 416, 422, 426, 428, 431: (.client, 4)
        case 402, 417, 418, 421, 423, 424, 451: (.client, 2)
        case 500, 501, 505...511: (.server, 1.5)
        default: nil
        }
    }

    /// Ties go to the more specific bucket.
    static func priority(_ bucket: TriageBucket) -> Int {
        switch bucket {
        case .rateLimit: 0
        case .auth: 1
        case .upstream: 2
        case .client: 3
        case .server: 4
        }
    }

    /// The pack's failure, error code, response body, logs and stack trace, lowercased, for phrase matching.
    static func evidenceText(_ pack: EvidencePack) -> LowercasedText {
        var parts: [String] = []
        if let failure = pack.response?.failure { parts.append(failure) }
        if let code = pack.response?.errorCode { parts.append(String(code.map { $0 == "_" ? " " : $0 })) }
        if let body = pack.response?.body { parts.append(String((body.stringValue ?? body.jsonText).prefix(8192))) }
        parts += (pack.logs ?? []).prefix(500).map { String($0.prefix(4096)) }
        if let trace = pack.stackTrace { parts.append(String(trace.prefix(16384))) }
        return LowercasedText(parts.joined(separator: "\n"))
    }

    static let signalIndex = PhraseIndex(signalPhrases.map(\.1))

    /// Phrases engineers and runtimes use for each boundary's failure, lowercased.
    static let signalPhrases: [(TriageBucket, [Phrase])] = [
        (
            .rateLimit,
            [
                "rate limit", "ratelimit", "rate-limit", "too many requests", "throttl", "quota exceeded",
                "429 from upstream", "upstream returned 429", "slow down", "requestlimitexceeded",
            ]
        ),
        (
            .auth,
            [
                "accessdenied", "access denied", "unauthorized", "forbidden", "invalid_token", "invalid token",
                "token expired", "token has expired", "jwt expired", "expired token", "invalid_grant",
                "invalid signature", "signature verification", "invalid audience", "invalid issuer",
                "permission denied", "insufficient scope", "insufficient_scope", "not authorized",
                "authentication failed", "invalid api key", "invalid_client", "credentials",
                "signaturedoesnotmatch", "expiredtoken", "clock skew",
            ]
        ),
        (
            .upstream,
            [
                "connection refused", "econnrefused", "econnreset", "connection reset", "no such host",
                "could not resolve", "unknownhostexception", "name or service not known", "nxdomain",
                "getaddrinfo", "x509", "certificate", "ssl handshake", "tls handshake", "handshake failed",
                "timed out", "timeout", "deadline exceeded", "sockettimeoutexception", "etimedout",
                "bad gateway", "service unavailable", "gateway timeout", "upstream", "circuit breaker",
                "circuit open", "broken pipe", "connection closed", "no healthy upstream", "503 from", "502 from",
                "504 from", "unreachable", "host is down",
            ]
        ),
        (
            .client,
            [
                "validation failed", "validation error", "unsupported media type", "malformed", "missing required",
                "bad request", "invalid request", "invalid json", "cannot deserialize", "unrecognized field",
                "method not allowed", "not acceptable", "unprocessable", "required field", "invalid parameter",
                "invalid_request",
            ]
        ),
        (
            .server,
            [
                "nullpointerexception", "null pointer", "nil pointer", "panic:", "unhandled exception",
                "internal server error", "outofmemory", "out of memory", "stack overflow", "segmentation fault",
                "indexoutofbounds", "keyerror", "typeerror", "undefined is not", "deadlock", "assertion failed",
                "classcastexception", "illegalstateexception",
            ]
        ),
    ]
}

/// Text lowercased (ASCII letters only, which every signal phrase is) as bytes, for fast phrase search.
struct LowercasedText {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}

/// Lists of phrases, indexed by their first two bytes, so that one pass over a text finds every phrase in it:
/// testing each phrase on its own read the text once per phrase.
struct PhraseIndex: Sendable {
    struct Key: Hashable, Sendable {
        var list: Int
        var phrase: Int
    }

    private let phrases: [(key: Key, bytes: [UInt8])]
    /// The phrases of two bytes or more that start with the pair `p` (first byte high) are
    /// `pairPhrases[pairStart[p]..<pairStart[p + 1]]`.
    private let pairStart: [Int32]
    private let pairPhrases: [Int32]
    /// Phrases of one byte, which no pair can find.
    private let single: [UInt8: [Int]]

    init(_ lists: [[Phrase]]) {
        var phrases: [(key: Key, bytes: [UInt8])] = []
        for (list, members) in lists.enumerated() {
            for (index, phrase) in members.enumerated() where !phrase.bytes.isEmpty {
                phrases.append((Key(list: list, phrase: index), phrase.bytes))
            }
        }
        self.phrases = phrases
        var single: [UInt8: [Int]] = [:]
        var paired: [(pair: Int, phrase: Int32)] = []
        for (index, phrase) in phrases.enumerated() {
            if phrase.bytes.count == 1 {
                single[phrase.bytes[0], default: []].append(index)
            } else {
                paired.append((Int(phrase.bytes[0]) << 8 | Int(phrase.bytes[1]), Int32(index)))
            }
        }
        paired.sort { $0.pair < $1.pair }
        var pairStart = [Int32](repeating: 0, count: 1 << 16 + 1)
        for entry in paired { pairStart[entry.pair + 1] += 1 }
        for pair in 0..<(1 << 16) { pairStart[pair + 1] += pairStart[pair] }
        self.pairStart = pairStart
        pairPhrases = paired.map(\.phrase)
        self.single = single
    }

    /// The phrases that occur in `text`.
    func phrases(in text: LowercasedText) -> Set<Key> {
        var found: Set<Key> = []
        text.bytes.withUnsafeBufferPointer { bytes in
            for i in bytes.indices {
                if !single.isEmpty, let candidates = single[bytes[i]] {
                    for c in candidates { found.insert(phrases[c].key) }
                }
                guard i + 1 < bytes.count else { continue }
                let pair = Int(bytes[i]) << 8 | Int(bytes[i + 1])
                for c in pairStart[pair]..<pairStart[pair + 1] {
                    let (key, phrase) = phrases[Int(pairPhrases[Int(c)])]
                    guard i + phrase.count <= bytes.count, !found.contains(key) else { continue }
                    var k = 2
                    while k < phrase.count, bytes[i + k] == phrase[k] { k += 1 }
                    if k == phrase.count { found.insert(key) }
                }
            }
        }
        return found
    }
}

/// A signal phrase, lowercased, with its bytes ready for search.
struct Phrase: ExpressibleByStringLiteral, Sendable {
    let text: String
    let bytes: [UInt8]

    init(stringLiteral text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }
}
