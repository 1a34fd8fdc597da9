import Testing

@testable import Sanitizer

// Every secret in this file is built from obviously fake parts (FakeTOKEN, CASEBOOK, deadbeef, the digits of pi)
// cut to each provider's real shape; checksums are computed where a format has one.

/// Fake filler text: a format's alphabet taken in order from an obviously fake phrase, cycled to the length asked.
enum FakeSecret {
    static let phrase = "FakeTOKEN-for_CASEBOOK-tests_0nly9-NotReal7_Dummy3-Value5-SampleZ4Q8Wx"

    enum Alphabet {
        case alnum, base64url, upper, lower, hexLower, digits, bech32Upper

        var source: [Character] {
            switch self {
            case .alnum: FakeSecret.phrase.filter { $0.isLetter || $0.isNumber }.map { $0 }
            case .base64url: FakeSecret.phrase.map { $0 }
            case .upper: FakeSecret.phrase.uppercased().filter { $0.isLetter || $0.isNumber }.map { $0 }
            case .lower: FakeSecret.phrase.lowercased().filter { $0.isLetter || $0.isNumber }.map { $0 }
            case .hexLower: Array("fa4e0dec0de5deadbeef7cafe9bad1f00d3c0ffee2")
            case .digits: Array("31415926535897932384626433832795028841971")
            case .bech32Upper:
                FakeSecret.phrase.uppercased().filter { "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".contains($0) }.map { $0 }
            }
        }
    }

    static func text(_ count: Int, _ alphabet: Alphabet = .alnum) -> String {
        let source = alphabet.source
        return String((0..<count).map { source[$0 % source.count] })
    }

    /// A GitHub- or npm-style body: 30 fake characters and their base62 CRC32.
    static func checksummed(_ random: String) -> String {
        random + String(decoding: TokenFormat.base62Checksum(Array(random.utf8)), as: UTF8.self)
    }

    /// An age secret key body: 52 fake bech32 characters and their checksum.
    static func ageKeyBody() -> String {
        let data = text(52, .bech32Upper)
        let checksum = TokenFormat.bech32Checksum(hrp: Array("age-secret-key-".utf8), data: Array(data.utf8))
        return data + String(decoding: checksum, as: UTF8.self).uppercased()
    }
}

/// One real token shape, built from fake parts.
struct TokenFormatCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let lead: String
    let prefix: String
    let body: String
    /// The shortest body the provider issues; a body one shorter must not match.
    let shortest: Int
    /// Whether the body carries a checksum or a fixed marker that one changed character breaks.
    let checked: Bool

    init(
        _ rule: String, _ prefix: String, _ body: String, shortest: Int? = nil, lead: String = "",
        checked: Bool = false
    ) {
        self.rule = rule
        self.prefix = prefix
        self.body = body
        self.shortest = shortest ?? body.utf8.count
        self.lead = lead
        self.checked = checked
    }

    var token: String { lead + prefix + body }
    var testDescription: String { "\(rule) \(prefix)" }

    /// The token with its body cut to `count` characters.
    func withBody(_ body: some StringProtocol) -> String { lead + prefix + body }

    static let hex = FakeSecret.Alphabet.hexLower
    static let b64 = FakeSecret.Alphabet.base64url
    static let pi10 = "3141592653"
    static let e10 = "2718281828"
    static let sqrt10 = "1414213562"
    static let openAIHalf = FakeSecret.text(74, b64)
    /// Base64 of `{"iat":1700000000.1,"url":"https://fake.invalid",...,"org":"casebook-test"}`.
    static let sentryPayload =
        "eyJpYXQiOjE3MDAwMDAwMDAuMSwidXJsIjoiaHR0cHM6Ly9mYWtlLmludmFsaWQiLCJyZWdpb25fdXJsIjoiaHR0cHM6Ly9mYWtl"
        + "LmludmFsaWQiLCJvcmciOiJjYXNlYm9vay10ZXN0In0="

    static let all: [TokenFormatCase] =
        [
            // GitHub
            TokenFormatCase("github-pat", "ghp_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase("github-oauth-token", "gho_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase(
                "github-user-to-server-token", "ghu_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase(
                "github-server-to-server-token", "ghs_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase("github-refresh-token", "ghr_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase("github-refresh-token", "ghr_", FakeSecret.text(76)),
            TokenFormatCase(
                "github-fine-grained-pat", "github_pat_", "11" + FakeSecret.text(20) + "_" + FakeSecret.text(59)),
            // GitLab, legacy and routable
            TokenFormatCase("gitlab-pat", "glpat-", FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-pat", "glpat-", FakeSecret.text(36, b64) + ".0r" + "notreal", shortest: 20),
            TokenFormatCase("gitlab-pat", "glpat-", FakeSecret.text(36, b64) + ".01.0z" + "notreal", shortest: 20),
            TokenFormatCase("gitlab-deploy-token", "gldt-", FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-runner-token", "glrt-", FakeSecret.text(20, b64)),
            TokenFormatCase(
                "gitlab-runner-token", "glrt-", "t1_" + FakeSecret.text(30, b64) + ".01.0z" + "notreal", shortest: 20),
            TokenFormatCase("gitlab-scim-token", "glsoat-", FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-feed-token", "glft-", FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-feature-flag-client-token", "glffct-", FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-incoming-mail-token", "glimt-", FakeSecret.text(25, b64)),
            TokenFormatCase("gitlab-agent-token", "glagent-", FakeSecret.text(50, b64)),
            TokenFormatCase("gitlab-oauth-app-secret", "gloas-", FakeSecret.text(64, b64)),
            TokenFormatCase("gitlab-cicd-job-token", "glcbt-", "3_" + FakeSecret.text(20, b64)),
            TokenFormatCase("gitlab-pipeline-trigger-token", "glptt-", FakeSecret.text(40, hex)),
            TokenFormatCase("gitlab-runner-registration-token", "GR1348941", FakeSecret.text(20, b64)),
            // Slack
            TokenFormatCase("slack-bot-token", "xoxb-", "\(pi10)-\(e10)-" + FakeSecret.text(24), shortest: 30),
            TokenFormatCase("slack-bot-token", "xoxb-", "27182818-" + FakeSecret.text(24), shortest: 27),
            TokenFormatCase(
                "slack-user-token", "xoxp-", "\(pi10)-\(e10)-\(sqrt10)-" + FakeSecret.text(32, hex), shortest: 55),
            TokenFormatCase(
                "slack-legacy-token", "xoxs-", "\(pi10)-\(e10)-\(sqrt10)-" + FakeSecret.text(40, hex), shortest: 20),
            TokenFormatCase(
                "slack-legacy-token", "xoxo-", "\(pi10)-\(e10)-\(sqrt10)-" + FakeSecret.text(40, hex), shortest: 20),
            TokenFormatCase("slack-workspace-token", "xoxa-", "2-" + FakeSecret.text(40), shortest: 8),
            TokenFormatCase("slack-workspace-refresh-token", "xoxr-", FakeSecret.text(40), shortest: 8),
            TokenFormatCase("slack-config-access-token", "xoxe.xoxp-", "1-" + FakeSecret.text(163), shortest: 40),
            TokenFormatCase("slack-config-access-token", "xoxe.xoxb-", "1-" + FakeSecret.text(163), shortest: 40),
            TokenFormatCase("slack-config-refresh-token", "xoxe-", "1-" + FakeSecret.text(146), shortest: 40),
            TokenFormatCase(
                "slack-app-token", "xapp-", "1-A0FAKE7TEST-\(pi10)-" + FakeSecret.text(64, hex), shortest: 50),
            // Stripe
            TokenFormatCase("stripe-secret-key", "sk_live_", FakeSecret.text(24), shortest: 16),
            TokenFormatCase("stripe-secret-key", "sk_test_", FakeSecret.text(99), shortest: 16),
            TokenFormatCase("stripe-restricted-key", "rk_live_", FakeSecret.text(99), shortest: 16),
            TokenFormatCase("stripe-restricted-key", "rk_test_", FakeSecret.text(24), shortest: 16),
            TokenFormatCase("stripe-webhook-secret", "whsec_", FakeSecret.text(32), shortest: 24),
        ]
        + ["AKIA", "ASIA", "ABIA", "ACCA"].map { TokenFormatCase("aws-access-key-id", $0, FakeSecret.text(16, .upper)) }
        + [TokenFormatCase("aws-access-key-id", "A3T", FakeSecret.text(17, .upper))]
        + ["AIDA", "AROA", "AGPA", "AIPA", "ANPA", "ANVA", "ASCA", "APKA"].map {
            TokenFormatCase("aws-unique-id", $0, FakeSecret.text(16, .upper))
        }
        + [
            // Google
            TokenFormatCase("google-api-key", "AIza", FakeSecret.text(35, b64)),
            TokenFormatCase("google-oauth-access-token", "ya29.", "c." + FakeSecret.text(150, b64), shortest: 20),
            TokenFormatCase("google-oauth-client-secret", "GOCSPX-", FakeSecret.text(28, b64)),
            // AI providers
            TokenFormatCase("openai-api-key", "sk-proj-", openAIHalf + "T3BlbkFJ" + openAIHalf, shortest: 40),
            TokenFormatCase("openai-api-key", "sk-svcacct-", openAIHalf + "T3BlbkFJ" + openAIHalf, shortest: 40),
            TokenFormatCase("openai-admin-key", "sk-admin-", openAIHalf + "T3BlbkFJ" + openAIHalf, shortest: 40),
            TokenFormatCase(
                "openai-api-key", "sk-", FakeSecret.text(20) + "T3BlbkFJ" + FakeSecret.text(20), checked: true),
            TokenFormatCase("anthropic-api-key", "sk-ant-api03-", FakeSecret.text(93, b64) + "AA", checked: true),
            TokenFormatCase("anthropic-admin-key", "sk-ant-admin01-", FakeSecret.text(93, b64) + "AA", checked: true),
            TokenFormatCase("anthropic-oauth-token", "sk-ant-oat01-", FakeSecret.text(95, b64), shortest: 80),
            TokenFormatCase("huggingface-token", "hf_", FakeSecret.text(34)),
            TokenFormatCase("huggingface-org-token", "api_org_", FakeSecret.text(34)),
            TokenFormatCase("perplexity-api-key", "pplx-", FakeSecret.text(48)),
            // Package registries
            TokenFormatCase("npm-access-token", "npm_", FakeSecret.checksummed(FakeSecret.text(30)), checked: true),
            TokenFormatCase("pypi-upload-token", "pypi-AgEIcHlwaS5vcmc", FakeSecret.text(160, b64), shortest: 50),
            TokenFormatCase(
                "pypi-upload-token", "pypi-AgENdGVzdC5weXBpLm9yZw", FakeSecret.text(160, b64), shortest: 50),
            TokenFormatCase("docker-hub-token", "dckr_pat_", FakeSecret.text(27, b64)),
            TokenFormatCase("docker-hub-token", "dckr_oat_", FakeSecret.text(32, b64), shortest: 27),
            TokenFormatCase("rubygems-api-key", "rubygems_", FakeSecret.text(48, hex)),
            TokenFormatCase("clojars-token", "CLOJARS_", FakeSecret.text(60)),
            TokenFormatCase("artifactory-api-key", "AKCp", FakeSecret.text(69)),
            // Cloud and infrastructure
            TokenFormatCase("digitalocean-pat", "dop_v1_", FakeSecret.text(64, hex)),
            TokenFormatCase("digitalocean-oauth-token", "doo_v1_", FakeSecret.text(64, hex)),
            TokenFormatCase("digitalocean-refresh-token", "dor_v1_", FakeSecret.text(64, hex)),
            TokenFormatCase("vault-service-token", "hvs.", FakeSecret.text(95, b64), shortest: 90),
            TokenFormatCase("vault-batch-token", "hvb.", FakeSecret.text(150, b64), shortest: 138),
            TokenFormatCase("heroku-api-key", "HRKU-", "AA" + FakeSecret.text(58, b64)),
            TokenFormatCase("databricks-token", "dapi", FakeSecret.text(32, hex)),
            TokenFormatCase("pulumi-access-token", "pul-", FakeSecret.text(40, hex)),
            TokenFormatCase("alibaba-access-key-id", "LTAI", FakeSecret.text(20)),
            TokenFormatCase("fly-io-token", "fo1_", FakeSecret.text(43, b64)),
            TokenFormatCase("openshift-user-token", "sha256~", FakeSecret.text(43, b64)),
            TokenFormatCase("planetscale-token", "pscale_tkn_", FakeSecret.text(43, b64), shortest: 32),
            TokenFormatCase("planetscale-oauth-token", "pscale_oauth_", FakeSecret.text(43, b64), shortest: 32),
            TokenFormatCase("planetscale-password", "pscale_pw_", FakeSecret.text(43, b64), shortest: 32),
            TokenFormatCase("scalingo-token", "tk-us-", FakeSecret.text(48, b64)),
            TokenFormatCase("infracost-token", "ico-", FakeSecret.text(32)),
            TokenFormatCase("clickhouse-cloud-secret", "4b1d", FakeSecret.text(38)),
            TokenFormatCase(
                "cloudflare-origin-ca-key", "v1.0-", FakeSecret.text(24, hex) + "-" + FakeSecret.text(146, hex)),
            TokenFormatCase(
                "terraform-cloud-token", ".atlasv1.", FakeSecret.text(67, b64), shortest: 60,
                lead: FakeSecret.text(14)),
            TokenFormatCase("prefect-api-key", "pnu_", FakeSecret.text(36)),
            TokenFormatCase("1password-service-account-token", "ops_eyJ", FakeSecret.text(300), shortest: 250),
            TokenFormatCase("doppler-token", "dp.pt.", FakeSecret.text(43), shortest: 40),
            TokenFormatCase("doppler-token", "dp.ct.", FakeSecret.text(43), shortest: 40),
            TokenFormatCase("doppler-token", "dp.sa.", FakeSecret.text(43), shortest: 40),
            TokenFormatCase("doppler-token", "dp.scim.", FakeSecret.text(43), shortest: 40),
            TokenFormatCase("doppler-token", "dp.audit.", FakeSecret.text(43), shortest: 40),
            TokenFormatCase("doppler-token", "dp.st.", FakeSecret.text(44), shortest: 40),
            TokenFormatCase("doppler-token", "dp.st.", "prd." + FakeSecret.text(43), shortest: 40),
            // SaaS
            TokenFormatCase("sendgrid-api-key", "SG.", FakeSecret.text(22, b64) + "." + FakeSecret.text(43, b64)),
            TokenFormatCase("shopify-access-token", "shpat_", FakeSecret.text(32, hex)),
            TokenFormatCase("shopify-custom-app-token", "shpca_", FakeSecret.text(32, hex)),
            TokenFormatCase("shopify-private-app-token", "shppa_", FakeSecret.text(32, hex)),
            TokenFormatCase("shopify-shared-secret", "shpss_", FakeSecret.text(32, hex)),
            TokenFormatCase("atlassian-api-token", "ATATT3", FakeSecret.text(186, b64)),
            TokenFormatCase("linear-api-key", "lin_api_", FakeSecret.text(40)),
            TokenFormatCase("postman-api-key", "PMAK-", FakeSecret.text(24, hex) + "-" + FakeSecret.text(34, hex)),
            TokenFormatCase("grafana-cloud-token", "glc_", FakeSecret.text(80) + "==", shortest: 32),
            TokenFormatCase(
                "grafana-service-account-token", "glsa_", FakeSecret.text(32) + "_" + FakeSecret.text(8, hex)),
            TokenFormatCase("twilio-api-key", "SK", FakeSecret.text(32, hex)),
            TokenFormatCase("mailchimp-api-key", "-us", "21", shortest: 1, lead: FakeSecret.text(32, hex)),
            TokenFormatCase("square-access-token", "sq0atp-", FakeSecret.text(22, b64)),
            TokenFormatCase("square-oauth-secret", "sq0csp-", FakeSecret.text(43, b64)),
            TokenFormatCase("square-access-token", "EAAA", FakeSecret.text(60, b64)),
            TokenFormatCase("shippo-api-key", "shippo_live_", FakeSecret.text(40, hex)),
            TokenFormatCase("shippo-api-key", "shippo_test_", FakeSecret.text(40, hex)),
            TokenFormatCase(
                "dynatrace-api-token", "dt0c01.", FakeSecret.text(24, .upper) + "." + FakeSecret.text(64, .upper)),
            TokenFormatCase("new-relic-user-api-key", "NRAK-", FakeSecret.text(27, .upper)),
            TokenFormatCase("new-relic-insert-key", "NRII-", FakeSecret.text(32, b64)),
            TokenFormatCase("sentry-org-token", "sntrys_", sentryPayload + "_" + FakeSecret.text(43), shortest: 60),
            TokenFormatCase("sentry-user-token", "sntryu_", FakeSecret.text(64, hex)),
            TokenFormatCase("age-secret-key", "AGE-SECRET-KEY-1", FakeSecret.ageKeyBody(), checked: true),
            TokenFormatCase("notion-api-token", "ntn_", "31415926535" + FakeSecret.text(35)),
            TokenFormatCase("readme-api-key", "rdme_", FakeSecret.text(70, .lower)),
            TokenFormatCase("sendinblue-api-key", "xkeysib-", FakeSecret.text(64, hex) + "-" + FakeSecret.text(16)),
            TokenFormatCase("easypost-api-key", "EZAK", FakeSecret.text(54)),
            TokenFormatCase("easypost-api-key", "EZTK", FakeSecret.text(54)),
            TokenFormatCase("typeform-api-token", "tfp_", FakeSecret.text(59, b64)),
            TokenFormatCase("frameio-api-token", "fio-u-", FakeSecret.text(64, b64)),
            TokenFormatCase("duffel-api-token", "duffel_live_", FakeSecret.text(43, b64)),
            TokenFormatCase("duffel-api-token", "duffel_test_", FakeSecret.text(43, b64)),
            TokenFormatCase("adobe-client-secret", "p8e-", FakeSecret.text(32)),
            TokenFormatCase("intra42-client-secret", "s-s4t2ud-", FakeSecret.text(64, hex)),
            TokenFormatCase("intra42-client-secret", "s-s4t2af-", FakeSecret.text(64, hex)),
        ]
}

/// What the engine would find: a catalog format whose prefix occurs (without regard to case) and matches.
struct TokenHit: Equatable, CustomStringConvertible {
    let rule: String
    let range: Range<Int>
    let format: Int
    var description: String { "\(rule) \(range)" }
}

private let loweredPrefixes = TokenFormat.catalog.map { Array($0.prefix.utf8).map(ASCII.lower) }

/// Runs every catalog format at every occurrence of its prefix, as the engine's prefilter does.
func scanTokens(_ text: String, end: Int? = nil) -> [TokenHit] {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        var hits: [TokenHit] = []
        for (index, format) in TokenFormat.catalog.enumerated() {
            let prefix = loweredPrefixes[index]
            guard prefix.count <= buffer.count else { continue }
            for start in 0...(buffer.count - prefix.count) {
                var k = 0
                while k < prefix.count, ASCII.lower(buffer[start + k]) == prefix[k] { k += 1 }
                guard k == prefix.count else { continue }
                if let range = format.match(in: buffer, prefixAt: start, end: end ?? buffer.count) {
                    let hit = TokenHit(rule: format.rule, range: range, format: index)
                    if !hits.contains(where: { $0.rule == hit.rule && $0.range == hit.range }) { hits.append(hit) }
                }
            }
        }
        return hits
    }
}

@Suite("Token formats")
struct TokenFormatTests {
    // MARK: - Each catalog entry: a positive beside its negative twins

    @Test("a real-shaped token is found whole, with its rule", arguments: TokenFormatCase.all)
    func positive(_ c: TokenFormatCase) {
        let context = "token=\"" + c.token + "\";"
        let start = "token=\"".utf8.count
        #expect(scanTokens(context) == scanTokens(context).filter { $0.rule == c.rule })
        #expect(scanTokens(context).map(\.range) == [start..<start + c.token.utf8.count])
        // At the very start and end of the buffer, and before a sentence's full stop.
        #expect(scanTokens(c.token).map(\.range) == [0..<c.token.utf8.count])
        #expect(scanTokens("see " + c.token + ". Then").map(\.range) == [4..<4 + c.token.utf8.count])
    }

    @Test("one character shorter than the format allows is no token", arguments: TokenFormatCase.all)
    func tooShort(_ c: TokenFormatCase) {
        #expect(scanTokens(c.withBody(c.body.prefix(c.shortest - 1))) == [])
    }

    @Test("a character outside the alphabet breaks the token", arguments: TokenFormatCase.all)
    func wrongCharset(_ c: TokenFormatCase) throws {
        let full = try #require(scanTokens(c.token).first).range
        var body = Array(c.body)
        body[body.count / 2] = "#"
        let hits = scanTokens(c.withBody(String(body)))
        #expect(!hits.contains { $0.range == full })
        let format = TokenFormat.catalog[try #require(scanTokens(c.token).first).format]
        if format.length.count == 1 { #expect(hits == []) }
    }

    @Test(
        "a letter or digit outside the alphabet right after the body breaks the token", arguments: TokenFormatCase.all)
    func runsIntoAWord(_ c: TokenFormatCase) throws {
        let format = TokenFormat.catalog[try #require(scanTokens(c.token).first).format]
        let outsider = ["g", "G", "q", "Q", "1", "B", "z"].first { !format.body.contains(UInt8(ascii: $0)) }
        if let outsider {
            #expect(scanTokens(c.token + String(outsider)) == [])
        } else if format.length.upperBound == format.length.lowerBound {
            // An alphabet with every letter and digit: one more of them makes the body too long.
            #expect(scanTokens(c.token + "Q") == [])
        }
    }

    @Test("a token right after a letter is part of another word", arguments: TokenFormatCase.all)
    func precededByLetter(_ c: TokenFormatCase) {
        #expect(scanTokens("x" + c.token) == [])
        #expect(scanTokens("7" + c.token) == [])
    }

    @Test("a body ending in EXAMPLE is a documentation example", arguments: TokenFormatCase.all)
    func exampleSuffix(_ c: TokenFormatCase) {
        #expect(scanTokens(String(c.token.dropLast(7)) + "EXAMPLE") == [])
    }

    @Test("a placeholder body of one repeated character is no token", arguments: TokenFormatCase.all)
    func placeholder(_ c: TokenFormatCase) {
        let filler: Character = c.body.allSatisfy(\.isNumber) ? "0" : (c.body.contains { $0.isLowercase } ? "x" : "X")
        let body = String(c.body.map { $0.isLetter || $0.isNumber ? filler : $0 })
        #expect(
            scanTokens(
                c.lead.isEmpty ? c.withBody(body) : String(repeating: "0", count: c.lead.count) + c.prefix + body) == []
        )
    }

    @Test("a Casebook mask of the token is recognized and not found again", arguments: TokenFormatCase.all)
    func masked(_ c: TokenFormatCase) throws {
        let format = TokenFormat.catalog[try #require(scanTokens(c.token).first).format]
        let mask = MaskFactory(key: .random()).token(
            Array(c.token.utf8), kind: format.kind, keepPrefix: format.keepPrefix)
        #expect(MaskFactory.isMasked(mask))
        #expect(mask != Array(c.token.utf8))
        #expect(scanTokens(String(decoding: mask, as: UTF8.self)) == [])
    }

    @Test("one changed character fails the checksum or marker", arguments: TokenFormatCase.all.filter(\.checked))
    func badChecksum(_ c: TokenFormatCase) {
        var body = Array(c.body)
        if let marker = c.body.firstRange(of: "T3BlbkFJ") {
            // The marker in the middle: one character of it changed, or the marker moved by one.
            body[c.body.distance(from: c.body.startIndex, to: marker.upperBound) - 1] = "K"
            #expect(scanTokens("sk-" + FakeSecret.text(19) + "T3BlbkFJ" + FakeSecret.text(21)) == [])
        } else {
            // The last character swapped for another of the same class, so only the checksum can tell.
            let last = body[body.count - 1]
            body[body.count - 1] =
                last.isNumber
                ? (last == "7" ? "8" : "7") : last.isUppercase ? (last == "A" ? "C" : "A") : (last == "a" ? "c" : "a")
        }
        #expect(scanTokens(c.withBody(String(body))) == [])
    }

    // MARK: - The catalog as a whole

    @Test("every catalog entry is exercised by a test case")
    func everyEntryHasACase() {
        var covered = Set<Int>()
        for c in TokenFormatCase.all { for hit in scanTokens(c.token) { covered.insert(hit.format) } }
        let missing = TokenFormat.catalog.indices.filter { !covered.contains($0) }.map {
            "\(TokenFormat.catalog[$0].rule) \(TokenFormat.catalog[$0].prefix)"
        }
        #expect(missing == [])
    }

    @Test("a prefix inside a longer prefix never makes a second, different finding")
    func longestPrefixWins() {
        let formats = TokenFormat.catalog
        var pairs: [(short: String, long: String)] = []
        for short in formats {
            for long in formats where long.prefix.count > short.prefix.count && long.prefix.contains(short.prefix) {
                pairs.append((short.prefix, long.prefix))
            }
        }
        let pairNames = Set(pairs.map { "\($0.short) < \($0.long)" })
        #expect(pairNames.contains("sk- < sk-ant-api03-"))
        #expect(pairNames.contains("sk- < sk-proj-"))
        #expect(pairNames.contains("xoxp- < xoxe.xoxp-"))
        #expect(pairNames.contains("xoxb- < xoxe.xoxb-"))
        for pair in pairs {
            for c in TokenFormatCase.all where c.prefix == pair.long {
                let hits = scanTokens(c.token)
                #expect(hits.count == 1, "\(pair.short) inside \(c.token.prefix(24))…: \(hits)")
                #expect(hits.first?.rule == c.rule)
            }
        }
    }

    @Test("the shorter prefix still matches when the longer one's format does not")
    func shorterPrefixStillMatches() {
        // A user token pasted right after `xoxe.` is still a user token.
        let user =
            "xoxp-\(TokenFormatCase.pi10)-\(TokenFormatCase.e10)-\(TokenFormatCase.sqrt10)-"
            + FakeSecret.text(32, .hexLower)
        #expect(scanTokens("xoxe." + user).map(\.rule) == ["slack-user-token"])
        #expect(scanTokens("xoxe." + user).map(\.range) == [5..<5 + user.utf8.count])
    }

    @Test("a format with a shorter prefix defers to a longer prefix's format that matches the same bytes")
    func longerPrefixOwnsTheToken() {
        // A permissive format on `xoxp-` would take the tail of every configuration token; the catalog's
        // `xoxe.xoxp-` entry owns those bytes, so the shorter one stands back.
        let permissive = TokenFormat(
            rule: "permissive", prefix: "xoxp-", body: .alnumDash, length: 8...255, keepPrefix: 5, kind: .accessToken)
        let config = "xoxe.xoxp-1-" + FakeSecret.text(163)
        let lone = "xoxp-1-" + FakeSecret.text(163)
        Array(config.utf8).withUnsafeBufferPointer { buffer in
            #expect(permissive.match(in: buffer, prefixAt: 5, end: buffer.count) == nil)
        }
        Array(lone.utf8).withUnsafeBufferPointer { buffer in
            #expect(permissive.match(in: buffer, prefixAt: 0, end: buffer.count) == 0..<buffer.count)
        }
    }

    /// Structured bodies with one part out of shape; each has a well-formed twin in ``TokenFormatCase/all``.
    static let malformed: [String] = [
        "SG." + FakeSecret.text(21, .base64url) + "." + FakeSecret.text(44, .base64url),  // dot one early
        "github_pat_11" + FakeSecret.text(19) + "_" + FakeSecret.text(60),  // underscore one early
        "xoxb-31415926AB-\(TokenFormatCase.e10)-" + FakeSecret.text(24),  // letters in the team id
        "xoxp-\(TokenFormatCase.pi10)-\(TokenFormatCase.e10)-" + FakeSecret.text(32, .hexLower),  // one id missing
        "xapp-1-a0fake7test-\(TokenFormatCase.pi10)-" + FakeSecret.text(64, .hexLower),  // app id in lowercase
        "PMAK-" + FakeSecret.text(23, .hexLower) + "g-" + FakeSecret.text(34, .hexLower),  // not hex
        "glsa_" + FakeSecret.text(32) + "_FakeTOKN",  // tail not hex
        "dt0c01." + FakeSecret.text(25, .upper) + "." + FakeSecret.text(63, .upper),  // dot one late
        "sntrys_" + TokenFormatCase.sentryPayload + "_" + FakeSecret.text(42) + "==",  // secret too short
        "v1.0-" + FakeSecret.text(23, .hexLower) + "-" + FakeSecret.text(147, .hexLower),
        "xkeysib-" + FakeSecret.text(63, .hexLower) + "g-" + FakeSecret.text(16),
        "dp.st.PRD." + FakeSecret.text(43),  // environment names are lowercase
        "dp.st.p." + FakeSecret.text(43),  // environment name too short
        "glpat-" + FakeSecret.text(21, .base64url),  // legacy tokens are exactly 20
        "glpat-" + FakeSecret.text(19, .base64url),
        "glpat-" + FakeSecret.text(36, .base64url) + ".0rnotrea",  // routable tail 8, not 9
        "glpat-" + FakeSecret.text(36, .base64url) + ".0rNOTREAL",  // routable tail in capitals
        "glpat-" + FakeSecret.text(26, .base64url) + ".0rnotreal",  // payload under 27
        "glpat-" + FakeSecret.text(36, .base64url) + ".012.0znotreal",  // version of 3
        "glpat-" + FakeSecret.text(36, .base64url) + ".01.0z.notreal",  // a third dot
    ]

    @Test("a structured body with one part out of shape is no token", arguments: malformed)
    func malformedStructure(_ text: String) {
        #expect(scanTokens(text) == [])
    }

    @Test("prefixes are case-sensitive, though the prefilter is not")
    func caseSensitivePrefix() throws {
        let aws = try #require(TokenFormatCase.all.first { $0.prefix == "AKIA" })
        #expect(scanTokens("akia" + aws.body) == [])
        let github = try #require(TokenFormatCase.all.first { $0.prefix == "ghp_" })
        #expect(scanTokens("GHP_" + github.body) == [])
    }

    @Test("Stripe publishable keys are public and never matched")
    func publishableKeys() {
        #expect(scanTokens("pk_live_" + FakeSecret.text(24)) == [])
        #expect(scanTokens("pk_test_" + FakeSecret.text(99)) == [])
        #expect(!TokenFormat.catalog.contains { $0.prefix.hasPrefix("pk_") })
    }

    @Test("every rule keeps at most its prefix and has a body range that makes sense")
    func catalogShape() {
        for format in TokenFormat.catalog {
            #expect(!format.prefix.isEmpty && format.prefix.utf8.allSatisfy { $0 < 0x80 }, "\(format.rule)")
            #expect(format.keepPrefix <= format.prefix.utf8.count, "\(format.rule)")
            #expect(format.length.lowerBound >= 1, "\(format.rule)")
            #expect(format.kind.category == .secret || format.kind == .username, "\(format.rule)")
        }
    }

    // MARK: - Documentation examples

    @Test(
        "documentation examples and placeholders are not tokens",
        arguments: [
            "AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_000000000000000000000000000000000000",
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_test_1234567890abcdefghijklmn",
            "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "xoxb-0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
            "glpat-xxxxxxxxxxxxxxxxxxxx", "GR1348941XXXXXXXXXXXXXXXXXXXX",
            "dop_v1_" + String(repeating: "ab", count: 32),
            "npm_" + String(repeating: "abc123", count: 6), "lin_api_" + String(repeating: "Fake", count: 10),
        ])
    func documentationExamples(_ text: String) {
        #expect(scanTokens(text) == [])
    }

    @Test(
        "the example check: placeholders against fake but random-looking secrets",
        arguments: [
            ("IOSFODNN7EXAMPLE", true), ("xxxxxxxxxxxxxxxx", true), ("abcabcabcabcabcabc", true),
            ("12345678wxyzQRST", true), ("qwertyuiopasdfgh", false), ("FakeTOKENforCASEB", false),
            ("fa4e0dec0de5deadbeef7cafe9bad1f0", false), ("0000111122223333", false),
        ])
    func exampleCheck(_ secret: String, isExample: Bool) {
        #expect(TokenFormat.isDocumentationExample(Array(secret.utf8)) == isExample)
    }

    @Test("AWS keys with EXAMPLE anywhere are documentation, not only at the end")
    func awsExampleAnywhere() {
        #expect(scanTokens("AKIAEXAMPLE" + FakeSecret.text(9, .upper)) == [])
        #expect(scanTokens("AKIAEXAMPLF" + FakeSecret.text(9, .upper)).count == 1)
    }

    // MARK: - Checksums against independent references

    @Test("CRC-32 agrees with zlib")
    func crc32() {
        #expect(TokenFormat.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(TokenFormat.crc32([UInt8]()) == 0)
    }

    @Test(
        "GitHub and npm checksums agree with ones computed by zlib and a base62 encoder",
        arguments: [
            ("ghp_", "CasebookFakeToken0nlyForTests71fOgxv"),
            ("npm_", "NpmFakeTokenForCasebookTests4246iH9h"),
        ])
    func knownChecksums(_ prefix: String, _ body: String) {
        #expect(
            String(decoding: TokenFormat.base62Checksum(Array(body.utf8.prefix(30))), as: UTF8.self)
                == String(body.suffix(6)))
        #expect(scanTokens(prefix + body).count == 1)
        #expect(scanTokens(prefix + body.dropLast() + "w") == [])
    }

    @Test(
        "bech32 agrees with BIP 173's test vectors",
        arguments: [
            ("a", "2uel5l", true), ("abcdef", "qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", true),
            ("split", "checkupstagehandshakeupstreamerranterredcaperred2y9e3w", true),
            ("abcdef", "qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx", false), ("a", "2uel5m", false),
        ])
    func bech32(_ hrp: String, _ data: String, _ valid: Bool) {
        #expect(TokenFormat.hasBech32Checksum(hrp: Array(hrp.utf8), data: Array(data.utf8)) == valid)
    }

    @Test("an age key whose checksum was computed by a reference bech32 implementation")
    func ageKeyReference() {
        let key = "AGE-SECRET-KEY-1FAKE9TEST8AGE7KEY6CASEXPPK5NPT4REAL3DUMMY2VALUE0QPZRHCEZ72"
        #expect(scanTokens(key).map(\.rule) == ["age-secret-key"])
        #expect(scanTokens(String(key.dropLast()) + "3") == [])
    }

    // MARK: - Hostile input

    @Test("trailing dots end a sentence, not a token")
    func trailingDots() {
        let token = "ya29.c." + FakeSecret.text(60, .base64url)
        #expect(scanTokens("token " + token + "....").map(\.range) == [6..<6 + token.utf8.count])
    }

    @Test("a body longer than the format allows is not cut to fit")
    func tooLong() {
        #expect(scanTokens("AKIA" + FakeSecret.text(17, .upper)) == [])
        #expect(scanTokens("dapi" + FakeSecret.text(33, .hexLower)) == [])
        #expect(scanTokens("ya29." + String(repeating: FakeSecret.text(60, .base64url), count: 40)) == [])
        // A run that goes on past the longest body is not shortened to fit, even through a row of dots.
        let dots = String(repeating: ".", count: 24)
        #expect(scanTokens("ya29." + FakeSecret.text(2040, .base64url) + dots + "more") == [])
    }

    @Test("the end of the scanned range is respected")
    func endOfRange() throws {
        let c = try #require(TokenFormatCase.all.first { $0.prefix == "AKIA" })
        let text = c.token + "ZZZZ"
        #expect(scanTokens(text) == [])
        #expect(scanTokens(text, end: c.token.utf8.count).map(\.range) == [0..<20])
        #expect(scanTokens(c.token, end: 19) == [])
    }

    @Test("out-of-range starts, empty and binary buffers never crash")
    func hostileInput() {
        let bytes: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        bytes.withUnsafeBufferPointer { buffer in
            for format in TokenFormat.catalog {
                #expect(format.match(in: buffer, prefixAt: -1, end: buffer.count) == nil)
                #expect(format.match(in: buffer, prefixAt: buffer.count, end: buffer.count) == nil)
                #expect(format.match(in: buffer, prefixAt: 10, end: 5) == nil)
                #expect(format.match(in: buffer, prefixAt: 0, end: buffer.count + 100) == nil)
            }
        }
        [UInt8]().withUnsafeBufferPointer { empty in
            for format in TokenFormat.catalog { #expect(format.match(in: empty, prefixAt: 0, end: 0) == nil) }
        }
        #expect(scanTokens(String(decoding: bytes, as: UTF8.self)) == [])
        // Every prefix alone at the end of the buffer.
        for format in TokenFormat.catalog { #expect(scanTokens(format.prefix) == []) }
    }
}
