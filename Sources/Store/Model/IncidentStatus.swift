/// Where an incident stands: open, mitigated (a mitigation stopped the impact), or resolved.
public enum IncidentStatus: String, Sendable, Codable, CaseIterable {
    case open
    /// A mitigation is in place; the permanent fix is not.
    case mitigated
    case resolved

    /// Reads a status in any case (`Resolved`, `OPEN`).
    public init?(loosely text: String) {
        self.init(rawValue: text.trimmingWhitespace().lowercased())
    }
}
