/// What kind of sensitive value a finding is.
///
/// The raw value names the kind in `--explain` output and in reports.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    // Secrets: anything that grants access.
    case apiKey = "api-key"
    case accessToken = "access-token"
    case password
    case privateKey = "private-key"
    case jwt
    case sessionCookie = "session-cookie"
    case signature
    case secret
    // Personal data: anything that identifies a person.
    case email
    case phone
    case cardNumber = "card-number"
    case iban
    case ssn
    case ipAddress = "ip-address"
    case macAddress = "mac-address"
    case personName = "person-name"
    case streetAddress = "street-address"
    case dateOfBirth = "date-of-birth"
    case username

    /// Whether the value grants access (a secret) or identifies a person (personal data).
    public var category: Category {
        switch self {
        case .apiKey, .accessToken, .password, .privateKey, .jwt, .sessionCookie, .signature, .secret: .secret
        default: .personal
        }
    }

    public enum Category: String, Sendable, Codable {
        case secret
        case personal
    }
}

/// What the sanitizer did to a value.
public enum MaskAction: String, Sendable, Codable {
    /// Replaced by a keyed pseudonym of the same shape: the same value always gives the same pseudonym.
    case pseudonymized
    /// Replaced by a fixed mask: the value was too short for a pseudonym to hide it.
    case masked
    /// A structured value (a JWT, a Basic credential) decoded, sanitized inside and re-encoded.
    case rewritten
}

/// One masked value, as reported by `--explain` and `--report`. It never contains the value.
public struct Finding: Sendable, Hashable, Codable {
    /// The detector or rule that fired, for example `github-token` or `generic-password`.
    public var rule: String
    public var kind: FindingKind
    public var action: MaskAction
    /// 1-based line of the value's first byte in the input.
    public var line: Int
    /// 1-based column (in bytes) of the value's first byte in the input.
    public var column: Int
    /// Where the value sits in the structure, when a parser knows: a JSON path (`$.headers.Authorization`),
    /// a header name, a query parameter or a curl flag.
    public var path: String?
    /// The pseudonym that replaced the value. A pseudonym reveals nothing of the value without the key.
    public var pseudonym: String?

    public init(
        rule: String, kind: FindingKind, action: MaskAction, line: Int = 0, column: Int = 0,
        path: String? = nil, pseudonym: String? = nil
    ) {
        self.rule = rule
        self.kind = kind
        self.action = action
        self.line = line
        self.column = column
        self.path = path
        self.pseudonym = pseudonym
    }
}
