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
}

/// Why something that worked locally fails in production.
public enum MismatchCategory: String, Sendable, Codable, CaseIterable {
    /// Profiles, environment variables, empty versus unset, JDBC URLs, flags.
    case configuration
    /// DNS, security groups, egress, mTLS.
    case networking
    /// IAM, OAuth secrets, API key scope, allowlists.
    case auth
    /// Nulls, legacy rows, time zones, charsets, duplicates.
    case data
    /// A sandbox versus the production partner, versions.
    case dependencies
    /// Container image, trust store, read-only file system, case-sensitive paths, JDK flags.
    case runtime
    /// Replicas, pools, races, limits.
    case scale

    /// Reads a category as people write it (`Config`, `network`, `dependency`).
    public init?(loosely text: String) {
        let key = text.lowercased().filter { $0.isLetter }
        let aliases: [String: MismatchCategory] = [
            "config": .configuration, "network": .networking, "dependency": .dependencies, "deps": .dependencies,
        ]
        if let category = Self.allCases.first(where: { $0.rawValue == key }) ?? aliases[key] {
            self = category
        } else {
            return nil
        }
    }
}
