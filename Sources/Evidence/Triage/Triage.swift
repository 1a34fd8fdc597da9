import Sanitizer

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

        let present = signalPhrasesIn(evidenceText(pack))
        for (bucket, phrases) in signalPhrases {
            let found = phrases.filter(present.contains)
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

    /// The pack's failure, error code, response body, logs and stack trace, for phrase matching.
    static func evidenceText(_ pack: EvidencePack) -> String {
        var parts: [String] = []
        if let failure = pack.response?.failure { parts.append(failure) }
        if let code = pack.response?.errorCode { parts.append(String(code.map { $0 == "_" ? " " : $0 })) }
        if let body = pack.response?.body { parts.append(String((body.stringValue ?? body.jsonText).prefix(8192))) }
        parts += (pack.logs ?? []).prefix(500).map { String($0.prefix(4096)) }
        if let trace = pack.stackTrace { parts.append(String(trace.prefix(16384))) }
        return parts.joined(separator: "\n")
    }

    /// The signal phrases that occur in `text`, in any case, found in one pass by the sanitizer's keyword filter.
    static func signalPhrasesIn(_ text: String) -> Set<String> {
        var found: Set<String> = []
        var text = text
        text.withUTF8 { bytes in
            signalFilter.forEachMatch(in: bytes, range: 0..<bytes.count) { index, _ in
                found.insert(signalFilterPhrases[index])
            }
        }
        return found
    }

    private static let signalFilterPhrases = signalPhrases.flatMap(\.1)
    private static let signalFilter = KeywordFilter(keywords: signalFilterPhrases)

    /// Phrases engineers and runtimes use for each boundary's failure, lowercased.
    static let signalPhrases: [(TriageBucket, [String])] = [
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
