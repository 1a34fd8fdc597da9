/// What a key, header, flag or parameter name says about its value.
enum KeyPolicy: Sendable, Equatable {
    /// The value is a secret: mask it whole. A `weak` key (`key`, `code`, `sig`) masks only values that look random.
    case secret(FindingKind, weak: Bool)
    /// `Authorization`-style: a scheme and credentials (Basic, Bearer, Digest, AWS4-HMAC-SHA256, ...).
    case authorization
    /// A `Cookie` header: `name=value` pairs separated by `;`.
    case cookie
    /// A `Set-Cookie` header: one `name=value` pair, then attributes that stay.
    case setCookie
    /// One cookie's value, given apart from its name (a HAR `cookies` entry): masked as that cookie in a header.
    case cookieValue(name: [UInt8])
    /// The value is personal data of this kind (email, phone, person name, address, date of birth, username...).
    case personal(FindingKind)
    /// A bare `name`: a person's name only when the value is shaped like one ("Ada Lovelace").
    case nameIfPersonShaped
    /// A connection string (`Server=...;Password=...`): its secret parts are masked by their own keys.
    case connectionString
    /// Nothing known: scan the value for what it holds.
    case none
}

/// Classifies key names into ``KeyPolicy``s by their words.
///
/// A key is split into words at `_`, `-`, `.`, spaces and camelCase humps (`X-Api-Key` → x, api, key;
/// `refreshToken` → refresh, token), and the words decide: `TOKEN_TTL_SECONDS` has a secret word but is a duration,
/// `password_min_length` is a number, `token_endpoint` a URL. The same classifier serves JSON keys, HTTP headers,
/// query and form parameters, environment variables, YAML, properties, logfmt and curl flags.
enum KeyClassifier {
    /// The stems that make a key worth classifying: the scanner's prefilter looks for these inside identifiers.
    static let stems: [String] = [
        "pass", "pwd", "secret", "token", "key", "auth", "cookie", "sess", "sid", "otp", "pin", "cvv", "cvc", "cred",
        "sig", "code", "private", "dsn", "conn", "ssn", "social", "dob", "birth", "phone", "mobile", "cell", "tel",
        "msisdn", "fax", "name", "address", "street", "addr", "line1", "line2", "email", "mail", "user", "login",
        "upn", "card", "pan", "iban", "holder", "security", "verifier", "bearer", "apim", "salt", "pw", "kennw",
        "senha", "wachtw", "trasen",
    ]

    static func policy(forKey key: some Collection<UInt8>) -> KeyPolicy {
        let words = splitWords(key)
        guard !words.isEmpty else { return .none }
        let compact = words.joined()

        switch compact {
        case "authorization", "proxyauthorization", "xauthorization", "authentication": return .authorization
        case "cookie": return .cookie
        case "setcookie": return .setCookie
        case "connectionstring", "connstr", "connstring", "connectionstrings", "dbconnection": return .connectionString
        default: break
        }
        if let policy = secretCompacts[compact] { return policy }
        if let kind = personalCompacts[compact] { return .personal(kind) }
        if compact == "name" { return .nameIfPersonShaped }
        if words.contains(where: nonSecretWords.contains) { return .none }

        // Word-level rules, last word first: `db_password`, `x-api-key`, `client_secret`, `session_id`.
        let last = words[words.count - 1]
        if let kind = secretWords[last] ?? secretSuffix(of: last) { return .secret(kind, weak: false) }
        if words.count >= 2 {
            let lastTwo = words[words.count - 2] + last
            if let policy = secretCompacts[lastTwo] { return policy }
            if let kind = personalCompacts[lastTwo] { return .personal(kind) }
        }
        if let kind = personalWords[last] { return .personal(kind) }
        if last == "key" || last == "keys" {
            return words.contains(where: strongKeyQualifiers.contains)
                ? .secret(.apiKey, weak: false)
                : .secret(.apiKey, weak: true)
        }
        if last == "name", words.count >= 2, personQualifiers.contains(words[words.count - 2]) {
            return .personal(.personName)
        }
        if last == "address" || last == "addr" || last == "street" {
            return words.contains(where: nonStreetWords.contains) ? .none : .personal(.streetAddress)
        }
        if weakSecretWords.contains(last) { return .secret(.secret, weak: true) }
        if words.contains(where: { secretWords[$0] != nil }) && !words.contains(where: qualifierOnlyWords.contains) {
            // `password_hash`, `secret_value`, `token_value`: still the secret.
            if let word = words.first(where: { secretWords[$0] != nil }), let kind = secretWords[word] {
                return .secret(kind, weak: false)
            }
        }
        return .none
    }

    /// Splits a key into lowercase words at separators and camelCase humps.
    static func splitWords(_ key: some Collection<UInt8>) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        func flush() {
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for b in key {
            if ASCII.isAlnum(b) {
                if ASCII.isUpper(b) && (ASCII.isLower(previous) || ASCII.isDigit(previous)) { flush() }
                current.append(ASCII.lower(b))
            } else {
                flush()
            }
            previous = b
        }
        flush()
        // Drop leading `x`/`http`/`env` style prefixes that say nothing about the value.
        while words.count > 1, let first = words.first, ["x", "http", "header", "meta"].contains(first) {
            words.removeFirst()
        }
        return words
    }

    // MARK: - Vocabulary

    /// A key with one of these words describes a secret without holding one.
    private static let nonSecretWords: Set<String> = [
        "ttl", "expiry", "expires", "expiration", "expire", "expired", "exp", "type", "types", "length", "len",
        "size", "count", "max", "min", "limit", "timeout", "seconds", "secs", "sec", "ms", "millis", "minutes",
        "hours", "days", "url", "uri", "urls", "endpoint", "path", "file", "filename", "dir", "location", "header",
        "prefix", "suffix", "format", "enabled", "enable", "disabled", "required", "policy", "rotation", "version",
        "hint", "field", "param", "mode", "strategy", "provider", "algorithm", "alg", "scheme", "usage", "scope",
        "scopes", "audience", "issuer", "attempts", "retries", "strength", "changed", "updated", "created", "at",
        "is", "has", "use", "uses", "tokens", "keys", "lifetime", "duration", "interval", "regex",
        "pattern", "label", "description", "desc", "placeholder", "index", "idx", "position", "ref", "store",
        "manager", "service", "class", "handler", "error", "errors", "status", "valid", "invalid", "missing",
        "request", "response", "rate", "id", "ids", "kid", "fingerprint", "public", "pub", "method", "methods",
        "verified",
        "total", "num", "number_of", "level", "page", "cache", "host", "hostname", "port", "region",
        "zone", "bucket", "table", "column", "topic", "queue", "schema", "template", "generator", "signed",
        "algo", "channel", "source", "idempotency", "partition", "routing", "sort", "object", "correlation",
        "trace", "span", "dedup", "deduplication", "lookup",
    ]

    private static let secretWords: [String: FindingKind] = [
        "password": .password, "passwd": .password, "pwd": .password, "pass": .password, "passphrase": .password,
        "passcode": .password, "secret": .secret, "secrets": .secret, "token": .accessToken,
        "credential": .secret, "credentials": .secret, "creds": .secret, "otp": .password, "totp": .password,
        "hotp": .password, "pin": .password, "cvv": .password, "cvc": .password, "cvv2": .password,
        "cvc2": .password, "bearer": .accessToken, "sessionid": .sessionCookie, "sessid": .sessionCookie,
        "phpsessid": .sessionCookie, "jsessionid": .sessionCookie, "session": .sessionCookie,
        "apikey": .apiKey, "privatekey": .privateKey, "secretkey": .apiKey, "accesskey": .apiKey,
        "signature": .signature, "verifier": .secret, "xsrf": .accessToken, "csrf": .accessToken,
        "csrftoken": .accessToken, "xsrftoken": .accessToken, "dsn": .secret, "pw": .password, "passw": .password,
        "passwort": .password, "kennwort": .password, "motdepasse": .password, "contrasena": .password,
        "senha": .password, "wachtwoord": .password, "requirepass": .password, "masterauth": .password,
        "jwt": .jwt,
    ]

    /// Single words that end in a secret word (`PGPASSWORD`, `MYSQL_PWD` is split already): the secret word's kind.
    private static func secretSuffix(of word: String) -> FindingKind? {
        for (suffix, kind) in [("password", FindingKind.password), ("passwd", .password), ("secret", .secret)]
        where word.count > suffix.count && word.hasSuffix(suffix) {
            return kind
        }
        return nil
    }

    /// Whole keys (words joined) with their policies.
    private static let secretCompacts: [String: KeyPolicy] = [
        "apikey": .secret(.apiKey, weak: false), "apitoken": .secret(.apiKey, weak: false),
        "accesstoken": .secret(.accessToken, weak: false), "refreshtoken": .secret(.accessToken, weak: false),
        "idtoken": .secret(.jwt, weak: false), "authtoken": .secret(.accessToken, weak: false),
        "clientsecret": .secret(.secret, weak: false), "privatekey": .secret(.privateKey, weak: false),
        "secretkey": .secret(.apiKey, weak: false), "accesskey": .secret(.apiKey, weak: false),
        "secretaccesskey": .secret(.apiKey, weak: false), "sessiontoken": .secret(.accessToken, weak: false),
        "securitytoken": .secret(.accessToken, weak: false), "sessionid": .secret(.sessionCookie, weak: false),
        "sid": .secret(.sessionCookie, weak: true), "connectsid": .secret(.sessionCookie, weak: false),
        "codeverifier": .secret(.secret, weak: false), "resettoken": .secret(.accessToken, weak: false),
        "verificationcode": .secret(.password, weak: false), "securitycode": .secret(.password, weak: false),
        "mfacode": .secret(.password, weak: false), "otpcode": .secret(.password, weak: false),
        "authcode": .secret(.accessToken, weak: false), "authorizationcode": .secret(.accessToken, weak: false),
        "code": .secret(.accessToken, weak: true), "sig": .secret(.signature, weak: true),
        "subscriptionkey": .secret(.apiKey, weak: false), "masterkey": .secret(.apiKey, weak: false),
        "signingkey": .secret(.apiKey, weak: false), "encryptionkey": .secret(.apiKey, weak: false),
        "webhooksecret": .secret(.secret, weak: false), "auth": .secret(.secret, weak: true),
        "salt": .secret(.secret, weak: true), "key": .secret(.apiKey, weak: true),
        "hapikey": .secret(.apiKey, weak: false), "totpcode": .secret(.password, weak: false),
        "smscode": .secret(.password, weak: false), "twofactorcode": .secret(.password, weak: false),
        "2facode": .secret(.password, weak: false), "confirmationcode": .secret(.password, weak: false),
        "recoverycode": .secret(.password, weak: false), "recoverycodes": .secret(.password, weak: false),
        "backupcodes": .secret(.password, weak: false), "onetimecode": .secret(.password, weak: false),
        "resetpasswordtoken": .secret(.accessToken, weak: false),
        "passwordresettoken": .secret(.accessToken, weak: false),
    ]

    /// Words that make a bare `key` strong: `api_key`, `secret_key`, `private-key`.
    private static let strongKeyQualifiers: Set<String> = [
        "api", "secret", "private", "access", "auth", "signing", "encryption", "master", "subscription", "license",
        "client", "app", "account", "storage", "service", "webhook", "shared", "consumer", "integration", "admin",
    ]

    /// Weak secret words: masked only when the value looks random.
    private static let weakSecretWords: Set<String> = ["code", "sig", "auth", "salt", "nonce"]

    /// With these, a secret word only qualifies another thing (`token_name`, `password_policy`).
    private static let qualifierOnlyWords: Set<String> = ["name", "names", "user", "username", "owner"]

    private static let personalCompacts: [String: FindingKind] = [
        "email": .email, "emailaddress": .email, "mail": .email, "useremail": .email, "contactemail": .email,
        "phone": .phone, "phonenumber": .phone, "mobile": .phone, "mobilenumber": .phone, "cell": .phone,
        "cellphone": .phone, "tel": .phone, "telephone": .phone, "msisdn": .phone, "fax": .phone,
        "ssn": .ssn, "socialsecuritynumber": .ssn, "nationalid": .ssn, "taxid": .ssn,
        "dob": .dateOfBirth, "dateofbirth": .dateOfBirth, "birthdate": .dateOfBirth, "birthday": .dateOfBirth,
        "firstname": .personName, "lastname": .personName, "fullname": .personName, "givenname": .personName,
        "familyname": .personName, "surname": .personName, "middlename": .personName, "displayname": .personName,
        "maidenname": .personName, "cardholder": .personName, "cardholdername": .personName,
        "accountholder": .personName, "holdername": .personName, "holder": .personName, "nickname": .personName,
        "address": .streetAddress, "streetaddress": .streetAddress, "addressline1": .streetAddress,
        "addressline2": .streetAddress, "line1": .streetAddress, "line2": .streetAddress, "street": .streetAddress,
        "homeaddress": .streetAddress, "billingaddress": .streetAddress, "shippingaddress": .streetAddress,
        "postaladdress": .streetAddress, "mailingaddress": .streetAddress,
        "username": .username, "user": .username, "login": .username, "preferredusername": .username,
        "upn": .username, "uniquename": .username, "userprincipalname": .username, "accountname": .username,
        "recipient": .personName, "recipientname": .personName,
        "cardnumber": .cardNumber, "creditcard": .cardNumber, "ccnumber": .cardNumber, "pan": .cardNumber,
        "iban": .iban, "bankaccount": .iban, "accountnumber": .iban,
    ]

    private static let personalWords: [String: FindingKind] = [
        "email": .email, "phone": .phone, "mobile": .phone, "msisdn": .phone, "ssn": .ssn, "dob": .dateOfBirth,
        "birthdate": .dateOfBirth, "surname": .personName, "firstname": .personName, "lastname": .personName,
        "fullname": .personName, "username": .username, "iban": .iban,
    ]

    /// Words before `name` that make it a person's name: `customer_name`, `contact.name`.
    private static let personQualifiers: Set<String> = [
        "customer", "contact", "person", "patient", "employee", "member", "recipient", "sender", "owner", "author",
        "holder", "cardholder", "billing", "shipping", "user", "account", "given", "family", "first", "last",
        "middle", "full", "legal", "real", "beneficiary", "payer", "payee", "guest", "passenger", "traveler",
    ]

    /// Words of an object's key that make its `name` a person's (`"customer": {"name": "jane doe"}`), whatever
    /// its case.
    private static let personObjects: Set<String> = personQualifiers.union([
        "profile", "buyer", "seller", "driver", "student", "applicant", "candidate", "assignee", "reporter",
        "signer", "users", "customers", "contacts", "members", "employees", "patients", "recipients", "people",
        "persons", "to", "from", "cc", "bcc",
    ]).subtracting(["first", "last", "middle", "full", "given", "family", "legal", "real"])

    /// Words of an object's key that make its `name` a thing's (`"product": {"name": "Blue Widget"}`).
    private static let thingObjects: Set<String> = [
        "product", "products", "item", "items", "service", "services", "step", "steps", "job", "jobs", "task",
        "tasks", "test", "tests", "app", "application", "repo", "repository", "project", "package", "file", "event",
        "metric", "plan", "team", "org", "organization", "company", "queue", "topic", "bucket", "table", "database",
        "db", "cluster", "node", "host", "region", "workflow", "pipeline", "stage", "feature", "flag", "role",
        "group", "channel", "category", "tag", "label", "field", "column", "span", "operation", "endpoint", "route",
        "handler", "function", "module", "class", "method", "deployment", "container", "pod", "image", "volume",
        "check", "suite", "rule", "index", "model", "device", "browser", "os", "library", "dependency", "plugin",
        "merchant", "store", "shop", "brand", "vendor", "provider", "country", "city", "state", "currency", "env",
    ]

    /// What an object's key says of its `name` member: a person's name, a thing's, or nothing.
    static func nameOwner(_ key: some Collection<UInt8>) -> Bool? {
        guard let last = splitWords(key).last else { return nil }
        if personObjects.contains(last) { return true }
        return thingObjects.contains(last) ? false : nil
    }

    /// Words that make an `address` something other than a street address.
    private static let nonStreetWords: Set<String> = [
        "ip", "ipv4", "ipv6", "mac", "email", "mail", "remote", "server", "host", "listen", "bind", "proxy", "web",
        "wallet", "contract", "local", "peer", "client", "socket", "network", "net", "broadcast", "gateway",
        "memory", "base", "return", "bitcoin", "eth", "from", "to", "reply", "sender", "recipient", "advertise",
        "vault", "api", "service", "upstream", "backend", "node", "cluster", "redis", "db", "database", "consul",
        "etcd", "smtp", "dns", "kafka", "broker", "registry", "rpc", "grpc", "http", "https", "tcp", "udp",
    ]
}
