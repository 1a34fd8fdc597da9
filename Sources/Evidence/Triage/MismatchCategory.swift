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

    /// The categories' names, for error hints.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
