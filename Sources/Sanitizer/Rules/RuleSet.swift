import Foundation

/// The pattern rules a run uses: Casebook's built-in rules, and the user's, read from gitleaks-format TOML.
///
/// A gitleaks configuration loads unchanged: `[[rules]]` with `id`, `description`, `regex`, `secretGroup`,
/// `entropy`, `keywords`, `path`, `tags`, `skipReport`, the old `[rules.allowlist]` table or the new
/// `[[rules.allowlists]]`; global `[allowlist]` or `[[allowlists]]` (with `targetRules`); and `[extend]` with
/// `useDefault`, `path` and `disabledRules`. Keys are matched without regard to case, as gitleaks' loader does.
/// Casebook adds `kind` and `keepPrefix` to a rule (see ``PatternRule``).
///
/// What differs from gitleaks, because pasted text is not a repository:
/// - Casebook's built-in rules always apply (``builtIn``, merged by the caller). `useDefault` is accepted; the
///   `disabledRules` of a user file turn built-in rules of those ids off when merged.
/// - A rule with a `path` applies to files of that path, so never to pasted text; `skipReport` rules only support
///   composite rules: both load, and neither scans text. `[[rules.required]]` is read but not enforced: the
///   primary rule reports on its own (masking more, never less).
/// - A rule id, `targetRules` entry or `disabledRules` entry that names a gitleaks default rule Casebook lacks is
///   not an error: it is reported in ``warnings``.
///
/// ```swift
/// let user = try RuleSet.load(toml: text, source: path)
/// let rules = RuleSet.builtIn.merging(user)
/// ```
public struct RuleSet: Sendable {
    /// Every rule as defined, in order: also the patch, path-scoped and `skipReport` rules that do not scan text.
    public let definitions: [PatternRule]
    /// The rules that scan text, with the global and targeted allowlists that apply to each.
    public let rules: [PatternRule]
    /// The rule ids that `[extend] disabledRules` turns off in the rules this set is merged into.
    public let disabledRules: Set<String>
    /// What loading noticed but did not refuse, each with its source and line: unknown ids, replaced duplicates.
    public let warnings: [String]

    let globalAllowlists: [Allowlist]
    let targetedAllowlists: [String: [Allowlist]]

    /// Every rule's keywords, lowercased and without repeats, for the caller's Aho-Corasick prefilter.
    public var keywords: [String] {
        var seen = Set<String>()
        return rules.flatMap(\.keywords).filter { seen.insert($0).inserted }
    }

    /// The rule set with no rules.
    public static let empty = RuleSet(definitions: [])

    init(
        definitions: [PatternRule], globalAllowlists: [Allowlist] = [], targetedAllowlists: [String: [Allowlist]] = [:],
        disabledRules: Set<String> = [], warnings: [String] = []
    ) {
        self.definitions = definitions
        self.globalAllowlists = globalAllowlists
        self.targetedAllowlists = targetedAllowlists
        self.disabledRules = disabledRules
        self.warnings = warnings
        rules = definitions.filter(\.scansText).map { rule in
            rule.adding(allowlists: (targetedAllowlists[rule.id] ?? []) + globalAllowlists)
        }
    }

    /// The rule with this id, if this set defines one.
    public func rule(id: String) -> PatternRule? { definitions.first { $0.id == id } }

    // MARK: - Merging

    /// This set with `other`'s rules added: a rule with an id already here replaces it, except a patch rule (no
    /// `regex`, no `path`), which changes it the way gitleaks' `[extend]` does. `other`'s `disabledRules` remove
    /// rules of this set, and its allowlists join this set's.
    public func merging(_ other: RuleSet) -> RuleSet {
        combined(with: other) { base, rule in rule.isPatch ? base.patched(with: rule) : rule }
    }

    /// This set extended by `other` exactly as gitleaks extends a base configuration: every rule of `other` with an
    /// id already here changes that rule field by field.
    func extended(by other: RuleSet) -> RuleSet {
        combined(with: other) { base, rule in base.patched(with: rule) }
    }

    /// This set and `other` together: `other`'s disabled ids drop rules here, `sameID` decides a rule both have.
    private func combined(with other: RuleSet, sameID: (PatternRule, PatternRule) -> PatternRule) -> RuleSet {
        var merged = definitions.filter { !other.disabledRules.contains($0.id) }
        var position: [String: Int] = [:]
        for (i, rule) in merged.enumerated() { position[rule.id] = i }
        for rule in other.definitions {
            if let i = position[rule.id] {
                merged[i] = sameID(merged[i], rule)
            } else {
                position[rule.id] = merged.count
                merged.append(rule)
            }
        }
        return RuleSet(
            definitions: merged, globalAllowlists: globalAllowlists + other.globalAllowlists,
            targetedAllowlists: targetedAllowlists.merging(other.targetedAllowlists, uniquingKeysWith: +),
            disabledRules: disabledRules.union(other.disabledRules), warnings: warnings + other.warnings)
    }

    // MARK: - Loading

    /// Loads a rule file in gitleaks' format (with Casebook's additions).
    ///
    /// - Parameters:
    ///   - toml: the file's text.
    ///   - source: where it came from, for messages: a path, or `built-in:cloud.toml`. When the file says
    ///     `[extend] path = ...`, a relative path is looked up from the current directory (as gitleaks does), then
    ///     from the directory of `source`.
    /// - Returns: the file's rules (and, with `[extend] path`, those of the file it extends).
    /// - Throws: ``SanitizerError/rules(source:line:reason:)`` with the line and what to change. The message never
    ///   quotes a value or a pattern.
    public static func load(toml: String, source: String) throws -> RuleSet {
        try load(toml: toml, source: source, extendDepth: 0, builtIn: false)
    }

    /// gitleaks follows `[extend] path` two levels deep, and ignores it past that.
    static let maximumExtendDepth = 2

    /// - Parameter builtIn: a built-in file, which may not extend anything (and is not checked against the
    ///   built-in rules it is part of).
    static func load(toml: String, source: String, extendDepth: Int, builtIn: Bool) throws(SanitizerError) -> RuleSet {
        let document: TOMLTable
        do {
            document = try TOMLReader.read(toml)
        } catch {
            throw .rules(source: source, line: error.line, reason: error.reason)
        }
        var loader = RuleFileLoader(source: source, builtIn: builtIn)
        return try loader.load(document, extendDepth: extendDepth)
    }
}

// MARK: - Reading a rule file

/// Turns a rule file's TOML tree into a ``RuleSet``, checking every field as gitleaks does.
private struct RuleFileLoader {
    let source: String
    let builtIn: Bool
    var warnings: [String] = []

    init(source: String, builtIn: Bool) {
        self.source = source
        self.builtIn = builtIn
    }

    private func error(_ line: Int?, _ reason: String) -> SanitizerError {
        .rules(source: source, line: line, reason: reason)
    }

    private mutating func warn(_ line: Int?, _ message: String) {
        warnings.append("\(source)\(line.map { ":\($0)" } ?? ""): \(message)")
    }

    /// Reads the whole file: `[extend]`, `[[rules]]`, then the global allowlists, and extends a base file if asked.
    mutating func load(_ document: TOMLTable, extendDepth: Int) throws(SanitizerError) -> RuleSet {
        let top = Fields(document)

        // [extend]
        var useDefault = false
        var extendPath: (path: String, line: Int)?
        var disabled = Set<String>()
        if let (value, line) = top["extend"] {
            guard case .table(let table) = value else { throw error(line, "[extend] must be a table") }
            let extend = Fields(table)
            useDefault = try extend.bool("useDefault", context: "[extend] useDefault", source: source) ?? false
            if let path = try extend.string("path", context: "[extend] path", source: source), !path.isEmpty {
                extendPath = (path, extend.line(of: "path") ?? line)
            }
            for id in try extend.strings("disabledRules", context: "[extend] disabledRules", source: source) ?? [] {
                disabled.insert(id)
            }
            if useDefault && extendPath != nil {
                throw error(line, "[extend] cannot set both useDefault and path; keep one")
            }
        }
        if builtIn && (useDefault || extendPath != nil) {
            throw error(top.line(of: "extend"), "a built-in rule file cannot extend another")
        }
        let extends = useDefault || extendPath != nil

        // [[rules]]
        var definitions: [PatternRule] = []
        var position: [String: Int] = [:]
        var lines: [String: Int] = [:]
        if let (value, line) = top["rules"] {
            guard case .array(let elements) = value else {
                throw error(line, "rules must be an array of tables ([[rules]])")
            }
            for element in elements {
                guard case .table(let table) = element else {
                    throw error(line, "each entry of rules must be a table ([[rules]])")
                }
                let rule = try readRule(table, allowPatch: extends)
                lines[rule.id] = table.line
                if let i = position[rule.id] {
                    warn(
                        table.line, "rule '\(rule.id)' is defined again here; this definition replaces the earlier one")
                    definitions[i] = rule
                } else {
                    position[rule.id] = definitions.count
                    definitions.append(rule)
                }
            }
        }

        // [allowlist] / [[allowlists]]
        let globalLists = try readAllowlists(
            from: top, single: "allowlist", array: "allowlists", context: "[[allowlists]]", global: true)
        var global: [Allowlist] = []
        var targeted: [String: [Allowlist]] = [:]
        for (allowlist, targets, line) in globalLists {
            if targets.isEmpty {
                global.append(allowlist)
                continue
            }
            for id in targets {
                if position[id] == nil {
                    if !extends {
                        throw error(line, "[[allowlists]] targetRules names a rule this file does not define")
                    }
                    warn(
                        line,
                        "[[allowlists]] targetRules names a rule this file does not define; it applies if a"
                            + " built-in or extended rule has that id")
                }
                targeted[id, default: []].append(allowlist)
            }
        }

        var ruleSet = RuleSet(
            definitions: definitions, globalAllowlists: global, targetedAllowlists: targeted, disabledRules: disabled)

        var extendedIDs = Set<String>()
        if let extendPath, extendDepth < RuleSet.maximumExtendDepth {
            let base = try loadExtended(extendPath.path, line: extendPath.line, extendDepth: extendDepth + 1)
            extendedIDs = Set(base.definitions.map(\.id))
            ruleSet = base.extended(by: ruleSet)
        }
        if extends && extendDepth == 0 {
            // Patches and disabled ids meant for rules Casebook does not have: say which, as gitleaks would.
            let known = extendedIDs.union(RuleSet.builtIn.definitions.map(\.id))
            for rule in ruleSet.definitions where rule.isPatch && !known.contains(rule.id) {
                warn(
                    lines[rule.id],
                    "rule '\(rule.id)' only changes a rule of the same id, and neither the extended"
                        + " file nor Casebook's built-in rules have one: it has no effect")
            }
            for id in disabled.sorted() where !known.contains(id) {
                warn(top.line(of: "extend"), "disabledRules names '\(id)', which no extended or built-in rule has")
            }
        }
        return RuleSet(
            definitions: ruleSet.definitions, globalAllowlists: ruleSet.globalAllowlists,
            targetedAllowlists: ruleSet.targetedAllowlists, disabledRules: ruleSet.disabledRules,
            warnings: ruleSet.warnings + warnings)
    }

    /// Loads the file named by `[extend] path`: from the current directory, then beside `source`.
    private func loadExtended(_ path: String, line: Int, extendDepth: Int) throws(SanitizerError) -> RuleSet {
        var candidates = [path]
        if !path.hasPrefix("/") {
            let directory = (source as NSString).deletingLastPathComponent
            if !directory.isEmpty { candidates.append((directory as NSString).appendingPathComponent(path)) }
        }
        for candidate in candidates {
            guard let data = FileManager.default.contents(atPath: candidate) else { continue }
            guard TOMLReader.firstInvalidUTF8Line(Array(data)) == nil else {
                throw error(line, "the file named by [extend] path is not valid UTF-8 text")
            }
            return try RuleSet.load(
                toml: String(decoding: data, as: UTF8.self), source: candidate, extendDepth: extendDepth,
                builtIn: false)
        }
        throw error(
            line,
            "cannot read the file named by [extend] path; check the path (relative paths start"
                + " from the current directory)")
    }

    // MARK: Rules

    /// One `[[rules]]` table, validated as gitleaks validates it (id, regex or path, secretGroup, allowlists).
    /// - Parameter allowPatch: the file extends another, so a rule may omit regex and path to change a base rule.
    private func readRule(_ table: TOMLTable, allowPatch: Bool) throws(SanitizerError) -> PatternRule {
        let fields = Fields(table)
        guard let id = try fields.string("id", context: "a rule's id", source: source),
            !id.trimmingWhitespace().isEmpty
        else {
            throw error(table.line, "a rule has no id; give each [[rules]] an id")
        }
        let name = "rule '\(id)'"
        let description = try fields.string("description", context: "\(name) description", source: source) ?? ""

        var regex: String?
        var pattern: CompiledPattern?
        if let text = try fields.string("regex", context: "\(name) regex", source: source), !text.isEmpty {
            do {
                pattern = try CompiledPattern(re2: text, eager: !builtIn)
            } catch {
                throw self.error(fields.line(of: "regex"), "\(name) regex: \(error.reason)")
            }
            regex = text
        }
        var path: String?
        if let text = try fields.string("path", context: "\(name) path", source: source), !text.isEmpty {
            do {
                _ = try CompiledPattern(re2: text)
            } catch {
                throw self.error(fields.line(of: "path"), "\(name) path: \(error.reason)")
            }
            path = text
        }
        if regex == nil && path == nil && !allowPatch {
            throw error(table.line, "\(name) has neither regex nor path, so it would find nothing; add a regex")
        }

        let secretGroup = try fields.integer("secretGroup", context: "\(name) secretGroup", source: source) ?? 0
        guard secretGroup >= 0 else { throw error(fields.line(of: "secretGroup"), "\(name) secretGroup is negative") }
        if let pattern, secretGroup > pattern.captureGroups {
            throw error(
                fields.line(of: "secretGroup"),
                "\(name) secretGroup \(secretGroup) is more than the regex's \(pattern.captureGroups) capture groups")
        }
        let entropy = try fields.number("entropy", context: "\(name) entropy", source: source) ?? 0
        guard entropy >= 0, entropy.isFinite else {
            throw error(fields.line(of: "entropy"), "\(name) entropy must be a number of bits, 0 or more")
        }
        let keywords = try fields.strings("keywords", context: "\(name) keywords", source: source) ?? []
        let tags = try fields.strings("tags", context: "\(name) tags", source: source) ?? []
        let skipReport = try fields.bool("skipReport", context: "\(name) skipReport", source: source) ?? false

        var kind: FindingKind?
        if let raw = try fields.string("kind", context: "\(name) kind", source: source) {
            guard let known = FindingKind(rawValue: raw) else {
                let names = FindingKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(fields.line(of: "kind"), "\(name) kind is not one of: \(names)")
            }
            kind = known
        }
        var keepPrefix: Int?
        if let value = try fields.integer("keepPrefix", context: "\(name) keepPrefix", source: source) {
            guard value >= 0 else { throw error(fields.line(of: "keepPrefix"), "\(name) keepPrefix is negative") }
            keepPrefix = value
        }

        let lists = try readAllowlists(
            from: fields, single: "allowlist", array: "allowlists", context: "\(name) allowlists", global: false)
        if let (value, line) = fields["required"] {
            guard case .array = value else { throw error(line, "\(name) required must be an array of tables") }
        }
        return PatternRule(
            id: id, description: description, keywords: keywords, declaredKind: kind, declaredKeepPrefix: keepPrefix,
            secretGroup: secretGroup, entropy: entropy, tags: tags, regex: regex, pattern: pattern, path: path,
            skipReport: skipReport, allowlists: lists.map(\.allowlist))
    }

    // MARK: Allowlists

    /// The old single table (`single`) or the new array of tables (`array`), never both (as gitleaks requires).
    private func readAllowlists(
        from fields: Fields, single: String, array: String, context: String, global: Bool
    ) throws(SanitizerError) -> [(allowlist: Allowlist, targets: [String], line: Int)] {
        let old = fields[single]
        let new = fields[array]
        if let old, new != nil {
            throw error(
                old.line,
                "\(context): the old single allowlist table cannot be used alongside the array"
                    + " of allowlists; move it into the array")
        }
        var tables: [TOMLTable] = []
        if let (value, line) = old {
            guard case .table(let table) = value else { throw error(line, "\(context): an allowlist must be a table") }
            tables = [table]
        } else if let (value, line) = new {
            guard case .array(let elements) = value else {
                throw error(line, "\(context) must be an array of tables")
            }
            for element in elements {
                guard case .table(let table) = element else {
                    throw error(line, "\(context) must be an array of tables")
                }
                tables.append(table)
            }
        }
        var result: [(Allowlist, [String], Int)] = []
        for table in tables {
            let (allowlist, targets) = try readAllowlist(table, context: context, global: global)
            result.append((allowlist, targets, table.line))
        }
        return result
    }

    /// One allowlist table and, for a global one, its `targetRules`.
    private func readAllowlist(
        _ table: TOMLTable, context: String, global: Bool
    ) throws(SanitizerError) -> (Allowlist, [String]) {
        let fields = Fields(table)
        var allowlist = Allowlist()
        allowlist.description =
            try fields.string("description", context: "\(context) description", source: source) ?? ""
        if let condition = try fields.string("condition", context: "\(context) condition", source: source) {
            switch condition.uppercased() {
            case "", "OR", "||": allowlist.condition = .or
            case "AND", "&&": allowlist.condition = .and
            default: throw error(fields.line(of: "condition"), "\(context) condition must be OR or AND")
            }
        }
        if let target = try fields.string("regexTarget", context: "\(context) regexTarget", source: source),
            !target.isEmpty
        {
            guard let known = Allowlist.Target(rawValue: target) else {
                throw error(fields.line(of: "regexTarget"), "\(context) regexTarget must be secret, match or line")
            }
            allowlist.target = known
        }
        for (key, keyPath) in [("regexes", \Allowlist.regexes), ("paths", \Allowlist.paths)] {
            let patterns = try fields.strings(key, context: "\(context) \(key)", source: source) ?? []
            for (n, text) in patterns.enumerated() {
                do {
                    allowlist[keyPath: keyPath].append(try CompiledPattern(re2: text))
                } catch {
                    throw self.error(fields.line(of: key), "\(context) \(key), entry \(n + 1): \(error.reason)")
                }
            }
        }
        var seen = Set<String>()
        allowlist.stopwords = (try fields.strings("stopWords", context: "\(context) stopwords", source: source) ?? [])
            .map { $0.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        allowlist.commits = (try fields.strings("commits", context: "\(context) commits", source: source) ?? [])
            .map { $0.trimmingWhitespace().lowercased() }
        if allowlist.isEmpty {
            throw error(
                table.line,
                "\(context): an allowlist must have at least one of commits, paths, regexes or"
                    + " stopwords")
        }
        var targets: [String] = []
        if global {
            targets = try fields.strings("targetRules", context: "\(context) targetRules", source: source) ?? []
        }
        return (allowlist, targets)
    }
}

// MARK: - Typed fields

/// A table's fields looked up without regard to case (gitleaks' loader lowercases every key), read as the types
/// gitleaks' loader accepts: a lone string where a list is expected is a list of one, an integer is a number.
private struct Fields {
    let table: TOMLTable
    private let keysByLowercase: [String: String]

    init(_ table: TOMLTable) {
        self.table = table
        var keys: [String: String] = [:]
        for key in table.keys { keys[key.lowercased()] = key }
        keysByLowercase = keys
    }

    subscript(name: String) -> (value: TOMLValue, line: Int)? {
        guard let key = keysByLowercase[name.lowercased()], let value = table[key] else { return nil }
        return (value, table.line(of: key) ?? table.line)
    }

    func line(of name: String) -> Int? { self[name]?.line }

    private func mismatch(_ context: String, _ expected: String, _ found: TOMLValue, _ line: Int, _ source: String)
        -> SanitizerError
    {
        .rules(source: source, line: line, reason: "\(context) must be \(expected), not \(found.typeName)")
    }

    /// A string field, or nil when absent. `context` names the field in an error.
    func string(_ name: String, context: String, source: String) throws(SanitizerError) -> String? {
        guard let (value, line) = self[name] else { return nil }
        guard case .string(let text) = value else { throw mismatch(context, "a string", value, line, source) }
        return text
    }

    /// A boolean field, or nil when absent.
    func bool(_ name: String, context: String, source: String) throws(SanitizerError) -> Bool? {
        guard let (value, line) = self[name] else { return nil }
        guard case .boolean(let flag) = value else { throw mismatch(context, "true or false", value, line, source) }
        return flag
    }

    /// A whole-number field (an integral float is accepted), or nil when absent.
    func integer(_ name: String, context: String, source: String) throws(SanitizerError) -> Int? {
        guard let (value, line) = self[name] else { return nil }
        switch value {
        case .integer(let n) where n >= Int64(Int32.min) && n <= Int64(Int32.max):
            return Int(n)
        case .float(let x) where x.rounded() == x && abs(x) <= Double(Int32.max):
            return Int(x)
        default:
            throw mismatch(context, "a whole number", value, line, source)
        }
    }

    /// A numeric field, integer or float, or nil when absent.
    func number(_ name: String, context: String, source: String) throws(SanitizerError) -> Double? {
        guard let (value, line) = self[name] else { return nil }
        switch value {
        case .integer(let n): return Double(n)
        case .float(let x): return x
        default: throw mismatch(context, "a number", value, line, source)
        }
    }

    /// An array-of-strings field (a lone string is a list of one), or nil when absent.
    func strings(_ name: String, context: String, source: String) throws(SanitizerError) -> [String]? {
        guard let (value, line) = self[name] else { return nil }
        switch value {
        case .string(let text):
            return [text]
        case .array(let elements):
            var result: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw mismatch(context, "an array of strings", element, line, source)
                }
                result.append(text)
            }
            return result
        default:
            throw mismatch(context, "an array of strings", value, line, source)
        }
    }
}
