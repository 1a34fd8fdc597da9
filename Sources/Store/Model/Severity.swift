/// How bad an incident is, from SEV1 (the worst: a full outage, data loss) to SEV5.
public enum Severity: String, Sendable, Codable, CaseIterable {
    case sev1 = "SEV1"
    case sev2 = "SEV2"
    case sev3 = "SEV3"
    case sev4 = "SEV4"
    case sev5 = "SEV5"

    /// Reads a severity as people write it: `SEV2`, `sev2`, `Sev-2`, `SEV 2`, or the number alone.
    public init?(loosely text: String) {
        let key = text.uppercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" }
        let number = key.hasPrefix("SEV") ? key.dropFirst(3) : key[...]
        guard let severity = Self(rawValue: "SEV" + number) else { return nil }
        self = severity
    }
}
