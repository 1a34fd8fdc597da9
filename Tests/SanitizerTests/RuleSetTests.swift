import Foundation
import Testing

@testable import Sanitizer

// MARK: - Helpers

/// Obviously fake secret material: alphabets cycled from a fixed start, so nothing here is or looks like a live key.
private enum Fake {
    static func cycle(_ alphabet: String, _ count: Int) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { characters[$0 % characters.count] })
    }
    static func hex(_ n: Int) -> String { cycle("0123456789abcdef", n) }
    static func alnum(_ n: Int) -> String { cycle("FakeTest0123456789ABCDGHIJKLMNOPQRSUVWXYZbcdghijlmnopqruvwxyz", n) }
    static func upperAlnum(_ n: Int) -> String { cycle("FAKE0123456789BCDGHIJLMNOPQRSTUVWXYZ", n) }
    static func lowerAlnum(_ n: Int) -> String { cycle("fake0123456789bcdghijlmnopqrstuvwxyz", n) }
    static func base64(_ n: Int) -> String {
        cycle("Fake+Test/0123456789ABCDGHIJKLMNOPQRSUVWXYZbcdghijlmnopqruvwxyz", n)
    }
    static func base64url(_ n: Int) -> String {
        cycle("Fake_Test-0123456789ABCDGHIJKLMNOPQRSUVWXYZbcdghijlmnopqruvwxyz", n)
    }
    static func bcrypt(_ n: Int) -> String { cycle("FakeSalt./0123456789ABCDGHIJKLMNOPQRUVWXYZbcdghijmnopqruvwxyz", n) }
    static let uuid = "01234567-89ab-cdef-0123-456789abcdef"
}

/// The secrets `rule` finds in `bytes[window]`, as byte ranges.
private func secretRanges(_ rule: PatternRule, in bytes: [UInt8], window: Range<Int>? = nil) -> [Range<Int>] {
    bytes.withUnsafeBufferPointer { rule.secrets(in: $0, window: window ?? 0..<$0.count) }
}

/// The secrets `rule` finds in `text`, as strings.
private func secrets(_ rule: PatternRule, in text: String) -> [String] {
    let bytes = Array(text.utf8)
    return secretRanges(rule, in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
}

/// A one-rule set from a regex (and optional extra TOML lines), for focused tests.
private func rule(_ regex: String, _ extra: String = "") throws -> PatternRule {
    let set = try RuleSet.load(toml: "[[rules]]\nid = \"t\"\nregex = '''\(regex)'''\n\(extra)", source: "test")
    return try #require(set.rule(id: "t"))
}

/// Every match of an RE2 pattern, after translation, in a string.
private func matches(_ re2: String, in string: String) throws -> [String] {
    let pattern = try CompiledPattern(re2: re2)
    let ns = string as NSString
    return pattern.regex.matches(in: string, range: NSRange(location: 0, length: ns.length)).map {
        ns.substring(with: $0.range)
    }
}

// MARK: - RE2 to ICU

@Suite struct RE2TranslationTests {
    /// A pattern, a subject, and the matches Go's RE2 finds (checked against RE2 itself).
    struct Case: CustomTestStringConvertible, Sendable {
        let pattern: String
        let subject: String
        let expected: [String]
        var testDescription: String { pattern }
    }

    static let cases: [Case] = [
        .init(pattern: #"\d+"#, subject: "١٢٣ 123", expected: ["123"]),
        .init(pattern: #"\w+"#, subject: "héllo", expected: ["h", "llo"]),
        .init(pattern: #"\bfoo\b"#, subject: "éfoo", expected: ["foo"]),
        .init(pattern: #"\Bfoo"#, subject: "éfoo xfoo", expected: ["foo"]),
        .init(pattern: #"[[:alpha:]]+"#, subject: "abcé1", expected: ["abc"]),
        .init(pattern: #"[[:^digit:]x]+"#, subject: "ab12x3", expected: ["ab", "x"]),
        .init(pattern: #".+"#, subject: "a\rb\nc", expected: ["a\rb", "c"]),
        .init(pattern: #"(?s)a.b"#, subject: "a\nb", expected: ["a\nb"]),
        .init(pattern: #"(?P<key>[a-z]+)=(?P<value>\d+)"#, subject: "id=42", expected: ["id=42"]),
        .init(pattern: #"a{,3}"#, subject: "a{,3}", expected: ["a{,3}"]),
        .init(pattern: #"[a&&b]+"#, subject: "x&&b&a", expected: ["&&b&a"]),
        .init(pattern: #"(?U)a+"#, subject: "aaa", expected: ["a", "a", "a"]),
        .init(pattern: #"(?U)a+?"#, subject: "aaa", expected: ["aaa"]),
        .init(pattern: #"\x41\x{42}\103"#, subject: "ABC", expected: ["ABC"]),
        .init(pattern: #"\Qa.b\E+"#, subject: "a.bbb axb", expected: ["a.bbb"]),
        .init(pattern: #"[\d\s]+"#, subject: "1 2\u{A0}3", expected: ["1 2", "3"]),
        .init(pattern: #"\pL+"#, subject: "héllo1", expected: ["héllo"]),
        .init(pattern: #"[^]a]+"#, subject: "b]a]c", expected: ["b", "c"]),
        .init(pattern: #"(?m)^b"#, subject: "a\nb", expected: ["b"]),
        .init(pattern: #"a\z"#, subject: "a\na", expected: ["a"]),
        .init(pattern: #"p8e-(?i)[a-z]+"#, subject: "p8e-AbC P8E-abc", expected: ["p8e-AbC"]),
        .init(pattern: #"(?i:x)y"#, subject: "XY Xy", expected: ["Xy"]),
        .init(pattern: #"[\w.-/]+"#, subject: "a.b-c/d,e", expected: ["a.b", "c/d", "e"]),
        .init(pattern: #"[a-z-0]+"#, subject: "ab-0x", expected: ["ab-0x"]),
        .init(pattern: #"\v"#, subject: "a\u{B}b", expected: ["\u{B}"]),
        .init(pattern: #"(?i)[^\S]+"#, subject: "a \tb", expected: [" \t"]),
        .init(pattern: #"x{2}{"#, subject: "xx{", expected: ["xx{"]),
        // Word boundaries, in the one-sided forms used when one side is known to be a word character.
        .init(pattern: #"\b[a-z]+\b"#, subject: "é foo_bar baz9 éa qux", expected: ["a", "qux"]),
        .init(pattern: #"(?:ab|cd)\b"#, subject: "abx ab cd cdé", expected: ["ab", "cd", "cd"]),
        .init(pattern: #"x?\bfoo"#, subject: "xfoo afoo foo éfoo", expected: ["foo", "foo"]),
        .init(pattern: #"\b(?:\d+|x)"#, subject: "a1 1 x éx", expected: ["1", "x", "x"]),
        .init(pattern: #"[a-z]*\b!"#, subject: "ab! !", expected: ["ab!"]),
        .init(pattern: #"\b(SK[0-9a-f]{4})\b"#, subject: "SKabcd xSKabcd SKabcdé", expected: ["SKabcd", "SKabcd"]),
        .init(pattern: #"a\B"#, subject: "ab a", expected: ["a"]),
        .init(pattern: #"\Bb"#, subject: "ab b", expected: ["b"]),
        .init(pattern: #"(?:a|-)\b"#, subject: "a- -a", expected: ["a", "-", "a"]),
        .init(pattern: #"\b(?:a|-)"#, subject: "a -", expected: ["a"]),
    ]

    @Test(arguments: cases)
    func keepsGoMeaning(_ example: Case) throws {
        #expect(try matches(example.pattern, in: example.subject) == example.expected)
    }

    @Test func keepsCaptureGroupNumbering() throws {
        let pattern = try CompiledPattern(re2: #"(?P<a>x)(?:y)(z)\b(?i:w)"#)
        #expect(pattern.captureGroups == 2)
    }

    static let refused: [String] = [
        #"(a"#, #"a)"#, #"[abc"#, #"a**"#, #"*a"#, #"x{1001}"#, #"x{3,2}"#, #"[z-a]"#, #"\1"#, #"(?P=name)"#,
        #"\h"#, #"(?x)a"#, #"[[:nope:]]"#, #"\"#, #"(?)"#,
    ]

    @Test(arguments: refused)
    func refusesWhatGoRefuses(_ pattern: String) {
        #expect(throws: RE2Translator.Failure.self) { _ = try CompiledPattern(re2: pattern) }
    }
}

// MARK: - Finding secrets

@Suite struct PatternRuleTests {
    @Test func secretGroupZeroTakesTheFirstGroupThatMatched() throws {
        let r = try rule(#"(?:user=(\w+)|token=(\w+))"#)
        #expect(secrets(r, in: "token=Fake9Token8") == ["Fake9Token8"])
        #expect(secrets(r, in: "user=someone") == ["someone"])
    }

    @Test func secretGroupZeroSkipsEmptyGroupsInOrder() throws {
        let r = try rule(#"(x*)(a+)(b+)"#)
        #expect(secrets(r, in: "aabb") == ["aa"])
    }

    @Test func explicitSecretGroupIsUsed() throws {
        let r = try rule(#"(\w+)=(\w+)"#, "secretGroup = 2")
        #expect(secrets(r, in: "name=Fake9Value") == ["Fake9Value"])
    }

    @Test func withoutGroupsTheWholeMatchWithoutNewlinesIsTheSecret() throws {
        let r = try rule(#"\ntok_[a-z0-9]+\n"#)
        #expect(secrets(r, in: "x\ntok_fake9\ny") == ["tok_fake9"])
    }

    @Test func entropyMustBeExceeded() throws {
        let r = try rule(#"key=(\w+)"#, "entropy = 3.0")
        #expect(secrets(r, in: "key=Fake0Test1Value2") == ["Fake0Test1Value2"])
        #expect(secrets(r, in: "key=aaaaaaaabbbbbbbb").isEmpty)
        #expect(PatternRule.shannonEntropy(Array("ab".utf8).withUnsafeBufferPointer { $0 }) == 1.0)
    }

    @Test func entropyCountsCodePointsOverBytesAsGitleaksDoes() {
        // Two code points, four bytes: each counts 1/4 (gitleaks divides by the byte length).
        let value = Array("éé".utf8).withUnsafeBufferPointer { PatternRule.shannonEntropy($0) }
        #expect(value == 0.5)
    }

    /// Text before a match that is not ASCII, or not UTF-8 at all, must not shift the byte offsets.
    static let prefixes: [[UInt8]] = [
        [], Array("é".utf8), Array("日本語 ".utf8), Array("😀😀 ".utf8), Array("\u{FEFF}".utf8),
        [0xFF, 0xFE, 0x41], [0xC3], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xE2, 0x82], Array("a\u{0}b".utf8),
    ]

    @Test(arguments: prefixes)
    func mapsMatchesToExactBytes(_ prefix: [UInt8]) throws {
        let r = try rule(#"key=([a-z0-9]{8})"#)
        let bytes = prefix + Array("x key=fake1234 tail".utf8)
        let start = prefix.count + 6
        #expect(secretRanges(r, in: bytes) == [start..<start + 8])
    }

    @Test func mapsSecretsThatHoldNonASCII() throws {
        let r = try rule(#"name=(\S+)"#)
        let bytes = Array("é name=héllo😀x€ end".utf8)
        let start = Array("é name=".utf8).count
        let secret = Array("héllo😀x€".utf8)
        #expect(secretRanges(r, in: bytes) == [start..<start + secret.count])
    }

    @Test func invalidBytesInsideASecretMapExactly() throws {
        let r = try rule(#"name=(\S+)"#)
        let bytes = Array("name=ab".utf8) + [0xFF, 0xC3] + Array("cd end".utf8)
        #expect(secretRanges(r, in: bytes) == [5..<11])
    }

    @Test func onlyMatchesStartingInTheWindowCount() throws {
        let r = try rule(#"tok_[a-z0-9]{10}"#)
        let text = Array("tok_fake012345 and tok_fake678901".utf8)
        #expect(secretRanges(r, in: text, window: 1..<text.count) == [19..<33])
        #expect(secretRanges(r, in: text, window: 0..<10) == [0..<14], "a match may run past the window's end")
    }

    @Test func contextBeforeTheWindowIsSeen() throws {
        let r = try rule(#"\bsecret_[a-z]+"#)
        let text = Array("xsecret_fake secret_fake".utf8)
        #expect(secretRanges(r, in: text, window: 1..<text.count) == [13..<24])
    }

    @Test func dropsValuesThatAreAlreadyMasks() throws {
        let r = try rule(#"key=([A-Za-z0-9]{20})"#)
        let original = "Fake0Test1Value2Abcd"
        let mask = MaskFactory(key: .random()).token(Array(original.utf8), kind: .apiKey)
        #expect(secrets(r, in: "key=\(original)") == [original])
        #expect(secrets(r, in: "key=\(String(decoding: mask, as: UTF8.self))").isEmpty)
    }

    @Test func concurrentScansAgree() async throws {
        let r = try #require(RuleSet.builtIn.rules.first { $0.id == "datadog-api-key" })
        let text = Array(String(repeating: "é DD_API_KEY=" + Fake.hex(32) + " ", count: 50).utf8)
        let expected = secretRanges(r, in: text)
        #expect(expected.count == 50)
        let results = await withTaskGroup(of: [Range<Int>].self) { group in
            for _ in 0..<16 { group.addTask { secretRanges(r, in: text) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func emptyAndOutOfRangeWindowsFindNothing() throws {
        let r = try rule(#"a"#)
        let text = Array("aaa".utf8)
        #expect(secretRanges(r, in: text, window: 2..<2).isEmpty)
        #expect(secretRanges(r, in: text, window: 5..<9).isEmpty)
        #expect(secretRanges(r, in: [], window: 0..<0).isEmpty)
    }
}

// MARK: - A real gitleaks configuration

@Suite struct GitleaksConfigTests {
    /// Rules copied from gitleaks' own config/gitleaks.toml (trimmed lists), loaded unchanged.
    static let config = #"""
        title = "gitleaks config"

        [allowlist]
        description = "global allow lists"
        regexes = [
            '''(?i)^true|false|null$''',
            '''^(?i:a+|b+|c+|d+|e+|f+|g+|h+|i+|j+|k+|l+|m+|n+|o+|p+|q+|r+|s+|t+|u+|v+|w+|x+|y+|z+|\*+|\.+)$''',
            '''^\$(?:\d+|{\d+})$''',
            '''^\$(?:[A-Z_]+|[a-z_]+)$''',
            '''^\${(?:[A-Z_]+|[a-z_]+)}$''',
            '''^\{\{[ \t]*[\w ().|]+[ \t]*}}$''',
            '''^%(?:[A-Z_]+|[a-z_]+)%$''',
            '''^/Users/(?i)[a-z0-9]+/[\w .-/]+$''',
        ]
        paths = [
            '''gitleaks\.toml''',
            '''(?i)\.(?:bmp|gif|jpe?g|png|svg|tiff?)$''',
            '''(?:^|/)node_modules(?:/.*)?$''',
        ]
        stopwords = [
            "abcdefghijklmnopqrstuvwxyz",
            "014df517-39d1-4453-b7b3-9930c563627c",
        ]

        [[rules]]
        id = "adobe-client-secret"
        description = "Discovered a potential Adobe Client Secret."
        regex = '''\b(p8e-(?i)[a-z0-9]{32})(?:[\x60'"\s;]|\\[nr]|$)'''
        entropy = 2
        keywords = ["p8e-"]

        [[rules]]
        id = "aws-access-token"
        description = "Identified a pattern that may indicate AWS credentials."
        regex = '''\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b'''
        entropy = 3
        keywords = [
            "a3t",
            "akia",
            "asia",
            "abia",
            "acca",
        ]
        [[rules.allowlists]]
        regexes = [
            '''.+EXAMPLE$''',
        ]

        [[rules]]
        id = "azure-ad-client-secret"
        description = "Azure AD Client Secret"
        regex = '''(?:^|[\\'"\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"\x60\s<),])'''
        entropy = 3
        keywords = ["q~"]

        [[rules]]
        id = "curl-auth-user"
        description = "Discovered a potential basic authorization token provided in a curl command."
        regex = '''\bcurl\b(?:.*|.*(?:[\r\n]{1,2}.*){1,5})[ \t\n\r](?:-u|--user)(?:=|[ \t]{0,5})("(:[^"]{3,}|[^:"]{3,}:|[^:"]{3,}:[^"]{3,})"|'([^:']{3,}:[^']{3,})'|((?:"[^"]{3,}"|'[^']{3,}'|[\w$@.-]+):(?:"[^"]{3,}"|'[^']{3,}'|[\w${}@.-]+)))(?:\s|\z)'''
        entropy = 2
        keywords = ["curl"]
        [[rules.allowlists]]
        regexes = [
            '''[^:]+:(?:change(?:it|me)|pass(?:word)?|pwd|test|token|\*+|x+)''',
            '''['"]?<[^>]+>['"]?:['"]?<[^>]+>|<[^:]+:[^>]+>['"]?''',
            '''[^:]+:\[[^]]+]''',
            '''['"]?[^:]+['"]?:['"]?\$(?:\d|\w+|\{(?:\d|\w+)})['"]?''',
            '''\$\([^)]+\):\$\([^)]+\)''',
            '''['"]?\$?{{[^}]+}}['"]?:['"]?\$?{{[^}]+}}['"]?''',
        ]

        [[rules]]
        id = "generic-api-key"
        description = "Detected a Generic API Key, potentially exposing access to various services and sensitive operations."
        regex = '''(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)'''
        entropy = 3.5
        keywords = [
            "access",
            "api",
            "auth",
            "key",
            "credential",
            "creds",
            "passwd",
            "password",
            "secret",
            "token",
        ]
        [[rules.allowlists]]
        regexes = [
            '''^[a-zA-Z_.-]+$''',
        ]
        [[rules.allowlists]]
        regexTarget = "match"
        regexes = [
            '''(?i)(?:access(?:ibility|or)|access[_.-]?id|random[_.-]?access|api[_.-]?(?:id|name|version)|rapid|capital|[a-z0-9-]*?api[a-z0-9-]*?:jar:|author|X-MS-Exchange-Organization-Auth|Authentication-Results|(?:credentials?[_.-]?id|withCredentials)|(?:bucket|foreign|hot|idx|natural|primary|pub(?:lic)?|schema|sequence)[_.-]?key|(?:turkey)|key[_.-]?(?:alias|board|code|frame|id|length|mesh|name|pair|press(?:ed)?|ring|selector|signature|size|stone|storetype|word|up|down|left|right)|key[_.-]?vault[_.-]?(?:id|name)|keyVaultToStoreSecrets|key(?:store|tab)[_.-]?(?:file|path)|issuerkeyhash|(?-i:[DdMm]onkey|[DM]ONKEY)|keying|(?:secret)[_.-]?(?:length|name|size)|UserSecretsId|(?:csrf)[_.-]?token|(?:io\.jsonwebtoken[ \t]?:[ \t]?[\w-]+)|(?:api|credentials|token)[_.-]?(?:endpoint|ur[il])|public[_.-]?token|(?:key|token)[_.-]?file|(?-i:(?:[A-Z_]+=\n[A-Z_]+=|[a-z_]+=\n[a-z_]+=)(?:\n|\z))|(?-i:(?:[A-Z.]+=\n[A-Z.]+=|[a-z.]+=\n[a-z.]+=)(?:\n|\z)))''',
        ]
        stopwords = [
            "000000",
            "admin",
            "example",
            "sample",
        ]
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = [
            '''--mount=type=secret,''',
            '''import[ \t]+{[ \t\w,]+}[ \t]+from[ \t]+['"][^'"]+['"]''',
        ]
        [[rules.allowlists]]
        condition = "AND"
        paths = [
            '''\.bb$''','''\.bbappend$''','''\.bbclass$''','''\.inc$''',
        ]
        regexTarget = "line"
        regexes = [
            '''LICENSE[^=]*=\s*"[^"]+''',
            '''LIC_FILES_CHKSUM[^=]*=\s*"[^"]+''',
            '''SRC[^=]*=\s*"[a-zA-Z0-9]+''',
        ]

        [[rules]]
        id = "hashicorp-tf-api-token"
        description = "Uncovered a HashiCorp Terraform user/org API token."
        regex = '''(?i)[a-z0-9]{14}\.(?-i:atlasv1)\.[a-z0-9\-_=]{60,70}'''
        entropy = 3.5
        keywords = ["atlasv1"]

        [[rules]]
        id = "jwt-base64"
        description = "Detected a Base64-encoded JSON Web Token."
        regex = '''\bZXlK(?:(?P<alg>aGJHY2lPaU)|(?P<apu>aGNIVWlPaU)|(?P<typ>MGVYQWlPaUp)|(?P<x5ts256>NE5YUWpVekkxTmlJNkl)|(?P<zip>NmFYQWlPaU))[a-zA-Z0-9\/\\_+\-\r\n]{40,}={0,2}'''
        entropy = 2
        keywords = ["zxlk"]

        [[rules]]
        id = "kubernetes-secret-yaml"
        description = "Possible Kubernetes Secret detected."
        regex = '''(?i)(?:\bkind:[ \t]*["']?\bsecret\b["']?(?:.|\s){0,200}?\bdata:(?:.|\s){0,100}?\s+([\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*(?:["']?[a-z0-9+/]{10,}={0,3}["']?|\{\{[ \t\w"|$:=,.-]+}}|""|''))|\bdata:(?:.|\s){0,100}?\s+([\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*(?:["']?[a-z0-9+/]{10,}={0,3}["']?|\{\{[ \t\w"|$:=,.-]+}}|""|''))(?:.|\s){0,200}?\bkind:[ \t]*["']?\bsecret\b["']?)'''
        path = '''(?i)\.ya?ml$'''
        keywords = ["secret"]
        [[rules.allowlists]]
        regexes = [
            '''[\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*(?:\{\{[ \t\w"|$:=,.-]+}}|""|'')''',
        ]

        [[rules]]
        id = "pkcs12-file"
        description = "Found a PKCS #12 file, which commonly contain bundled private keys."
        path = '''(?i)(?:^|\/)[^\/]+\.p(?:12|fx)$'''

        [[rules]]
        id = "private-key"
        description = "Identified a Private Key."
        regex = '''(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----'''
        keywords = ["-----begin"]

        [[rules]]
        id = "sentry-org-token"
        description = "Found a Sentry.io Organization Token."
        regex = '''\bsntrys_eyJpYXQiO[a-zA-Z0-9+/]{10,200}(?:LCJyZWdpb25fdXJs|InJlZ2lvbl91cmwi|cmVnaW9uX3VybCI6)[a-zA-Z0-9+/]{10,200}={0,2}_[a-zA-Z0-9+/]{43}(?:[^a-zA-Z0-9+/]|\z)'''
        entropy = 4.5
        keywords = ["sntrys_eyjpyxqio"]

        [[rules]]
        id = "slack-webhook-url"
        description = "Discovered a Slack Webhook."
        regex = '''(?:https?://)?hooks.slack.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}'''
        keywords = ["hooks.slack.com"]

        [[rules]]
        id = "vault-service-token"
        description = "Identified a Vault Service Token."
        regex = '''\b((?:hvs\.[\w-]{90,120}|s\.(?i:[a-z0-9]{24})))(?:[\x60'"\s;]|\\[nr]|$)'''
        entropy = 3.5
        keywords = [
            "hvs.",
            "s.",
        ]
        [[rules.allowlists]]
        regexes = [
            '''s\.[A-Za-z]{24}''',
        ]
        """#

    static func loaded() throws -> RuleSet { try RuleSet.load(toml: config, source: "gitleaks.toml") }

    @Test func loadsUnchanged() throws {
        let set = try Self.loaded()
        #expect(set.definitions.count == 13)
        #expect(set.warnings.isEmpty)
        let scanning = Set(set.rules.map(\.id))
        #expect(!scanning.contains("pkcs12-file"), "a path-only rule scans no text")
        #expect(!scanning.contains("kubernetes-secret-yaml"), "a path-scoped rule scans no pasted text")
        #expect(scanning.count == 11)
        let aws = try #require(set.rule(id: "aws-access-token"))
        #expect(aws.keywords == ["a3t", "akia", "asia", "abia", "acca"])
        #expect(aws.entropy == 3)
        #expect(aws.kind == .secret)
        #expect(aws.keepPrefix == 0)
        #expect(set.keywords.contains("hooks.slack.com"))
    }

    /// A text, the rule that should speak, and the secret it should report (nil: nothing, an allowlist or a
    /// threshold lets it through).
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rule: String
        let text: String
        let secret: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(
            name: "aws key", rule: "aws-access-token", text: "id: AKIAFAKE0TEST1KEY2ZZ\n",
            secret: "AKIAFAKE0TEST1KEY2ZZ"),
        .init(
            name: "aws key allowlisted by EXAMPLE", rule: "aws-access-token", text: "id: AKIAFAKE0TES2EXAMPLE\n",
            secret: nil),
        .init(
            name: "adobe secret with a mid-group (?i)", rule: "adobe-client-secret",
            text: "p8e-" + Fake.alnum(32) + "\n", secret: "p8e-" + Fake.alnum(32)),
        .init(
            name: "adobe prefix is case-sensitive", rule: "adobe-client-secret", text: "P8E-" + Fake.alnum(32) + "\n",
            secret: nil),
        .init(
            name: "azure client secret", rule: "azure-ad-client-secret",
            text: "client_secret=Fak8Q~" + Fake.alnum(34), secret: "Fak8Q~" + Fake.alnum(34)),
        .init(
            name: "azure client secret of low entropy", rule: "azure-ad-client-secret",
            text: "client_secret=Fak8Q~" + String(repeating: "x", count: 34), secret: nil),
        .init(
            name: "curl -u takes the first group that matched", rule: "curl-auth-user",
            text: "curl -u svc:Fake9Pass8Word7 https://example.invalid\n", secret: "svc:Fake9Pass8Word7"),
        .init(
            name: "curl -u changeme is allowlisted", rule: "curl-auth-user",
            text: "curl -u admin:changeme https://example.invalid\n", secret: nil),
        .init(
            name: "generic key", rule: "generic-api-key", text: "api_key = \"Fake9Test8Value7Here6\"\n",
            secret: "Fake9Test8Value7Here6"),
        .init(
            name: "generic key with a stopword", rule: "generic-api-key", text: "password = \"adminFake9Test8\"\n",
            secret: nil),
        .init(
            name: "generic key allowlisted on the match", rule: "generic-api-key",
            text: "access_id = \"Fa9kE8tE7sT6vA5\"\n", secret: nil),
        .init(
            name: "generic key allowlisted on the line", rule: "generic-api-key",
            text: "RUN --mount=type=secret,id=api_token=Fake9Test8Value7Here6 make\n", secret: nil),
        .init(
            name: "generic key: an AND allowlist that needs a path never applies", rule: "generic-api-key",
            text: "SRC_KEY = \"Fake9Test8Value7Here6\"\n", secret: "Fake9Test8Value7Here6"),
        .init(
            name: "generic key: global stopword", rule: "generic-api-key",
            text: "secret = \"abcdefghijklmnopqrstuvwxyz123\"\n", secret: nil),
        .init(
            name: "generic key: global regex on the secret", rule: "generic-api-key",
            text: "token = \"{{ .Values.apiToken }}\"\n", secret: nil),
        .init(
            name: "terraform token, (?-i:) inside (?i)", rule: "hashicorp-tf-api-token",
            text: Fake.lowerAlnum(14) + ".atlasv1." + Fake.lowerAlnum(64),
            secret: Fake.lowerAlnum(14) + ".atlasv1." + Fake.lowerAlnum(64)),
        .init(
            name: "terraform token marker is case-sensitive", rule: "hashicorp-tf-api-token",
            text: Fake.lowerAlnum(14) + ".ATLASV1." + Fake.lowerAlnum(64), secret: nil),
        .init(
            name: "base64 JWT: gitleaks takes the first named group", rule: "jwt-base64",
            text: "ZXlKaGJHY2lPaU" + Fake.alnum(48), secret: "aGJHY2lPaU"),
        .init(
            name: "private key", rule: "private-key",
            text: "-----BEGIN PRIVATE KEY-----\n" + Fake.base64(64) + "\n" + Fake.base64(20)
                + "\n-----END PRIVATE KEY-----",
            secret: "-----BEGIN PRIVATE KEY-----\n" + Fake.base64(64) + "\n" + Fake.base64(20)
                + "\n-----END PRIVATE KEY-----"),
        .init(
            name: "slack webhook, whole match", rule: "slack-webhook-url",
            text: "https://hooks.slack.com/services/T00000000/B00000000/" + Fake.alnum(24),
            secret: "https://hooks.slack.com/services/T00000000/B00000000/" + Fake.alnum(24)),
        .init(
            name: "vault token", rule: "vault-service-token", text: "token: hvs." + Fake.alnum(95) + "\n",
            secret: "hvs." + Fake.alnum(95)),
        .init(
            name: "vault old token of letters only is allowlisted", rule: "vault-service-token",
            text: "s.AcceptanceTimeoutSeconds\n", secret: nil),
    ]

    @Test(arguments: cases)
    func detectsAsGitleaksDoes(_ example: Case) throws {
        let set = try Self.loaded()
        let r = try #require(set.rules.first { $0.id == example.rule })
        let found = secrets(r, in: example.text)
        if let secret = example.secret {
            #expect(found == [secret])
        } else {
            #expect(found.isEmpty)
        }
    }

    @Test func extendWithUseDefaultPatchesBuiltInRules() throws {
        let user = try RuleSet.load(
            toml: """
                [extend]
                useDefault = true
                disabledRules = ["mailchimp-api-key", "generic-api-key"]

                [[rules]]
                id = "datadog-api-key"
                [[rules.allowlists]]
                regexes = ['''^0123''']

                [[rules]]
                id = "aws-access-token"
                [[rules.allowlists]]
                regexes = ['''EXAMPLE$''']
                """, source: "user.toml")
        let merged = RuleSet.builtIn.merging(user)
        #expect(merged.rule(id: "mailchimp-api-key") == nil)
        let datadog = try #require(merged.rules.first { $0.id == "datadog-api-key" })
        #expect(datadog.regex == RuleSet.builtIn.rule(id: "datadog-api-key")?.regex, "a patch keeps the regex")
        #expect(secrets(datadog, in: "DD_API_KEY=" + Fake.hex(32)).isEmpty, "the patch's allowlist applies")
        #expect(user.warnings.count == 2, "patch of and disabling an unknown default: \(user.warnings)")
        #expect(!merged.rules.contains { $0.id == "aws-access-token" }, "a patch without a base scans nothing")
    }
}

// MARK: - Loading errors and merging

@Suite struct RuleSetLoadingTests {
    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let toml: String
        let line: Int?
        let reason: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        .init(name: "bad TOML", toml: "[[rules]]\nid = \"x\"\nregex = 'open", line: 3, reason: "unterminated string"),
        .init(name: "missing id", toml: "\n[[rules]]\nregex = 'x'", line: 2, reason: "no id"),
        .init(name: "neither regex nor path", toml: "[[rules]]\nid = \"x\"", line: 1, reason: "neither regex nor path"),
        .init(name: "regex does not compile", toml: "[[rules]]\nid = \"x\"\n\nregex = '(a'", line: 4, reason: "regex"),
        .init(
            name: "regex Go refuses", toml: "[[rules]]\nid = \"x\"\nregex = '''\\1'''", line: 3,
            reason: "backreferences"),
        .init(
            name: "secretGroup too large", toml: "[[rules]]\nid = \"x\"\nregex = '(a)'\nsecretGroup = 2", line: 4,
            reason: "secretGroup 2"),
        .init(
            name: "secretGroup not a number", toml: "[[rules]]\nid = \"x\"\nregex = 'a'\nsecretGroup = \"1\"", line: 4,
            reason: "whole number"),
        .init(
            name: "unknown kind", toml: "[[rules]]\nid = \"x\"\nregex = 'a'\nkind = \"token\"", line: 4, reason: "kind"),
        .init(
            name: "negative keepPrefix", toml: "[[rules]]\nid = \"x\"\nregex = 'a'\nkeepPrefix = -1", line: 4,
            reason: "keepPrefix"),
        .init(
            name: "keywords of numbers", toml: "[[rules]]\nid = \"x\"\nregex = 'a'\nkeywords = [1]", line: 4,
            reason: "array of strings"),
        .init(
            name: "negative entropy", toml: "[[rules]]\nid = \"x\"\nregex = 'a'\nentropy = -1.5", line: 4,
            reason: "entropy"),
        .init(
            name: "both allowlist forms",
            toml:
                "[[rules]]\nid = \"x\"\nregex = 'a'\n[rules.allowlist]\nregexes = ['b']\n[[rules.allowlists]]\nregexes = ['c']",
            line: 4, reason: "alongside"),
        .init(
            name: "unknown condition",
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\ncondition = \"XOR\"\nregexes = ['b']",
            line: 5,
            reason: "OR or AND"),
        .init(
            name: "unknown regexTarget",
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\nregexTarget = \"file\"\nregexes = ['b']",
            line: 5, reason: "regexTarget"),
        .init(
            name: "empty allowlist",
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\ndescription = \"d\"",
            line: 4, reason: "at least one"),
        .init(
            name: "bad allowlist regex",
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\nregexes = ['b', '[']",
            line: 5, reason: "entry 2"),
        .init(
            name: "useDefault with path", toml: "[extend]\nuseDefault = true\npath = \"x.toml\"", line: 1,
            reason: "both"),
        .init(
            name: "extend path missing", toml: "[extend]\npath = \"/nonexistent/casebook-rules.toml\"", line: 2,
            reason: "cannot read"),
        .init(
            name: "targetRules without extend",
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[allowlists]]\ntargetRules = [\"y\"]\nregexes = ['b']",
            line: 4, reason: "targetRules"),
        .init(
            name: "global allowlist both forms", toml: "[allowlist]\nregexes = ['a']\n[[allowlists]]\nregexes = ['b']",
            line: 1, reason: "alongside"),
    ]

    @Test(arguments: errorCases)
    func refuses(_ example: ErrorCase) {
        #expect {
            _ = try RuleSet.load(toml: example.toml, source: "user.toml")
        } throws: { error in
            guard case .rules(let source, let line, let reason)? = error as? SanitizerError else { return false }
            return source == "user.toml" && line == example.line && reason.contains(example.reason)
        }
    }

    @Test func errorsNeverQuotePatternsOrValues() {
        let toml = "[[rules]]\nid = \"x\"\nregex = '''(FAKESECRETVALUE'''\n"
        #expect {
            _ = try RuleSet.load(toml: toml, source: "user.toml")
        } throws: { error in
            !"\(error)".contains("FAKESECRETVALUE")
        }
    }

    @Test func laterDuplicateReplacesEarlierWithAWarning() throws {
        let set = try RuleSet.load(
            toml: "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules]]\nid = \"x\"\nregex = 'b'", source: "user.toml")
        #expect(set.definitions.count == 1)
        #expect(set.rule(id: "x")?.regex == "b")
        #expect(set.warnings.count == 1)
    }

    @Test func keysAreMatchedWithoutCaseAndLoneStringsAreLists() throws {
        let set = try RuleSet.load(
            toml: "[[rules]]\nID = \"x\"\nREGEX = '(a)(b)'\nsecretgroup = 2\nKeywords = \"AB\"\nKind = \"password\"",
            source: "user.toml")
        let r = try #require(set.rule(id: "x"))
        #expect(r.secretGroup == 2)
        #expect(r.keywords == ["ab"])
        #expect(r.kind == .password)
    }

    @Test func mergingReplacesByIDAndKeepsOrder() throws {
        let base = try RuleSet.load(
            toml: "[[rules]]\nid = \"a\"\nregex = 'x'\n[[rules]]\nid = \"b\"\nregex = 'y'", source: "1")
        let user = try RuleSet.load(
            toml: "[[rules]]\nid = \"a\"\nregex = 'z'\n[[rules]]\nid = \"c\"\nregex = 'w'", source: "2")
        let merged = base.merging(user)
        #expect(merged.definitions.map(\.id) == ["a", "b", "c"])
        #expect(merged.rule(id: "a")?.regex == "z")
    }

    @Test func globalAllowlistsOfOneSetApplyToTheOthersRules() throws {
        let user = try RuleSet.load(toml: "[[allowlists]]\nstopwords = [\"0123456789abcdef\"]", source: "user.toml")
        let merged = RuleSet.builtIn.merging(user)
        let datadog = try #require(merged.rules.first { $0.id == "datadog-api-key" })
        #expect(secrets(datadog, in: "DD_API_KEY=" + Fake.hex(32)).isEmpty)
        let unmerged = try #require(RuleSet.builtIn.rules.first { $0.id == "datadog-api-key" })
        #expect(secrets(unmerged, in: "DD_API_KEY=" + Fake.hex(32)) == [Fake.hex(32)])
    }

    @Test func targetedAllowlistsApplyOnlyToTheirRules() throws {
        let set = try RuleSet.load(
            toml: """
                [[rules]]
                id = "a"
                regex = '''tok_\\w+'''
                [[rules]]
                id = "b"
                regex = '''tok_\\w+'''
                [[allowlists]]
                targetRules = ["a"]
                regexes = ['''fake''']
                """, source: "user.toml")
        let a = try #require(set.rules.first { $0.id == "a" })
        let b = try #require(set.rules.first { $0.id == "b" })
        #expect(secrets(a, in: "tok_fake9").isEmpty)
        #expect(secrets(b, in: "tok_fake9") == ["tok_fake9"])
    }

    @Test func extendPathMergesLikeGitleaks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        [[rules]]
        id = "a"
        regex = '''tok_\\w+'''
        keywords = ["tok_"]
        [[rules]]
        id = "c"
        regex = '''other_\\w+'''
        """.write(to: directory.appendingPathComponent("base.toml"), atomically: true, encoding: .utf8)
        let userPath = directory.appendingPathComponent("user.toml").path
        let set = try RuleSet.load(
            toml: """
                [extend]
                path = "base.toml"
                disabledRules = ["c"]
                [[rules]]
                id = "a"
                keywords = ["token"]
                kind = "api-key"
                [[rules.allowlists]]
                stopwords = ["fake"]
                [[rules]]
                id = "b"
                regex = '''b_\\w+'''
                """, source: userPath)
        #expect(set.definitions.map(\.id) == ["a", "b"])
        let a = try #require(set.rules.first { $0.id == "a" })
        #expect(a.keywords == ["tok_", "token"])
        #expect(a.kind == .apiKey)
        #expect(secrets(a, in: "tok_fake9").isEmpty)
        #expect(secrets(a, in: "tok_real9") == ["tok_real9"])
    }
}

// MARK: - Built-in rules

@Suite struct BuiltInRuleTests {
    /// A built-in rule, a text, and the one secret it must find there.
    struct Positive: CustomTestStringConvertible, Sendable {
        let rule: String
        let text: String
        let secret: String
        var testDescription: String { rule }
    }

    /// A built-in rule and its negative twin: a text close to a positive in which it must find nothing.
    struct Negative: CustomTestStringConvertible, Sendable {
        let rule: String
        let text: String
        var testDescription: String { rule }
    }

    static let uuid = Fake.uuid
    static let positives: [Positive] = [
        // cloud.toml
        .init(
            rule: "aws-secret-access-key", text: "aws_secret_access_key = " + Fake.base64(40) + "\n",
            secret: Fake.base64(40)),
        .init(
            rule: "aws-secret-access-key",
            text: #"{"AccessKeyId": "x", "SecretAccessKey": ""# + Fake.base64(40) + #""}"#,
            secret: Fake.base64(40)),
        .init(
            rule: "aws-session-token", text: #""SessionToken": ""# + Fake.base64(120) + #"","#,
            secret: Fake.base64(120)),
        .init(
            rule: "aws-presigned-url-signature",
            text: "https://fake-bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature="
                + Fake.hex(64),
            secret: Fake.hex(64)),
        .init(
            rule: "azure-storage-account-key",
            text: "DefaultEndpointsProtocol=https;AccountName=fakeacct;AccountKey=" + Fake.base64(86)
                + "==;EndpointSuffix=core.windows.net", secret: Fake.base64(86) + "=="),
        .init(
            rule: "azure-shared-access-key",
            text:
                "Endpoint=sb://fake.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey="
                + Fake.base64(43) + "=", secret: Fake.base64(43) + "="),
        .init(
            rule: "url-sig-parameter",
            text: "https://fakeacct.blob.core.windows.net/c/b.txt?sv=2022-11-02&sp=r&se=2030-01-01T00:00:00Z&sig="
                + Fake.alnum(40) + "%2B%2F%3D&x=1", secret: Fake.alnum(40) + "%2B%2F%3D"),
        .init(
            rule: "azure-ad-client-secret", text: "client_secret=Fak8Q~" + Fake.alnum(34),
            secret: "Fak8Q~" + Fake.alnum(34)),
        .init(
            rule: "gcp-service-account-private-key-id", text: #""private_key_id": ""# + Fake.hex(40) + #"","#,
            secret: Fake.hex(40)),
        .init(
            rule: "google-oauth-client-secret", text: "GOOGLE_CLIENT_SECRET=GOCSPX-" + Fake.alnum(28),
            secret: "GOCSPX-" + Fake.alnum(28)),
        .init(rule: "heroku-api-key", text: "HEROKU_API_KEY=" + uuid, secret: uuid),
        .init(
            rule: "heroku-api-key", text: "machine api.heroku.com\n  login fake@example.invalid\n  password " + uuid,
            secret: uuid),
        .init(
            rule: "heroku-api-key-v2", text: "export HEROKU_API_KEY=HRKU-AA" + Fake.alnum(58),
            secret: "HRKU-AA" + Fake.alnum(58)),
        .init(rule: "cloudflare-api-token", text: "CLOUDFLARE_API_TOKEN=" + Fake.alnum(40), secret: Fake.alnum(40)),
        .init(rule: "cloudflare-global-api-key", text: "-H 'X-Auth-Key: " + Fake.hex(37) + "'", secret: Fake.hex(37)),
        .init(
            rule: "cloudflare-origin-ca-key", text: "key: v1.0-" + Fake.hex(24) + "-" + Fake.hex(146),
            secret: "v1.0-" + Fake.hex(24) + "-" + Fake.hex(146)),
        .init(rule: "vault-token", text: "X-Vault-Token: hvs." + Fake.alnum(90), secret: "hvs." + Fake.alnum(90)),
        .init(
            rule: "vault-token-legacy", text: "VAULT_TOKEN=s.Fake0Test1Token2Value3Ab",
            secret: "s.Fake0Test1Token2Value3Ab"),
        .init(
            rule: "vault-token-legacy", text: "$ vault login -method=token s.Fake0Test1Token2Value3Ab",
            secret: "s.Fake0Test1Token2Value3Ab"),
        // saas.toml
        .init(
            rule: "telegram-bot-token",
            text: "POST https://api.telegram.org/bot7203918466:AA" + Fake.alnum(33) + "/sendMessage",
            secret: "7203918466:AA" + Fake.alnum(33)),
        .init(
            rule: "age-secret-key", text: "# age key\nAGE-SECRET-KEY-1" + Fake.upperAlnum(58) + "\n",
            secret: "AGE-SECRET-KEY-1" + Fake.upperAlnum(58)),
        .init(rule: "twilio-api-key-sid", text: "TWILIO_API_KEY=SK" + Fake.hex(32), secret: "SK" + Fake.hex(32)),
        .init(
            rule: "twilio-account-sid", text: #"{"account_sid": "AC"# + Fake.hex(32) + #""}"#,
            secret: "AC" + Fake.hex(32)),
        .init(rule: "twilio-auth-token", text: "TWILIO_AUTH_TOKEN=" + Fake.hex(32), secret: Fake.hex(32)),
        .init(
            rule: "twilio-auth-token",
            text: "curl https://api.twilio.com/2010-04-01/Accounts.json -u AC" + Fake.hex(32) + ":" + Fake.alnum(32),
            secret: Fake.alnum(32)),
        .init(
            rule: "mailgun-api-key", text: "curl -s --user 'api:key-" + Fake.hex(32) + "'",
            secret: "key-" + Fake.hex(32)),
        .init(
            rule: "mailgun-api-key-hex",
            text: "MAILGUN_API_KEY=" + Fake.hex(32) + "-" + Fake.hex(8) + "-" + Fake.hex(8),
            secret: Fake.hex(32) + "-" + Fake.hex(8) + "-" + Fake.hex(8)),
        .init(
            rule: "mailchimp-api-key", text: "MAILCHIMP_KEY=" + Fake.hex(32) + "-us21", secret: Fake.hex(32) + "-us21"),
        .init(rule: "datadog-api-key", text: "DD_API_KEY=" + Fake.hex(32), secret: Fake.hex(32)),
        .init(
            rule: "datadog-api-key", text: "datadog:\n  site: datadoghq.eu\n  apiKey: " + Fake.hex(32) + "\n",
            secret: Fake.hex(32)),
        .init(rule: "datadog-app-key", text: "-H \"DD-APPLICATION-KEY: " + Fake.hex(40) + "\"", secret: Fake.hex(40)),
        .init(
            rule: "sentry-dsn-key", text: "SENTRY_DSN=https://" + Fake.hex(32) + "@o123456.ingest.sentry.io/1234567",
            secret: Fake.hex(32)),
        .init(
            rule: "slack-webhook-url",
            text: "url: https://hooks.slack.com/services/T00000000/B00000000/" + Fake.alnum(24),
            secret: "T00000000/B00000000/" + Fake.alnum(24)),
        .init(
            rule: "slack-webhook-url",
            text: "https://hooks.slack.com/workflows/T0123ABCD/A0456EFGH/123456789012/" + Fake.alnum(24),
            secret: "T0123ABCD/A0456EFGH/123456789012/" + Fake.alnum(24)),
        .init(
            rule: "discord-webhook-url",
            text: "https://discord.com/api/webhooks/123456789012345678/" + Fake.base64url(68),
            secret: Fake.base64url(68)),
        .init(
            rule: "discord-bot-token",
            text: "DISCORD_BOT_TOKEN=M" + Fake.alnum(25) + "." + Fake.alnum(6) + "." + Fake.alnum(38),
            secret: "M" + Fake.alnum(25) + "." + Fake.alnum(6) + "." + Fake.alnum(38)),
        .init(
            rule: "microsoft-teams-webhook-url",
            text: "https://fake.webhook.office.com/webhookb2/\(uuid)@\(uuid)/IncomingWebhook/" + Fake.hex(32) + "/"
                + uuid,
            secret: Fake.hex(32) + "/" + uuid),
        .init(rule: "okta-api-token", text: "Authorization: SSWS 00" + Fake.alnum(40), secret: "00" + Fake.alnum(40)),
        .init(
            rule: "new-relic-user-api-key", text: "NEW_RELIC_API_KEY=NRAK-" + Fake.upperAlnum(27),
            secret: "NRAK-" + Fake.upperAlnum(27)),
        .init(rule: "new-relic-admin-api-key", text: "NRAA-" + Fake.hex(27), secret: "NRAA-" + Fake.hex(27)),
        .init(
            rule: "new-relic-insights-key", text: "X-Insert-Key: NRII-" + Fake.base64url(32),
            secret: "NRII-" + Fake.base64url(32)),
        .init(rule: "new-relic-browser-key", text: "\"NRJS-" + Fake.hex(19) + "\"", secret: "NRJS-" + Fake.hex(19)),
        .init(
            rule: "new-relic-license-key", text: "license_key: " + Fake.hex(36) + "NRAL", secret: Fake.hex(36) + "NRAL"),
        .init(
            rule: "new-relic-license-key-legacy", text: "NEW_RELIC_LICENSE_KEY=" + Fake.hex(40), secret: Fake.hex(40)),
        .init(
            rule: "pagerduty-api-key", text: "PAGERDUTY_API_TOKEN=u+" + Fake.alnum(18), secret: "u+" + Fake.alnum(18)),
        .init(rule: "opsgenie-api-key", text: "Authorization: GenieKey " + uuid, secret: uuid),
        .init(rule: "algolia-api-key", text: "ALGOLIA_ADMIN_KEY=" + Fake.hex(32), secret: Fake.hex(32)),
        .init(rule: "atlassian-api-token-legacy", text: "JIRA_API_TOKEN=" + Fake.alnum(24), secret: Fake.alnum(24)),
        .init(
            rule: "firebase-cloud-messaging-server-key",
            text: "Authorization: key=AAAA" + Fake.alnum(7) + ":" + Fake.base64url(140),
            secret: "AAAA" + Fake.alnum(7) + ":" + Fake.base64url(140)),
        // payments.toml
        .init(
            rule: "braintree-access-token",
            text: "BT_TOKEN=access_token$production$" + Fake.lowerAlnum(16) + "$" + Fake.hex(32),
            secret: "access_token$production$" + Fake.lowerAlnum(16) + "$" + Fake.hex(32)),
        .init(rule: "braintree-private-key", text: "BRAINTREE_PRIVATE_KEY=" + Fake.hex(32), secret: Fake.hex(32)),
        .init(
            rule: "paypal-client-secret", text: "PAYPAL_CLIENT_SECRET=" + Fake.base64url(80), secret: Fake.base64url(80)
        ),
        .init(
            rule: "square-access-token", text: "SQUARE_ACCESS_TOKEN=EAAA" + Fake.base64url(60),
            secret: "EAAA" + Fake.base64url(60)),
        .init(rule: "square-oauth-token", text: "sq0atp-" + Fake.base64url(22), secret: "sq0atp-" + Fake.base64url(22)),
        .init(
            rule: "square-oauth-secret", text: "sq0csp-" + Fake.base64url(43), secret: "sq0csp-" + Fake.base64url(43)),
        .init(
            rule: "plaid-access-token", text: #""access_token": "access-sandbox-"# + uuid + #"""#,
            secret: "access-sandbox-" + uuid),
        .init(rule: "plaid-secret", text: "PLAID_SECRET=" + Fake.hex(30), secret: Fake.hex(30)),
        .init(rule: "razorpay-key-secret", text: "RAZORPAY_KEY_SECRET=" + Fake.alnum(24), secret: Fake.alnum(24)),
        .init(
            rule: "razorpay-key-secret", text: "-u rzp_test_" + Fake.alnum(14) + ":" + Fake.alnum(24),
            secret: Fake.alnum(24)),
        .init(
            rule: "gocardless-access-token", text: "GOCARDLESS_ACCESS_TOKEN=live_" + Fake.base64url(40),
            secret: "live_" + Fake.base64url(40)),
        // generic.toml
        .init(
            rule: "one-time-code-in-message",
            text: "sms sent: 'Your Acme verification code is 731942. It expires in 10 minutes.'", secret: "731942"),
        .init(rule: "one-time-code-in-message", text: "Login code: 4821", secret: "4821"),
        .init(
            rule: "one-time-code-in-log-line", text: "INFO sms.sent template=otp_login to=<redacted> code=482913",
            secret: "482913"),
        .init(rule: "one-time-code-in-log-line", text: #"{"event":"mfa_challenge","code":"551234"}"#, secret: "551234"),
        .init(
            rule: "one-time-code-in-log-line", text: "user requested a password reset, code: 904512", secret: "904512"),
        .init(rule: "one-time-code-in-log-line", text: "2fa challenge for user-1: code=77310", secret: "77310"),
        .init(
            rule: "mysql-cli-password", text: "mysql -h db.internal -u app -pFake9Pass8 orders", secret: "Fake9Pass8"),
        .init(rule: "mysql-cli-password", text: "mysqldump --password='Fake 9Pass' orders", secret: "Fake 9Pass"),
        .init(rule: "sshpass-password", text: "sshpass -p 'Fake9 Pass' ssh deploy@host.invalid", secret: "Fake9 Pass"),
        .init(rule: "redis-cli-password", text: "redis-cli -h cache.internal -a Fake9Pass8 ping", secret: "Fake9Pass8"),
        .init(
            rule: "registry-login-password", text: "docker login -u ci -p Fake9Pass8 registry.example.invalid",
            secret: "Fake9Pass8"),
        .init(
            rule: "kubectl-from-literal", text: "kubectl create secret generic db --from-literal=password=Fake9Pass8",
            secret: "Fake9Pass8"),
        .init(
            rule: "powershell-securestring", text: "ConvertTo-SecureString \"Fake9Pass8\" -AsPlainText -Force",
            secret: "Fake9Pass8"),
        .init(rule: "bcrypt-hash", text: "admin:$2b$12$" + Fake.bcrypt(53), secret: "$2b$12$" + Fake.bcrypt(53)),
        .init(
            rule: "crypt-password-hash", text: "root:$6$FakeSalt$" + Fake.bcrypt(86) + ":19000:0:99999:7:::",
            secret: "$6$FakeSalt$" + Fake.bcrypt(86)),
    ]

    static let negatives: [Negative] = [
        // cloud.toml
        .init(rule: "aws-secret-access-key", text: "aws_secret_access_key = " + Fake.base64(41) + "\n"),
        .init(rule: "aws-session-token", text: #""SessionToken": ""# + Fake.base64(99) + #"","#),
        .init(
            rule: "aws-presigned-url-signature",
            text: "https://fake-bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature="
                + Fake.hex(40)),
        .init(rule: "azure-storage-account-key", text: "AccountName=fakeacct;AccountKey=" + Fake.base64(20) + "=="),
        .init(
            rule: "azure-shared-access-key",
            text: "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=short="),
        .init(rule: "url-sig-parameter", text: "https://example.invalid/search?signal=" + Fake.alnum(40) + "&sig=abc"),
        .init(rule: "azure-ad-client-secret", text: "client_secret=Fak8Q~" + String(repeating: "x", count: 34)),
        .init(rule: "gcp-service-account-private-key-id", text: #""private_key_id": ""# + Fake.hex(39) + #"","#),
        .init(rule: "google-oauth-client-secret", text: "GOOGLE_CLIENT_SECRET=GOCSPX-" + Fake.alnum(20)),
        .init(rule: "heroku-api-key", text: "heroku_app_id: " + uuid),
        .init(rule: "heroku-api-key-v2", text: "HRKU-AA" + Fake.alnum(40)),
        .init(rule: "cloudflare-api-token", text: "CLOUDFLARE_ZONE_ID=" + Fake.alnum(40)),
        .init(rule: "cloudflare-global-api-key", text: "-H 'X-Auth-Key: " + Fake.hex(36) + "'"),
        .init(rule: "cloudflare-origin-ca-key", text: "key: v1.0-" + Fake.hex(24) + "-" + Fake.hex(100)),
        .init(rule: "vault-token", text: "X-Vault-Token: hvs." + String(repeating: "x", count: 30)),
        .init(rule: "vault-token-legacy", text: "vault_token = s.AcceptanceTimeoutSeconds"),
        // saas.toml
        .init(rule: "telegram-bot-token", text: "telegram chat 7203918466 sent message AA" + Fake.alnum(33)),
        .init(rule: "age-secret-key", text: "AGE-SECRET-KEY-1 is the prefix of an age secret key"),
        .init(rule: "twilio-api-key-sid", text: "TWILIO_API_KEY=SK" + Fake.hex(31)),
        .init(rule: "twilio-account-sid", text: #"{"account_sid": "AC"# + String(repeating: "0", count: 32) + #""}"#),
        .init(rule: "twilio-auth-token", text: "TWILIO_AUTH_TOKEN=changeme"),
        .init(rule: "mailgun-api-key", text: "curl -s --user 'api:key-" + Fake.hex(31) + "'"),
        .init(rule: "mailgun-api-key-hex", text: "MAILGUN_DOMAIN_ID=" + uuid),
        .init(rule: "mailchimp-api-key", text: "MAILCHIMP_KEY=" + Fake.hex(32) + "-uk21"),
        .init(rule: "datadog-api-key", text: "DD_SITE=datadoghq.com\nDD_API_KEY=${DATADOG_KEY}"),
        .init(rule: "datadog-app-key", text: "-H \"DD-APPLICATION-KEY: " + Fake.hex(32) + "\""),
        .init(rule: "sentry-dsn-key", text: "see https://sentry.io/organizations/fake/issues/1234567/"),
        .init(rule: "slack-webhook-url", text: "url: https://hooks.slack.com/services/T00000000/B00000000/short"),
        .init(rule: "discord-webhook-url", text: "https://discord.com/api/webhooks/123456789012345678"),
        .init(rule: "discord-bot-token", text: "DISCORD_CLIENT_ID=123456789012345678"),
        .init(
            rule: "microsoft-teams-webhook-url",
            text: "https://fake.webhook.office.com/webhookb2/\(uuid)@\(uuid)/IncomingWebhook/not-a-hex-value"),
        .init(rule: "okta-api-token", text: "Authorization: SSWS ${OKTA_API_TOKEN}"),
        .init(rule: "new-relic-user-api-key", text: "NEW_RELIC_API_KEY=NRAK-" + Fake.upperAlnum(20)),
        .init(rule: "new-relic-admin-api-key", text: "NRAA-" + Fake.hex(20)),
        .init(rule: "new-relic-insights-key", text: "X-Insert-Key: NRII-" + Fake.base64url(20)),
        .init(rule: "new-relic-browser-key", text: "\"NRJS-" + Fake.hex(10) + "\""),
        .init(rule: "new-relic-license-key", text: "license_key: " + Fake.hex(36) + "NRAX"),
        .init(rule: "new-relic-license-key-legacy", text: "NEW_RELIC_APP_NAME=checkout-service"),
        .init(rule: "pagerduty-api-key", text: "PAGERDUTY_SERVICE_ID=PFAKE12"),
        .init(rule: "opsgenie-api-key", text: "Authorization: GenieKey $OPSGENIE_KEY"),
        .init(rule: "algolia-api-key", text: "ALGOLIA_APP_ID=FAKEAPP123"),
        .init(rule: "atlassian-api-token-legacy", text: "JIRA_BASE_URL=https://fake.atlassian.net"),
        .init(rule: "firebase-cloud-messaging-server-key", text: "Authorization: key=AAAA" + Fake.alnum(7) + ":short"),
        // payments.toml
        .init(rule: "braintree-access-token", text: "BT_TOKEN=access_token$production$" + Fake.lowerAlnum(16)),
        .init(rule: "braintree-private-key", text: "BRAINTREE_MERCHANT_ID=" + Fake.lowerAlnum(16)),
        .init(rule: "paypal-client-secret", text: "PAYPAL_CLIENT_ID=" + Fake.base64url(80)),
        .init(rule: "square-access-token", text: "SQUARE_ACCESS_TOKEN=EAAA" + Fake.base64url(20)),
        .init(rule: "square-oauth-token", text: "sq0atp-" + Fake.base64url(10)),
        .init(rule: "square-oauth-secret", text: "sq0csp-" + Fake.base64url(20)),
        .init(rule: "plaid-access-token", text: #""access_token": "access-staging-"# + uuid + #"""#),
        .init(rule: "plaid-secret", text: "PLAID_CLIENT_ID=" + Fake.hex(24)),
        .init(rule: "razorpay-key-secret", text: "RAZORPAY_KEY_ID=rzp_test_" + Fake.alnum(14)),
        .init(rule: "gocardless-access-token", text: "GOCARDLESS_ENVIRONMENT=live"),
        // generic.toml
        .init(rule: "one-time-code-in-message", text: "verification code expired after 600 s, status 410"),
        .init(rule: "one-time-code-in-log-line", text: "GET /orders status code=5000 took 12 ms"),
        .init(rule: "one-time-code-in-log-line", text: "otp_login template rendered, http code=200"),
        .init(rule: "one-time-code-in-log-line", text: "verification failed: status=4011"),
        .init(rule: "mysql-cli-password", text: "mysql -h db.internal -u app -p orders"),
        .init(rule: "sshpass-password", text: "sshpass -f ~/.pw ssh deploy@host.invalid"),
        .init(rule: "redis-cli-password", text: "redis-cli -h cache.internal ping"),
        .init(
            rule: "registry-login-password",
            text: "echo \"$PW\" | docker login -u ci --password-stdin registry.example.invalid"),
        .init(rule: "kubectl-from-literal", text: "kubectl create secret generic db --from-file=password=./pw.txt"),
        .init(rule: "powershell-securestring", text: "ConvertTo-SecureString $encrypted"),
        .init(rule: "bcrypt-hash", text: "admin:$2b$12$short"),
        .init(rule: "crypt-password-hash", text: "root:$6$salt$short:19000:0:99999:7:::"),
    ]

    @Test func builtInRulesLoadCleanly() {
        let set = RuleSet.builtIn
        #expect(set.warnings.isEmpty, "\(set.warnings)")
        #expect(set.definitions.count == set.rules.count, "every built-in rule scans text")
        #expect(set.definitions.count >= 50)
        for file in RuleSet.builtInFiles {
            #expect(throws: Never.self, "\(file.name)") {
                _ = try RuleSet.load(toml: String(decoding: file.bytes, as: UTF8.self), source: file.name)
            }
        }
    }

    @Test func everyBuiltInRuleHasKeywordsAKindAndUniqueID() throws {
        var ids = Set<String>()
        for file in RuleSet.builtInFiles {
            let set = try RuleSet.load(toml: String(decoding: file.bytes, as: UTF8.self), source: file.name)
            for rule in set.definitions {
                #expect(ids.insert(rule.id).inserted, "\(rule.id) is defined in two files")
                #expect(!rule.keywords.isEmpty, "\(rule.id) has no keywords")
                #expect(rule.declaredKind != nil, "\(rule.id) has no kind")
                // Short keywords fire everywhere: two bytes only with punctuation ("q~"), which prose rarely has.
                #expect(
                    rule.keywords.allSatisfy {
                        $0.utf8.count >= 3 || ($0.utf8.count == 2 && !$0.utf8.allSatisfy(ASCII.isAlnum))
                    },
                    "\(rule.id) has a keyword too short to filter")
            }
        }
    }

    @Test func everyBuiltInRuleHasAPositiveAndANegativeTwin() {
        let ids = Set(RuleSet.builtIn.definitions.map(\.id))
        #expect(Set(Self.positives.map(\.rule)) == ids)
        #expect(Set(Self.negatives.map(\.rule)) == ids)
    }

    /// The positive is found on the whole text, and also the way the engine runs the rule: in a window of 160
    /// bytes before and 480 after a keyword.
    @Test(arguments: positives)
    func findsItsSecret(_ example: Positive) throws {
        let rule = try #require(RuleSet.builtIn.rules.first { $0.id == example.rule })
        #expect(secrets(rule, in: example.text) == [example.secret])
        let bytes = Array(example.text.utf8)
        let lowered = example.text.lowercased()
        var found = Set<String>()
        for keyword in rule.keywords {
            var searchStart = lowered.startIndex
            while let hit = lowered.range(of: keyword, range: searchStart..<lowered.endIndex) {
                let start = lowered.utf8.distance(from: lowered.startIndex, to: hit.lowerBound)
                let end = start + keyword.utf8.count
                let window = max(0, start - 160)..<min(bytes.count, end + 480)
                for range in secretRanges(rule, in: bytes, window: window) {
                    found.insert(String(decoding: bytes[range], as: UTF8.self))
                }
                searchStart = hit.upperBound
            }
        }
        #expect(found == [example.secret], "not found near a keyword")
        #expect(rule.keepPrefix <= example.secret.utf8.count)
    }

    @Test(arguments: negatives)
    func ignoresItsNegativeTwin(_ example: Negative) throws {
        let rule = try #require(RuleSet.builtIn.rules.first { $0.id == example.rule })
        #expect(secrets(rule, in: example.text).isEmpty)
    }

    @Test func builtInSecretsAreFoundAfterNonASCIIText() throws {
        let rule = try #require(RuleSet.builtIn.rules.first { $0.id == "google-oauth-client-secret" })
        let prefix = "Clé « secrète » 🔑: "
        let secret = "GOCSPX-" + Fake.alnum(28)
        let bytes = Array((prefix + secret + " fin").utf8)
        let start = prefix.utf8.count
        #expect(secretRanges(rule, in: bytes) == [start..<start + secret.utf8.count])
    }
}
