/// What a rule (or every rule) lets through: gitleaks' `[[rules.allowlists]]` and `[[allowlists]]`.
///
/// An allowlist holds regexes (tested against the secret, the whole match or the whole line, by `regexTarget`),
/// stopwords (tested against the lowercased secret), file paths and commits. Its `condition` is `OR` (any check
/// allows) or `AND` (every check it has must allow). Pasted text has no file path and no commit, so path and
/// commit checks never allow here: an `OR` allowlist decides by its regexes and stopwords, and an `AND` allowlist
/// that needs a path or a commit never allows.
struct Allowlist: Sendable {
    enum Condition: Sendable, Equatable {
        case or, and
    }

    /// What the regexes are tested against.
    enum Target: String, Sendable, Equatable {
        case secret, match, line
    }

    var description = ""
    var condition = Condition.or
    var target = Target.secret
    var regexes: [CompiledPattern] = []
    /// Lowercased.
    var stopwords: [String] = []
    var paths: [CompiledPattern] = []
    var commits: [String] = []

    /// Whether any check is present: gitleaks refuses an allowlist without one.
    var isEmpty: Bool { regexes.isEmpty && stopwords.isEmpty && paths.isEmpty && commits.isEmpty }

    /// Whether this allowlist lets a finding through.
    /// - Parameters:
    ///   - secret: the secret the rule chose.
    ///   - match: the whole match, made only when a `match` target needs it.
    ///   - line: the lines that hold the match, made only when a `line` target needs it.
    func allows(secret: String, match: () -> String, line: () -> String) -> Bool {
        var regexAllowed = false
        if !regexes.isEmpty {
            let subject: String =
                switch target {
                case .secret: secret
                case .match: match()
                case .line: line()
                }
            regexAllowed = regexes.contains { $0.matches(subject) }
        }
        let hasStopword = !stopwords.isEmpty && !secret.isEmpty && containsStopword(secret)
        switch condition {
        case .or:
            return regexAllowed || hasStopword
        case .and:
            // No path and no commit: those checks fail, so an allowlist that has them never allows.
            if !paths.isEmpty || !commits.isEmpty { return false }
            if !regexes.isEmpty && !regexAllowed { return false }
            if !stopwords.isEmpty && !hasStopword { return false }
            return !regexes.isEmpty || !stopwords.isEmpty
        }
    }

    /// Whether the lowercased secret contains a stopword (stopwords are lowercased when loaded).
    private func containsStopword(_ secret: String) -> Bool {
        let lowered = Array(secret.lowercased().utf8)
        return stopwords.contains { word in
            let needle = Array(word.utf8)
            guard !needle.isEmpty, needle.count <= lowered.count else { return false }
            for start in 0...(lowered.count - needle.count) where lowered[start] == needle[0] {
                if lowered[start..<start + needle.count].elementsEqual(needle) { return true }
            }
            return false
        }
    }
}
