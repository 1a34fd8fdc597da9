/// The detection engine: every scanner, configured once, and the walk of a payload's structure.
///
/// A payload is scanned, not rewritten: each part of the engine adds ``Redaction``s to a ``ScanContext``, and
/// ``Sanitizer`` applies them in one pass that copies every other byte as it was. Structure (JSON, HTTP, curl)
/// gives values their context; free text is scanned by the prefilter and the shape scanners.
struct Engine: Sendable {
    /// What a prefilter keyword sets off.
    enum Trigger: Sendable {
        /// A stem of a sensitive key name (`pass`, `token`, `email`): classify the identifier around it.
        case keyStem
        /// A token format's prefix.
        case token(Int)
        /// `eyJ`: the start of a JWT (base64url of `{"`).
        case jwt
        /// `-----BEGIN`: a PEM block.
        case pem
        /// `@`: an email address.
        case email
        /// `://`: a URL, which may carry credentials.
        case url
        /// `-u `, `--user `, `--proxy-user `: curl's credentials flag, wherever a curl command sits in a paste.
        case userFlag
        /// `form-data; name="password"`: a part of a multipart body, whose value its name classifies.
        case formDataPart
        /// `/reset/`, `/magic-link/`, `/verify/`: a path segment that holds a one-time token after it.
        case pathToken
        /// A pattern rule's keyword.
        case rule(Int)
    }

    let automaton: KeywordFilter
    let triggers: [[Trigger]]
    let formats: [TokenFormat]
    let rules: [PatternRule]
    /// Rules without keywords: they run over the whole text.
    let unkeyedRules: [PatternRule]

    init(rules ruleSet: RuleSet) {
        var keywords: [String] = []
        var triggers: [[Trigger]] = []
        var index: [String: Int] = [:]
        func add(_ keyword: String, _ trigger: Trigger) {
            let lowered = keyword.lowercased()
            if let i = index[lowered] {
                triggers[i].append(trigger)
            } else {
                index[lowered] = keywords.count
                keywords.append(lowered)
                triggers.append([trigger])
            }
        }
        for stem in KeyClassifier.stems { add(stem, .keyStem) }
        formats = TokenFormat.catalog
        for (i, format) in formats.enumerated() { add(format.prefix, .token(i)) }
        add("eyj", .jwt)
        add("-----begin", .pem)
        add("@", .email)
        add("%40", .email)
        add("://", .url)
        // Four bytes or more: a three-byte keyword lets through every byte after its three.
        for flag in [" -u ", " -u'", " -u\"", "-user ", "-user="] { add(flag, .userFlag) }
        add("form-data;", .formDataPart)
        for segment in [
            "/reset/", "/reset-password/", "/password-reset/", "/magic-link/", "/magic/", "/verify/", "/confirm/",
            "/invite/", "/invitation/", "/activate/", "/token/", "/tokens/", "/unsubscribe/", "/login-link/",
        ] {
            add(segment, .pathToken)
        }
        rules = ruleSet.rules.filter { !$0.keywords.isEmpty }
        for (i, rule) in rules.enumerated() {
            for keyword in rule.keywords { add(keyword, .rule(i)) }
        }
        unkeyedRules = ruleSet.rules.filter { $0.keywords.isEmpty }
        automaton = KeywordFilter(keywords: keywords)
        self.triggers = triggers
    }
}
