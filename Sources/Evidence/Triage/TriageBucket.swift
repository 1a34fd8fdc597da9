/// The boundary that failed first, each with its playbook: where triage starts.
public enum TriageBucket: String, Sendable, Codable, CaseIterable {
    /// The request was badly formed: 400, 404, 405, 415, 422, often after a client release.
    case client
    /// Credentials were missing, expired, or for the wrong issuer, audience or scope: 401, 403.
    case auth
    /// A limiter refused the request: 429, `Retry-After`, `X-RateLimit-*`.
    case rateLimit = "rate_limit"
    /// A dependency or the network failed: 502, 503, 504, timeouts, DNS, TLS, connection refused.
    case upstream
    /// The application itself failed: a 500 after a deploy or a flag flip, saturation.
    case server

    /// Reads a bucket as people write it: `rate-limit`, `Rate Limit`, `ratelimit`, `upstream`.
    public init?(loosely text: String) {
        let key = text.lowercased().filter { $0.isLetter }
        guard let bucket = Self.allCases.first(where: { $0.rawValue.filter(\.isLetter) == key }) else { return nil }
        self = bucket
    }

    /// The buckets' names, for error hints.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
