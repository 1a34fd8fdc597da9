import Foundation

/// One detection rule of a rule file: a regular expression, the keywords that wake it, and what it finds.
///
/// The format is gitleaks' (`id`, `description`, `regex`, `secretGroup`, `entropy`, `keywords`, `path`, `tags`,
/// `allowlists`) plus Casebook's own fields, which gitleaks ignores: `kind` (what the secret is, a
/// ``FindingKind`` raw value, `secret` by default) and `keepPrefix` (how many leading bytes of the secret the mask
/// keeps, because they name the kind: 7 for `GOCSPX-`).
///
/// The regular expression is written in Go's RE2 syntax, translated to ICU and compiled once, here; a rule is
/// immutable and shared between scans.
public final class PatternRule: @unchecked Sendable {
    public let id: String
    public let description: String
    /// The keywords, lowercased: the caller runs the rule only near one of them. Empty: the rule runs everywhere.
    public let keywords: [String]
    /// What the rule's secrets are.
    public var kind: FindingKind { declaredKind ?? .secret }
    /// How many leading bytes of each secret the mask keeps.
    public var keepPrefix: Int { declaredKeepPrefix ?? 0 }
    /// Which capture group holds the secret; 0 means the first group that matched something, or the whole match.
    public let secretGroup: Int
    /// The Shannon entropy (bits per character) a secret must exceed; 0 means no threshold.
    public let entropy: Double
    public let tags: [String]
    /// The regular expression as written, in RE2 syntax; nil for a rule that only changes another (see ``isPatch``).
    public let regex: String?
    /// A file path pattern: such a rule applies only to files whose path matches, so never to pasted text.
    public let path: String?
    /// gitleaks' `skipReport`: the rule only supports a composite rule and reports nothing by itself.
    public let skipReport: Bool

    let declaredKind: FindingKind?
    let declaredKeepPrefix: Int?
    let allowlists: [Allowlist]
    let pattern: CompiledPattern?

    /// A rule with neither `regex` nor `path`: in a file that extends others, it adds keywords, tags and
    /// allowlists to (or overrides fields of) the rule with the same id.
    public var isPatch: Bool { regex == nil && path == nil }

    /// Whether the rule looks at pasted text at all: it has a regex and no file path restriction.
    public var scansText: Bool { pattern != nil && path == nil && !skipReport }

    init(
        id: String, description: String = "", keywords: [String] = [], declaredKind: FindingKind? = nil,
        declaredKeepPrefix: Int? = nil, secretGroup: Int = 0, entropy: Double = 0, tags: [String] = [],
        regex: String? = nil, pattern: CompiledPattern? = nil, path: String? = nil, skipReport: Bool = false,
        allowlists: [Allowlist] = []
    ) {
        self.id = id
        self.description = description
        self.keywords = Self.normalizedKeywords(keywords)
        self.declaredKind = declaredKind
        self.declaredKeepPrefix = declaredKeepPrefix
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.tags = tags
        self.regex = regex
        self.pattern = pattern
        self.path = path
        self.skipReport = skipReport
        self.allowlists = allowlists
    }

    /// Lowercased, without empty or repeated keywords (an empty keyword would match at every byte).
    static func normalizedKeywords(_ keywords: [String]) -> [String] {
        var seen = Set<String>()
        return keywords.map { $0.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The same rule with more allowlists (global or targeted ones), sharing the compiled pattern.
    func adding(allowlists extra: [Allowlist]) -> PatternRule {
        guard !extra.isEmpty else { return self }
        return PatternRule(
            id: id, description: description, keywords: keywords, declaredKind: declaredKind,
            declaredKeepPrefix: declaredKeepPrefix, secretGroup: secretGroup, entropy: entropy, tags: tags,
            regex: regex, pattern: pattern, path: path, skipReport: skipReport, allowlists: allowlists + extra)
    }

    /// This rule changed by `other` the way gitleaks' `[extend]` changes a base rule: the fields `other` sets
    /// replace these, and its keywords, tags and allowlists are added.
    func patched(with other: PatternRule) -> PatternRule {
        PatternRule(
            id: id, description: other.description.isEmpty ? description : other.description,
            keywords: keywords + other.keywords, declaredKind: other.declaredKind ?? declaredKind,
            declaredKeepPrefix: other.declaredKeepPrefix ?? declaredKeepPrefix,
            secretGroup: other.secretGroup != 0 ? other.secretGroup : secretGroup,
            entropy: other.entropy != 0 ? other.entropy : entropy, tags: tags + other.tags,
            regex: other.regex ?? regex, pattern: other.pattern ?? pattern, path: other.path ?? path,
            skipReport: skipReport, allowlists: allowlists + other.allowlists)
    }

    // MARK: - Finding secrets

    /// How many bytes before the window the regex may look at (lookbehind, word boundaries), without matching there.
    static let contextBefore = 64
    /// How far past the window's end a match that starts inside it may run, so a secret cut by a window or chunk
    /// boundary is still found whole.
    static let overrun = 256
    /// A bound on matches per call, against pathological patterns.
    static let maximumMatches = 4096

    /// The secret ranges the rule finds in `text[window]`, as byte offsets into `text`.
    ///
    /// Each match of the regex that starts inside the window gives one secret, chosen as gitleaks does: the
    /// `secretGroup` capture group, or when it is 0 the first capture group that matched something, or the whole
    /// match. A secret is dropped when its Shannon entropy does not exceed `entropy`, when a global or rule
    /// allowlist allows it (rules have no file path or commit here, so only regexes and stopwords decide), or when
    /// it is already one of Casebook's masks.
    ///
    /// The regex sees the text decoded as UTF-16 (invalid UTF-8 bytes become U+FFFD, one per byte), and every
    /// offset maps back to the exact byte, whatever precedes the match. A match may run up to ``overrun`` bytes past
    /// the window's end.
    public func secrets(in text: UnsafeBufferPointer<UInt8>, window: Range<Int>) -> [Range<Int>] {
        guard scansText, let pattern else { return [] }
        let lower = max(0, window.lowerBound)
        let upper = min(text.count, window.upperBound)
        guard lower < upper else { return [] }
        var contextStart = max(0, lower - Self.contextBefore)
        // Decode from a character's first byte, as the text itself decodes.
        while contextStart < lower, text[contextStart] & 0xC0 == 0x80 { contextStart += 1 }
        let contextEnd = min(text.count, upper &+ Self.overrun)
        let decoded = DecodedWindow(text, contextStart..<contextEnd)
        let searchStart = decoded.firstUnit(atOrAfterByte: lower)
        guard searchStart < decoded.unitCount else { return [] }

        let matches = pattern.regex.matches(
            in: decoded.string, options: [.withTransparentBounds, .withoutAnchoringBounds],
            range: NSRange(location: searchStart, length: decoded.unitCount - searchStart))
        var found: [Range<Int>] = []
        for match in matches.prefix(Self.maximumMatches) {
            guard let matchBytes = decoded.bytes(match.range), matchBytes.lowerBound < upper else { break }
            guard let secret = secretRange(of: match, matchBytes: matchBytes, decoded: decoded, in: text),
                !secret.isEmpty
            else { continue }
            let secretBytes = UnsafeBufferPointer(rebasing: text[secret])
            if entropy != 0 && Self.shannonEntropy(secretBytes) <= entropy { continue }
            if isAllowed(secret: secret, match: matchBytes, in: text) { continue }
            if MaskFactory.isMasked(secretBytes) { continue }
            if found.last != secret { found.append(secret) }
        }
        return found
    }

    /// The secret's bytes within a match, chosen by `secretGroup` as gitleaks chooses.
    private func secretRange(
        of match: NSTextCheckingResult, matchBytes: Range<Int>, decoded: DecodedWindow,
        in text: UnsafeBufferPointer<UInt8>
    ) -> Range<Int>? {
        let groups = match.numberOfRanges - 1
        if groups >= 1 {
            if secretGroup > 0 && secretGroup <= groups {
                // A chosen group that did not take part gives an empty secret: nothing to mask.
                return decoded.bytes(match.range(at: secretGroup))
            }
            if secretGroup == 0 {
                for group in 1...groups {
                    let range = match.range(at: group)
                    if range.location != NSNotFound && range.length > 0 { return decoded.bytes(range) }
                }
            }
        }
        // The whole match, without the newlines a pattern may have taken at either end (gitleaks trims them).
        var start = matchBytes.lowerBound
        var end = matchBytes.upperBound
        while start < end, text[start] == ASCII.newline { start += 1 }
        while end > start, text[end - 1] == ASCII.newline { end -= 1 }
        return start..<end
    }

    /// Whether any allowlist (the rule's, targeted or global) lets this finding through.
    private func isAllowed(secret: Range<Int>, match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !allowlists.isEmpty else { return false }
        let secretText = String(decoding: UnsafeBufferPointer(rebasing: text[secret]), as: UTF8.self)
        return allowlists.contains { allowlist in
            allowlist.allows(
                secret: secretText,
                match: { String(decoding: UnsafeBufferPointer(rebasing: text[match]), as: UTF8.self) },
                line: {
                    String(
                        decoding: UnsafeBufferPointer(rebasing: text[Self.lines(around: match, in: text)]),
                        as: UTF8.self)
                })
        }
    }

    /// The whole lines that hold `range` (gitleaks' `line` target), bounded to a few kilobytes on each side.
    static func lines(around range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let limit = 4096
        var start = range.lowerBound
        while start > 0, range.lowerBound - start < limit, text[start - 1] != ASCII.newline { start -= 1 }
        var end = range.upperBound
        while end < text.count, end - range.upperBound < limit, text[end] != ASCII.newline { end += 1 }
        return start..<end
    }

    /// Shannon entropy in bits per character, as gitleaks computes it: characters are counted by code point (an
    /// invalid byte counts as U+FFFD) and divided by the length in bytes.
    static func shannonEntropy(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var ascii = [Int](repeating: 0, count: 128)
        var wide: [UInt32: Int] = [:]
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                ascii[Int(b)] += 1
                i += 1
                continue
            }
            let length = UTF8Decoding.sequenceLength(bytes, at: i)
            let scalar = length == 0 ? 0xFFFD : DecodedWindow.scalarValue(bytes, at: i, length: length)
            wide[scalar, default: 0] += 1
            i += max(length, 1)
        }
        let inverseLength = 1.0 / Double(bytes.count)
        var entropy = 0.0
        for count in ascii where count > 0 {
            let frequency = Double(count) * inverseLength
            entropy -= frequency * log2(frequency)
        }
        for count in wide.values {
            let frequency = Double(count) * inverseLength
            entropy -= frequency * log2(frequency)
        }
        return entropy
    }
}

// MARK: - Compiled patterns

/// A regular expression in Go RE2 syntax, translated to ICU syntax and compiled once.
///
/// A user's rule compiles when it is loaded, so a bad pattern is reported with its file and line. A built-in rule
/// (tested to compile) compiles on its first use: a paste that wakes no rule pays for none of them.
final class CompiledPattern: @unchecked Sendable {
    private let translated: String
    private let lock = NSLock()
    private var compiled: NSRegularExpression?

    /// - Parameter eager: compile now, to report an invalid pattern at once.
    /// - Throws: ``RE2Translator/Failure`` when the pattern is not valid RE2 (or not supported) or ICU refuses it.
    init(re2 source: String, eager: Bool = true) throws(RE2Translator.Failure) {
        translated = try RE2Translator.translate(source)
        guard eager else { return }
        do {
            compiled = try NSRegularExpression(pattern: translated, options: [])
        } catch {
            throw RE2Translator.Failure(reason: "it is not a valid regular expression")
        }
    }

    var regex: NSRegularExpression {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        // Built-in patterns are tested to compile; were one ever refused, it matches nothing rather than crash.
        let regex =
            (try? NSRegularExpression(pattern: translated, options: []))
            ?? (try? NSRegularExpression(pattern: "(?!)", options: []))!
        compiled = regex
        return regex
    }

    var captureGroups: Int { regex.numberOfCaptureGroups }

    /// Whether the pattern matches anywhere in `string` (Go's `MatchString`).
    func matches(_ string: String) -> Bool {
        guard !string.isEmpty else { return false }
        let length = string.utf16.count
        return regex.firstMatch(in: string, options: [], range: NSRange(location: 0, length: length)) != nil
    }
}

/// Translates Go's RE2 syntax into the ICU syntax of `NSRegularExpression`, keeping Go's meaning.
///
/// The two dialects mostly agree; where they differ, Go's meaning wins:
/// - `\d`, `\w`, `\s`, `\b`, `\B` and POSIX classes (`[[:alnum:]]`) are ASCII in Go, Unicode in ICU: they become
///   explicit ASCII sets (and lookarounds for the word boundaries);
/// - `.` never matches `\n` but does match `\r` in Go; `(?s)` makes it match everything; `(?U)` swaps greedy and
///   lazy quantifiers: both are applied here, since ICU has no `U` flag and its `.` also stops at `\r`;
/// - named groups `(?P<name>...)` and `(?<name>...)` become plain groups (numbering is unchanged; Go allows names
///   ICU refuses);
/// - inside brackets `[`, `&&` and `--` are literal in Go but set syntax in ICU, so every literal is escaped;
/// - a `{` that does not start a repetition is a literal in Go; `\pL` is `\p{L}`; `\123` is octal; `\v` is U+000B.
///
/// ICU extensions that Go lacks (lookarounds, atomic groups) pass through, so a Casebook rule may use them.
enum RE2Translator {
    /// Why a pattern could not be translated. The reason never quotes the pattern.
    struct Failure: Error, Sendable, Equatable {
        let reason: String
    }

    private struct Flags {
        var dotAll = false
        var ungreedy = false
    }

    /// An open group: its flags, and whether each of its alternatives so far ended with an ASCII word character.
    private struct Group {
        var flags: Flags
        var alternativesEndInWord = true
        var isLookaround = false
    }

    private static let wordSet = "0-9A-Za-z_"
    private static let spaceSet = "\\x{9}\\x{A}\\x{C}\\x{D}\\x{20}"
    private static let wordBoundary =
        "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
    private static let notWordBoundary =
        "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))"

    /// The ICU form of a Go RE2 pattern.
    /// - Throws: ``Failure`` for syntax Go refuses (unbalanced groups, nested repetition, backreferences, unknown
    ///   escapes or flags, repetition counts above 1000) or that ICU cannot express (`(?U)` is rewritten instead).
    static func translate(_ pattern: String) throws(Failure) -> String {
        let s = Array(pattern.unicodeScalars)
        var i = 0
        var out = ""
        var stack: [Group] = [Group(flags: Flags())]
        /// Whether the previous item can take a quantifier (Go refuses `**` and a leading `*`).
        var canRepeat = false
        /// Whether the text just matched surely ends with an ASCII word character: then `\b` only needs to look
        /// ahead, which ICU runs much faster than the two-sided form.
        var lastIsWord = false

        /// Writes a quantifier, swapping greedy and lazy under `(?U)` as Go does.
        func emitQuantifier(_ q: String) throws(Failure) {
            guard canRepeat else { throw Failure(reason: "a repetition operator has nothing to repeat") }
            var lazy = false
            if i < s.count, s[i] == "?" {
                lazy = true
                i += 1
            }
            let ungreedy = stack[stack.count - 1].flags.ungreedy
            out += q + (lazy != ungreedy ? "?" : "")
            canRepeat = false
            if q == "*" || q == "?" || q.hasPrefix("{0") { lastIsWord = false }
            if i < s.count, s[i] == "*" || s[i] == "+" || s[i] == "?" {
                throw Failure(reason: "a repetition operator repeats another one")
            }
        }

        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                i += 1
                if i < s.count, s[i] == "b" || s[i] == "B" {
                    let boundary = s[i] == "b"
                    i += 1
                    if lastIsWord {
                        out += boundary ? "(?![0-9A-Za-z_])" : "(?=[0-9A-Za-z_])"
                    } else if beginsWithWordCharacter(s, at: i) {
                        out += boundary ? "(?<![0-9A-Za-z_])" : "(?<=[0-9A-Za-z_])"
                    } else {
                        out += boundary ? wordBoundary : notWordBoundary
                    }
                    canRepeat = true
                    continue
                }
                let isWord = i < s.count && (s[i] == "w" || s[i] == "d")
                out += try escapeOutsideClass(s, &i)
                canRepeat = true
                lastIsWord = isWord
            case "[":
                let isWord = classIsWordOnly(s, at: i) != nil
                out += try characterClass(s, &i)
                canRepeat = true
                lastIsWord = isWord
            case "(":
                i += 1
                var group = Group(flags: stack[stack.count - 1].flags)
                if i < s.count, s[i] == "?" {
                    i += 1
                    guard i < s.count else { throw Failure(reason: "a group is not closed") }
                    if s[i] == "P" || (s[i] == "<" && i + 1 < s.count && s[i + 1] != "=" && s[i + 1] != "!") {
                        // A named group: (?P<name>...) or (?<name>...).
                        if s[i] == "P" {
                            i += 1
                            guard i < s.count, s[i] == "<" else {
                                throw Failure(
                                    reason: "backreferences and (?P...) forms other than names are not supported")
                            }
                        }
                        i += 1
                        let nameStart = i
                        while i < s.count, s[i] != ">" {
                            guard s[i].isASCII, ASCII.isAlnum(UInt8(s[i].value)) || s[i] == "_" else {
                                throw Failure(reason: "a group name may hold only letters, digits and '_'")
                            }
                            i += 1
                        }
                        guard i < s.count, i > nameStart else { throw Failure(reason: "a group name is not closed") }
                        i += 1
                        out += "("
                    } else if s[i] == ":" {
                        i += 1
                        out += "(?:"
                    } else if s[i] == "=" || s[i] == "!" || s[i] == ">" {
                        out += "(?" + String(s[i])
                        group.isLookaround = true
                        i += 1
                    } else if s[i] == "<" {
                        // (?<= or (?<!: ICU lookbehind.
                        guard i + 1 < s.count else { throw Failure(reason: "a group is not closed") }
                        out += "(?<" + String(s[i + 1])
                        group.isLookaround = true
                        i += 2
                    } else {
                        // Flags: (?i), (?-s), (?im-s:...).
                        var icuOn = ""
                        var icuOff = ""
                        var negate = false
                        var sawFlag = false
                        while i < s.count, s[i] != ")" && s[i] != ":" {
                            switch s[i] {
                            case "-":
                                guard !negate else { throw Failure(reason: "a flag group has two '-'") }
                                negate = true
                            case "i", "m":
                                if negate {
                                    icuOff.unicodeScalars.append(s[i])
                                } else {
                                    icuOn.unicodeScalars.append(s[i])
                                }
                                sawFlag = true
                            case "s":
                                group.flags.dotAll = !negate
                                sawFlag = true
                            case "U":
                                group.flags.ungreedy = !negate
                                sawFlag = true
                            default:
                                throw Failure(reason: "unknown flag in a flag group (Go knows i, m, s and U)")
                            }
                            i += 1
                        }
                        guard i < s.count, sawFlag else { throw Failure(reason: "a flag group is empty or not closed") }
                        let icuFlags = icuOn + (icuOff.isEmpty ? "" : "-" + icuOff)
                        if s[i] == ")" {
                            // Flags for the rest of the enclosing group.
                            i += 1
                            stack[stack.count - 1].flags = group.flags
                            if !icuFlags.isEmpty { out += "(?" + icuFlags + ")" }
                            canRepeat = false
                            lastIsWord = false
                            continue
                        }
                        i += 1
                        out += "(?" + icuFlags + ":"
                    }
                } else {
                    out += "("
                }
                stack.append(group)
                canRepeat = false
                lastIsWord = false
            case ")":
                guard stack.count > 1 else { throw Failure(reason: "a ')' has no matching '('") }
                let group = stack.removeLast()
                lastIsWord = !group.isLookaround && group.alternativesEndInWord && lastIsWord
                out += ")"
                i += 1
                canRepeat = true
            case "|":
                stack[stack.count - 1].alternativesEndInWord =
                    stack[stack.count - 1].alternativesEndInWord && lastIsWord
                lastIsWord = false
                out += "|"
                i += 1
                canRepeat = false
            case "^", "$":
                out.unicodeScalars.append(c)
                i += 1
                canRepeat = true
                lastIsWord = false
            case ".":
                out += stack[stack.count - 1].flags.dotAll ? "[\\s\\S]" : "[^\\x{A}]"
                i += 1
                canRepeat = true
                lastIsWord = false
            case "*", "+", "?":
                i += 1
                try emitQuantifier(String(c))
            case "{":
                if let (repetition, end) = try repetition(s, at: i) {
                    i = end
                    try emitQuantifier(repetition)
                } else {
                    out += "\\{"
                    i += 1
                    canRepeat = true
                    lastIsWord = false
                }
            case "}", "]":
                out += "\\" + String(c)
                i += 1
                canRepeat = true
                lastIsWord = false
            default:
                out += literal(c)
                i += 1
                canRepeat = true
                lastIsWord = isWordCharacter(c)
            }
        }
        guard stack.count == 1 else { throw Failure(reason: "a '(' is not closed") }
        return out
    }

    private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (ASCII.isAlnum(UInt8(c.value)) || c == "_")
    }

    // MARK: Word-boundary analysis

    /// Whether every match of the pattern from `i` surely begins with an ASCII word character: a required word
    /// literal, `\w`, `\d`, a class of word characters, or a group each of whose alternatives begins so. Used to
    /// write `\b` as a one-sided lookbehind; `false` when unsure.
    private static func beginsWithWordCharacter(_ s: [Unicode.Scalar], at i: Int, depth: Int = 0) -> Bool {
        guard depth < 8, i < s.count else { return false }
        var end: Int
        switch s[i] {
        case "(":
            guard let close = closingParenthesis(s, from: i) else { return false }
            var contentStart = i + 1
            if contentStart < s.count, s[contentStart] == "?" {
                // (?: (?i: (?P<name> (?<name> open plain groups; lookarounds and flag-only groups do not.
                var j = contentStart + 1
                if j < s.count, s[j] == "P" { j += 1 }
                if j < s.count, s[j] == "<", j + 1 < s.count, s[j + 1] != "=", s[j + 1] != "!" {
                    while j < close, s[j] != ">" { j += 1 }
                    contentStart = j + 1
                } else {
                    while j < close, "imsU-".unicodeScalars.contains(s[j]) { j += 1 }
                    guard j < close, s[j] == ":" else { return false }
                    contentStart = j + 1
                }
            }
            for alternative in topLevelAlternatives(s, from: contentStart, to: close) {
                guard !alternative.isEmpty, beginsWithWordCharacter(s, at: alternative.lowerBound, depth: depth + 1)
                else { return false }
            }
            end = close + 1
        case "\\":
            guard i + 1 < s.count, s[i + 1] == "w" || s[i + 1] == "d" else { return false }
            end = i + 2
        case "[":
            guard let classEnd = classIsWordOnly(s, at: i) else { return false }
            end = classEnd
        default:
            guard isWordCharacter(s[i]) else { return false }
            end = i + 1
        }
        // The atom must be required: not followed by *, ? or {0,...}.
        if end < s.count {
            if s[end] == "*" || s[end] == "?" { return false }
            if s[end] == "{", end + 1 < s.count, s[end + 1] == "0" { return false }
        }
        return true
    }

    /// The index of the `)` that closes the group opened at `open`, skipping escapes and bracketed classes.
    private static func closingParenthesis(_ s: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0
        var i = open
        while i < s.count {
            switch s[i] {
            case "\\": i += 2; continue
            case "[":
                guard let end = classEnd(s, at: i) else { return nil }
                i = end
                continue
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// The alternatives (split at `|` outside nested groups and classes) of `s[start..<end]`.
    private static func topLevelAlternatives(_ s: [Unicode.Scalar], from start: Int, to end: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var depth = 0
        var alternativeStart = start
        var i = start
        while i < end {
            switch s[i] {
            case "\\": i += 2; continue
            case "[":
                guard let classEnd = classEnd(s, at: i) else { return [] }
                i = classEnd
                continue
            case "(": depth += 1
            case ")": depth -= 1
            case "|" where depth == 0:
                result.append(alternativeStart..<i)
                alternativeStart = i + 1
            default: break
            }
            i += 1
        }
        result.append(alternativeStart..<min(i, end))
        return result
    }

    /// The index past the `]` that closes the class opened at `i` (Go's rules: a first `]` is a literal).
    private static func classEnd(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        var i = start + 1
        if i < s.count, s[i] == "^" { i += 1 }
        var first = true
        while i < s.count {
            if s[i] == "]" && !first { return i + 1 }
            first = false
            if s[i] == "\\" {
                i += 2
            } else if s[i] == "[", i + 1 < s.count, s[i + 1] == ":" {
                var j = i + 2
                while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                i = j + 1 < s.count ? j + 2 : i + 1
            } else {
                i += 1
            }
        }
        return nil
    }

    /// When the class at `i` holds only ASCII word characters (not negated; literals, `\w`, `\d`, ranges inside
    /// one of 0-9, A-Z, a-z, word POSIX classes), the index past it; otherwise nil.
    private static func classIsWordOnly(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        guard let end = classEnd(s, at: start), start + 1 < end - 1, s[start + 1] != "^" else { return nil }
        func block(_ c: Unicode.Scalar) -> Int? {
            switch c {
            case "0"..."9": 0
            case "A"..."Z": 1
            case "a"..."z": 2
            case "_": 3
            default: nil
            }
        }
        var i = start + 1
        while i < end - 1 {
            if s[i] == "\\" {
                guard i + 1 < end - 1, s[i + 1] == "w" || s[i + 1] == "d" || s[i + 1] == "_" else { return nil }
                i += 2
                continue
            }
            if s[i] == "[", i + 1 < s.count, s[i + 1] == ":" {
                var j = i + 2
                var name = ""
                while j < end - 1, s[j] != ":" {
                    name.unicodeScalars.append(s[j])
                    j += 1
                }
                guard ["alnum", "alpha", "digit", "lower", "upper", "word", "xdigit"].contains(name) else { return nil }
                i = j + 2
                continue
            }
            guard let low = block(s[i]) else { return nil }
            if i + 2 < end - 1, s[i + 1] == "-" {
                guard let high = block(s[i + 2]), high == low else { return nil }
                i += 3
            } else {
                i += 1
            }
        }
        return end
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`, with Go's limit of 1000; nil when the brace is a literal.
    /// - Throws: for counts past Go's limit, or a maximum below the minimum (Go refuses both).
    private static func repetition(_ s: [Unicode.Scalar], at start: Int) throws(Failure) -> (String, Int)? {
        var i = start + 1
        func number() -> Int? {
            let begin = i
            var value = 0
            while i < s.count, s[i].isASCII, ASCII.isDigit(UInt8(s[i].value)) {
                value = min(value * 10 + Int(s[i].value - 0x30), 100_000)
                i += 1
            }
            return i > begin ? value : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        var text = "{\(low)"
        if i < s.count, s[i] == "," {
            i += 1
            high = number()
            text += "," + (high.map(String.init) ?? "")
        }
        guard i < s.count, s[i] == "}" else { return nil }
        guard low <= 1000, (high ?? low) <= 1000, (high ?? low) >= low else {
            throw Failure(reason: "a repetition count is above 1000 or its maximum is below its minimum")
        }
        return (text + "}", i + 1)
    }

    /// One literal character, escaped when ICU would read it as syntax.
    private static func literal(_ c: Unicode.Scalar) -> String {
        if c.isASCII,
            ASCII.isAlnum(UInt8(c.value)) || c == " " || c == "_" || c == "-" || c == "," || c == ":"
                || c == "=" || c == "/" || c == "'" || c == "\"" || c == "@" || c == "%" || c == "&" || c == ";"
                || c == "<" || c == ">" || c == "!" || c == "~"
        {
            return String(c)
        }
        return hex(c.value)
    }

    /// A code point as an ICU `\x{...}` escape, which means the character itself wherever it stands.
    private static func hex(_ value: UInt32) -> String { "\\x{" + String(value, radix: 16) + "}" }

    /// An escape outside brackets; `i` is just past the backslash.
    private static func escapeOutsideClass(_ s: [Unicode.Scalar], _ i: inout Int) throws(Failure) -> String {
        guard i < s.count else { throw Failure(reason: "the pattern ends with a lone backslash") }
        let c = s[i]
        switch c {
        case "d": i += 1; return "[0-9]"
        case "D": i += 1; return "[^0-9]"
        case "w": i += 1; return "[" + wordSet + "]"
        case "W": i += 1; return "[^" + wordSet + "]"
        case "s": i += 1; return "[" + spaceSet + "]"
        case "S": i += 1; return "[^" + spaceSet + "]"
        case "b": i += 1; return wordBoundary
        case "B": i += 1; return notWordBoundary
        case "A": i += 1; return "\\A"
        case "z": i += 1; return "\\z"
        case "p", "P":
            return try unicodeClass(s, &i)
        case "Q":
            // Literal text up to \E (or the end), each character on its own as in Go.
            i += 1
            var out = ""
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" {
                    i += 2
                    return out
                }
                out += hex(s[i].value)
                i += 1
            }
            return out
        default:
            return hex(try escapedCharacter(s, &i))
        }
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL`; `i` is at the `p` or `P`.
    private static func unicodeClass(_ s: [Unicode.Scalar], _ i: inout Int) throws(Failure) -> String {
        var negated = s[i] == "P"
        i += 1
        guard i < s.count else { throw Failure(reason: "\\p needs a class name") }
        var name = ""
        if s[i] == "{" {
            i += 1
            if i < s.count, s[i] == "^" {
                negated.toggle()
                i += 1
            }
            while i < s.count, s[i] != "}" {
                guard s[i].isASCII, ASCII.isAlnum(UInt8(s[i].value)) || s[i] == "_" else {
                    throw Failure(reason: "a Unicode class name may hold only letters, digits and '_'")
                }
                name.unicodeScalars.append(s[i])
                i += 1
            }
            guard i < s.count, !name.isEmpty else { throw Failure(reason: "a Unicode class name is not closed") }
            i += 1
        } else {
            guard s[i].isASCII, ASCII.isLetter(UInt8(s[i].value)) else {
                throw Failure(reason: "\\p needs a class name")
            }
            name = String(s[i])
            i += 1
        }
        if name == "Any" { return negated ? "[^\\x{0}-\\x{10ffff}]" : "[\\x{0}-\\x{10ffff}]" }
        return (negated ? "\\P{" : "\\p{") + name + "}"
    }

    /// A single-character escape (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`); `i` is just past the backslash.
    private static func escapedCharacter(_ s: [Unicode.Scalar], _ i: inout Int) throws(Failure) -> UInt32 {
        guard i < s.count else { throw Failure(reason: "the pattern ends with a lone backslash") }
        let c = s[i]
        i += 1
        switch c {
        case "a": return 0x07
        case "f": return 0x0C
        case "t": return 0x09
        case "n": return 0x0A
        case "r": return 0x0D
        case "v": return 0x0B
        case "x":
            guard i < s.count else { throw Failure(reason: "\\x needs hexadecimal digits") }
            var value: UInt32 = 0
            if s[i] == "{" {
                i += 1
                var digits = 0
                while i < s.count, s[i] != "}" {
                    guard s[i].isASCII, let v = ASCII.hexValue(UInt8(s[i].value)), digits < 8 else {
                        throw Failure(reason: "\\x{...} needs hexadecimal digits")
                    }
                    value = value << 4 | UInt32(v)
                    digits += 1
                    i += 1
                }
                guard i < s.count, digits > 0, value <= 0x10FFFF else {
                    throw Failure(reason: "\\x{...} needs a code point")
                }
                i += 1
                return value
            }
            for _ in 0..<2 {
                guard i < s.count, s[i].isASCII, let v = ASCII.hexValue(UInt8(s[i].value)) else {
                    throw Failure(reason: "\\x needs two hexadecimal digits")
                }
                value = value << 4 | UInt32(v)
                i += 1
            }
            return value
        case "0"..."7":
            // Octal: \0, \0nn, or \1nn..\7nn (a single \1..\7 would be a backreference, which RE2 lacks).
            var value = c.value - 0x30
            var digits = 1
            while digits < 3, i < s.count, s[i] >= "0", s[i] <= "7" {
                value = value * 8 + (s[i].value - 0x30)
                digits += 1
                i += 1
            }
            if c != "0" && digits == 1 { throw Failure(reason: "backreferences are not supported") }
            return value
        case "8", "9":
            throw Failure(reason: "backreferences are not supported")
        default:
            guard c.isASCII, !ASCII.isAlnum(UInt8(c.value)) else {
                throw Failure(reason: "unknown escape sequence")
            }
            return c.value
        }
    }

    /// A bracketed class; `i` is at the `[`.
    private static func characterClass(_ s: [Unicode.Scalar], _ i: inout Int) throws(Failure) -> String {
        i += 1
        var out = "["
        if i < s.count, s[i] == "^" {
            out += "^"
            i += 1
        }
        var first = true
        while true {
            guard i < s.count else { throw Failure(reason: "a '[' is not closed") }
            let c = s[i]
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            // [:alpha:] and [:^alpha:]
            if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                if let (set, end) = try posixClass(s, at: i) {
                    out += set
                    i = end
                    continue
                }
            }
            var low: UInt32
            if c == "\\" {
                i += 1
                guard i < s.count else { throw Failure(reason: "a '[' is not closed") }
                switch s[i] {
                case "d": out += "0-9"; i += 1; continue
                case "D": out += "[^0-9]"; i += 1; continue
                case "w": out += wordSet; i += 1; continue
                case "W": out += "[^" + wordSet + "]"; i += 1; continue
                case "s": out += spaceSet; i += 1; continue
                case "S": out += "[^" + spaceSet + "]"; i += 1; continue
                case "p", "P":
                    out += try unicodeClass(s, &i)
                    continue
                default:
                    low = try escapedCharacter(s, &i)
                }
            } else {
                low = c.value
                i += 1
            }
            var high = low
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                if s[i] == "\\" {
                    i += 1
                    guard i < s.count, !"dDwWsSpP".unicodeScalars.contains(s[i]) else {
                        throw Failure(reason: "a range in brackets ends in a class")
                    }
                    high = try escapedCharacter(s, &i)
                } else {
                    high = s[i].value
                    i += 1
                }
                guard high >= low else { throw Failure(reason: "a range in brackets runs backwards") }
            }
            out += classMember(low)
            if high != low { out += "-" + classMember(high) }
        }
        return out + "]"
    }

    /// A character inside brackets: letters and digits as they are, everything else escaped, so nothing reads as
    /// ICU set syntax.
    private static func classMember(_ value: UInt32) -> String {
        if value < 0x80, ASCII.isAlnum(UInt8(value)) { return String(UnicodeScalar(UInt8(value))) }
        return hex(value)
    }

    /// `[:name:]` or `[:^name:]` at `start`, as an ASCII set; nil when the text is not a POSIX class.
    private static func posixClass(_ s: [Unicode.Scalar], at start: Int) throws(Failure) -> (String, Int)? {
        var i = start + 2
        var negated = false
        if i < s.count, s[i] == "^" {
            negated = true
            i += 1
        }
        var name = ""
        while i < s.count, s[i].isASCII, ASCII.isLower(UInt8(s[i].value)) {
            name.unicodeScalars.append(s[i])
            i += 1
        }
        guard i + 1 < s.count, s[i] == ":", s[i + 1] == "]" else { return nil }
        let members: String
        switch name {
        case "alnum": members = "0-9A-Za-z"
        case "alpha": members = "A-Za-z"
        case "ascii": members = "\\x{0}-\\x{7f}"
        case "blank": members = "\\x{9}\\x{20}"
        case "cntrl": members = "\\x{0}-\\x{1f}\\x{7f}"
        case "digit": members = "0-9"
        case "graph": members = "\\x{21}-\\x{7e}"
        case "lower": members = "a-z"
        case "print": members = "\\x{20}-\\x{7e}"
        case "punct": members = "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}"
        case "space": members = "\\x{9}-\\x{d}\\x{20}"
        case "upper": members = "A-Z"
        case "word": members = "0-9A-Za-z_"
        case "xdigit": members = "0-9A-Fa-f"
        default: throw Failure(reason: "unknown POSIX class in brackets")
        }
        return ((negated ? "[^" : "[") + members + "]", i + 2)
    }
}

// MARK: - Decoding a window

/// A span of UTF-8 text as a `String` for `NSRegularExpression`, with the byte offset of every UTF-16 unit.
///
/// Invalid bytes decode to U+FFFD, one per byte, so the mapping back to bytes stays exact whatever the text holds.
/// The string is built from UTF-8 (building it from UTF-16 units is far slower on Linux), and a span of ASCII, the
/// usual case, needs no table: unit `u` is byte `start + u`.
struct DecodedWindow {
    let string: String
    let unitCount: Int
    private let start: Int
    /// `byteOffsets[u]` is the byte where UTF-16 unit `u` begins (both halves of a surrogate pair point at the
    /// character's first byte); the last entry is the end of the span. Nil when the span is ASCII.
    private let byteOffsets: [Int]?

    init(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let span = UnsafeBufferPointer(rebasing: text[range])
        start = range.lowerBound
        guard span.contains(where: { $0 >= 0x80 }) else {
            string = String(decoding: span, as: UTF8.self)
            unitCount = span.count
            byteOffsets = nil
            return
        }
        var utf8: [UInt8] = []
        var offsets: [Int] = []
        utf8.reserveCapacity(span.count + 16)
        offsets.reserveCapacity(span.count + 1)
        var i = 0
        while i < span.count {
            let b = span[i]
            if b < 0x80 {
                utf8.append(b)
                offsets.append(range.lowerBound + i)
                i += 1
                continue
            }
            let length = UTF8Decoding.sequenceLength(span, at: i)
            if length == 0 {
                utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
                offsets.append(range.lowerBound + i)
                i += 1
                continue
            }
            utf8.append(contentsOf: span[i..<i + length])
            offsets.append(range.lowerBound + i)
            // A character past U+FFFF takes two UTF-16 units.
            if length == 4 { offsets.append(range.lowerBound + i) }
            i += length
        }
        offsets.append(range.upperBound)
        string = String(decoding: utf8, as: UTF8.self)
        unitCount = offsets.count - 1
        byteOffsets = offsets
    }

    /// The byte where UTF-16 unit `unit` begins (`unitCount` gives the end of the span).
    private func byteOffset(ofUnit unit: Int) -> Int {
        byteOffsets?[unit] ?? start + unit
    }

    /// The code point of a valid sequence of `length` bytes at `i`.
    static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }

    /// The first unit whose character starts at or after `byte`.
    func firstUnit(atOrAfterByte byte: Int) -> Int {
        guard let byteOffsets else { return min(max(0, byte - start), unitCount) }
        var low = 0
        var high = unitCount
        while low < high {
            let mid = (low + high) / 2
            if byteOffsets[mid] < byte { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The bytes of a UTF-16 range, or nil when the range did not take part in the match.
    func bytes(_ range: NSRange) -> Range<Int>? {
        guard range.location != NSNotFound, range.location >= 0, range.length >= 0,
            range.location + range.length <= unitCount
        else { return nil }
        var end = range.location + range.length
        // A range never ends between the halves of a surrogate pair; if it did, it takes the whole character.
        if end > range.location, end < unitCount, byteOffset(ofUnit: end) == byteOffset(ofUnit: end - 1) { end += 1 }
        return byteOffset(ofUnit: range.location)..<byteOffset(ofUnit: end)
    }
}
