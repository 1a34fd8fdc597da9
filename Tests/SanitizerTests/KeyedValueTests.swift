import Foundation
import Testing

@testable import Sanitizer

/// Values masked because of their key, in every syntax a paste may use, each beside a negative twin.
@Suite struct KeyedValueTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var input: String
        var hidden: [String]
        var kept: [String]
        var testDescription: String { label }
    }

    static let secret = "Zq8vLr2mTx9wKp4n"

    @Test(arguments: [
        Case(
            label: "env", input: "DB_PASSWORD=\(secret)\nPORT=5432\n", hidden: [secret],
            kept: ["DB_PASSWORD=", "PORT=5432"]),
        Case(label: "export", input: "export API_KEY=\"\(secret)\"\n", hidden: [secret], kept: ["export API_KEY=\""]),
        Case(
            label: "yaml", input: "db:\n  password: \(secret)\n  host: db.internal\n", hidden: [secret],
            kept: ["  password: ", "host: db.internal"]),
        Case(label: "yaml quoted", input: "client_secret: '\(secret)'\n", hidden: [secret], kept: ["client_secret: '"]),
        Case(
            label: "properties", input: "spring.datasource.password = \(secret)\n", hidden: [secret],
            kept: ["spring.datasource.password = "]),
        Case(label: "toml", input: "[db]\npassword = \"\(secret)\"\n", hidden: [secret], kept: ["[db]\npassword = \""]),
        Case(
            label: "logfmt", input: "level=error user_id=42 password=\(secret) status=401\n", hidden: [secret],
            kept: ["user_id=42", "status=401"]),
        Case(
            label: "logfmt from the line's start", input: "password=\(secret) user_id=42 status=401\n",
            hidden: [secret], kept: ["user_id=42", "status=401"]),
        Case(
            label: "passphrase from the line's start", input: "password=correct horse \(secret) staple\n",
            hidden: ["correct", "horse", secret, "staple"], kept: ["password="]),
        Case(
            label: "python dict", input: "{'token': '\(secret)', 'retries': 3}", hidden: [secret],
            kept: ["'retries': 3"]),
        Case(label: "ruby hash", input: ":api_key => '\(secret)'", hidden: [secret], kept: [":api_key => '"]),
        Case(
            label: "go struct", input: "Config{Password:\"\(secret)\"}", hidden: [secret], kept: ["Config{Password:\""]),
        Case(
            label: "xml", input: "<password>\(secret)</password>", hidden: [secret],
            kept: ["<password>", "</password>"]),
        Case(
            label: "cli flag", input: "mysql --password \(secret) -h db", hidden: [secret],
            kept: ["mysql --password ", " -h db"]),
        Case(label: "cli flag =", input: "app --api-key=\(secret) --verbose", hidden: [secret], kept: ["--verbose"]),
        Case(
            label: "query string", input: "GET /cb?code=\(secret)&state=xyz HTTP/1.1", hidden: [secret],
            kept: ["&state=xyz"]),
        Case(
            label: "escaped json in a log", input: #"msg="{\"password\":\"\#(secret)\"}""#, hidden: [secret],
            kept: ["msg="]),
        Case(
            label: "header line", input: "X-Api-Key: \(secret)\nAccept: */*\n", hidden: [secret], kept: ["Accept: */*"]),
        Case(
            label: "libpq", input: "host=db port=5432 user=app password=\(secret) dbname=orders", hidden: [secret],
            kept: ["dbname=orders", "port=5432"]),
        Case(
            label: "ado.net", input: "Server=tcp:db;Database=orders;User ID=app;Password=\(secret);Encrypt=True",
            hidden: [secret], kept: ["Encrypt=True", "Database=orders"]),
        Case(
            label: "jdbc", input: "jdbc:mysql://db:3306/orders?user=app&password=\(secret)&useSSL=true",
            hidden: [secret], kept: ["useSSL=true"]),
        Case(
            label: "database url", input: "DATABASE_URL=postgres://app:\(secret)@db.internal:5432/orders",
            hidden: [secret], kept: ["postgres://app:", "@db.internal:5432/orders"]),
        Case(
            label: "yaml block scalar", input: "tls:\n  key: |\n    \(secret)\n    \(secret.uppercased())\nnext: 1\n",
            hidden: [secret, secret.uppercased()], kept: ["next: 1"]),
    ])
    func masksKeyedSecrets(_ c: Case) throws {
        let (text, findings) = try sanitize(c.input)
        for value in c.hidden { #expect(!text.contains(value), "\(c.label): \(text)") }
        for value in c.kept { #expect(text.contains(value), "\(c.label): \(text)") }
        #expect(!findings.isEmpty)
        let renamed = findings.contains { $0.kind == .username } || c.label.contains("url")
        #expect(text.utf8.count == c.input.utf8.count || renamed, "shape kept: \(text)")
    }

    /// Keys that name a secret in fewer or other words (one-word environment names, short forms, other languages,
    /// one-time codes), and syntaxes that name it their own way.
    @Test(arguments: [
        "$ PGPASSWORD=\(secret) psql -h pg.internal", "redis-server --requirepass \(secret) --maxmemory 256mb",
        "bind_pw: \(secret)", "LDAP_BIND_PW=\(secret)", "{\"pw\": \"\(secret)\"}", "kennwort=\(secret)",
        "{\"Passwort\": \"\(secret)\"}", "{\"privateKey\": \"\(secret)\"}",
        "GET /users/password/edit?reset_password_token=\(secret)", "GET /x?hapikey=\(secret)",
        "{\"totp_code\": \"\(secret)\"}", "{\"recovery_codes\": [\"\(secret)\"]}",
        // Configuration and query languages that name a secret their own way.
        "<add name=\"Default\" connectionString=\"Server=sql01;User Id=orders;Password=\(secret);\" />",
        "Server=sql02;User Id=b;Password={\(secret);x};", "<add key=\"StripeApiKey\" value=\"\(secret)\" />",
        "<wsse:Password Type=\"PasswordText\">\(secret)</wsse:Password>",
        "CREATE USER reporting WITH PASSWORD '\(secret)';", "Authorization: OAuth \(secret)",
        "app.config['SECRET_KEY'] = \"\(secret)\"", "Authentication: \(secret)",
        "GET /auth/magic-link/\(secret) 302", "GET https://app.example.com/account/reset/\(secret)/ 200",
    ])
    func masksSecretsUnderOtherNamesAndSyntaxes(_ input: String) throws {
        let (text, findings) = try sanitize(input)
        #expect(!text.contains(Self.secret), "\(text)")
        #expect(!findings.isEmpty)
    }

    @Test func multipartPartsByTheirNames() throws {
        let input =
            "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n\(Self.secret)\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ--\r\n"
        let (text, _) = try sanitize(input)
        #expect(!text.contains(Self.secret))
        #expect(text.hasSuffix("name=\"note\"\r\n\r\nhello\r\n--XyZ--\r\n"))
        #expect(text.utf8.count == input.utf8.count)
    }

    @Test(arguments: [
        "<add key=\"LogLevel\" value=\"Debug\" />", "the password \"is wrong\" he said",
        "{\"url\": \"https://api.example.com/v1/login\"}", "POST /verify/email 200 and GET /token/refresh 200",
    ])
    func leavesOtherSyntaxesAlone(_ input: String) throws {
        let (text, _) = try sanitize(input)
        #expect(text == input)
    }

    @Test func oneTimeCodesAsNumbers() throws {
        let (text, _) = try sanitize(#"{"sms_code": 731942, "two_factor_code": "604817"}"#)
        #expect(!text.contains("731942") && !text.contains("604817"))
        #expect(try JSONShapeTests.shape(text) == JSONShapeTests.shape(#"{"sms_code": 1, "two_factor_code": "1"}"#))
    }

    /// The negative twins: a key that looks sensitive, a value that is not a secret.
    @Test(arguments: [
        "TOKEN_TTL_SECONDS=3600", "password_min_length: 8", "\"token_type\": \"Bearer\"", "DB_PASSWORD=${DB_PASSWORD}",
        "password: \"{{ vault_db_password }}\"", "code=INVALID_TOKEN", "error_code=UNSUPPORTED_MEDIA_TYPE",
        "api_key: <your-api-key>", "password=", "secret_ref: db-credentials", "token_endpoint=https://idp/token",
        "zip_code=94103", "\"password\": null", "auth=true", "key=user-profile",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "export GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "[pypi]\nusername = \"__token__\"",
        "vault:\n  address: https://vault.prod.internal:8200\n", "VAULT_ADDR=https://vault.prod.internal:8200",
        "{\"addr\": \"vault.internal:8200\"}", "[Times: user=0.12 sys=0.01, real=0.13 secs]",
        "Idempotency-Key: a56e2ba3-99f4-4f6b-8c24-01466ad96071", "PASSWORD_HASH_ALGO=argon2id",
        "{\"Key\":\"uploads/2024/05/report-q2.csv\",\"cache_key\":\"user:4711:profile\"}",
        "{\"otp_channel\":\"sms\",\"credentials_source\":\"env\"}",
        "at com.acme.App.run(App.java:42) ~[app-1.2.3.4.jar:1.2.3.4]", "pip install pkg==4.3.2.1",
    ])
    func leavesDescriptionsAlone(_ input: String) throws {
        let (text, findings) = try sanitize(input)
        #expect(text == input)
        #expect(findings.isEmpty)
    }
}

/// Query strings and form bodies: each parameter is judged by its own name, and percent-escapes stay escapes.
@Suite struct QueryValueTests {
    @Test func aQueryStringUnderASecretKeyMasksOnlyItsSecrets() throws {
        let signature = fake("", 43) + "%3D"
        let input = "SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sig=%2F\(signature)\n"
        let (text, _) = try sanitize(input)
        #expect(text.hasPrefix("SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sig=%2F"), "\(text)")
        #expect(!text.contains(signature.dropLast(3)))
        #expect(text.hasSuffix("%3D\n"))
    }

    @Test func aFormBodyKeepsTheNamesAfterAToken() throws {
        let token = fake("", 32)
        let (text, _) = try sanitize("access_token=\(token)&scope=repo%2Cgist&token_type=bearer\n")
        #expect(!text.contains(token))
        #expect(text.hasSuffix("&scope=repo%2Cgist&token_type=bearer\n"), "\(text)")
    }

    @Test func percentEscapesInAMaskStayTheSame() throws {
        let (text, _) = try sanitize("GET /ship?street=Main%20St&name=Jane+Doe&city=Springfield HTTP/1.1\n")
        #expect(text.contains("street=") && text.contains("%20"), "\(text)")
        #expect(!text.contains("Main") && !text.contains("Jane"), "\(text)")
        #expect(text.contains("&city=Springfield"))
        let (again, _) = try sanitize(text)
        #expect(again == text)
    }
}

/// Authorization, cookies and URL credentials.
@Suite struct HeaderValueTests {
    @Test func basicMasksOnlyThePassword() throws {
        let credentials = Data("alice:Sup3rS3cretPw".utf8).base64EncodedString()
        let (text, _) = try sanitize("Authorization: Basic \(credentials)\n")
        let encoded = try #require(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let decoded = try #require(Data(base64Encoded: encoded)).map { $0 }
        let pair = String(decoding: decoded, as: UTF8.self)
        #expect(pair.hasPrefix("alice:"))
        #expect(!pair.contains("Sup3rS3cretPw"))
        #expect(pair.count == "alice:Sup3rS3cretPw".count)
    }

    @Test(arguments: ["Bearer", "Token", "token", "SSWS", "ApiKey"])
    func tokenSchemesKeepTheScheme(scheme: String) throws {
        let token = fake("", 40)
        let (text, _) = try sanitize("Authorization: \(scheme) \(token)\n")
        #expect(text.hasPrefix("Authorization: \(scheme) "))
        #expect(!text.contains(token))
        #expect(text.utf8.count == "Authorization: \(scheme) \(token)\n".utf8.count)
    }

    @Test func bearerMidLine() throws {
        let token = fake("", 32)
        let (text, _) = try sanitize("headers={Authorization: Bearer \(token), Accept: json}")
        #expect(!text.contains(token))
        #expect(text.contains("Accept: json"))
    }

    @Test func digestMasksTheResponse() throws {
        let input =
            #"Authorization: Digest username="Mufasa", realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#
        let (text, _) = try sanitize(input)
        #expect(!text.contains("6629fae49393a05397450978507c4ef1"))
        #expect(!text.contains("Mufasa"))
        #expect(text.contains(#"uri="/dir/index.html""#))
    }

    @Test func aws4MasksTheSignature() throws {
        let signature = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
        let input =
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260619/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=\(signature)"
        let (text, _) = try sanitize(input)
        #expect(!text.contains(signature))
        #expect(text.contains("SignedHeaders=host;x-amz-date"))
        #expect(text.contains("20260619/eu-west-1/s3/aws4_request"))
    }

    @Test func cookiesKeepNamesAndPlainValues() throws {
        let session = fake("", 32)
        let (text, _) = try sanitize("Cookie: lang=en; session_id=\(session); theme=dark\n")
        #expect(!text.contains(session))
        #expect(text.contains("lang=en; session_id="))
        #expect(text.contains("; theme=dark"))
    }

    @Test func setCookieKeepsAttributes() throws {
        let session = fake("", 26)
        let input = "Set-Cookie: JSESSIONID=\(session); Path=/; Secure; HttpOnly; SameSite=Lax\n"
        let (text, _) = try sanitize(input)
        #expect(!text.contains(session))
        #expect(text.hasSuffix("; Path=/; Secure; HttpOnly; SameSite=Lax\n"))
        #expect(text.hasPrefix("Set-Cookie: JSESSIONID="))
    }

    @Test func urlUserinfo() throws {
        let (text, _) = try sanitize("amqp://guest:Rabb1tPassw0rd@mq.internal:5672/vhost")
        #expect(!text.contains("Rabb1tPassw0rd"))
        #expect(text.hasPrefix("amqp://guest:"))
        #expect(text.hasSuffix("@mq.internal:5672/vhost"))
    }

    /// A user name that reads as a key (`x-access-token`, `api_key`) is still userinfo: only the password after it
    /// is masked, and the host and path stay.
    @Test(arguments: ["x-access-token", "api_key", "token", "oauth2"])
    func urlUserThatLooksLikeAKey(user: String) throws {
        let token = "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"
        let input = "git - cloning https://\(user):\(token)@github.com/acme/orders.git\nnext line\n"
        let (text, _) = try sanitize(input)
        #expect(!text.contains(token))
        #expect(text.hasPrefix("git - cloning https://\(user):ghp_"), "\(text)")
        #expect(text.hasSuffix("@github.com/acme/orders.git\nnext line\n"), "\(text)")
        #expect(text.utf8.count == input.utf8.count)
    }

    @Test func urlTokenAsUser() throws {
        let token = fake("", 32, alphabet: "0123456789abcdef")
        let (text, _) = try sanitize("SENTRY_DSN=https://\(token)@o450000.ingest.sentry.io/5500000")
        #expect(!text.contains(token))
        #expect(text.contains("@o450000.ingest.sentry.io/5500000"))
    }

    /// Passwords written unencoded in a URL: with `/`, `#`, `?` or `@` in them, the host stays.
    @Test(arguments: ["TnLojALYuf/Y6AEbObAkc", "WinterZVlicxmBSn#1", "umwSDj@Uj2u8JNX1P3B", "Pq8Lm2?Vt9Rw3x"])
    func urlPasswordsWithDelimiters(password: String) throws {
        let input = "DATABASE_URL=postgresql://app:\(password)@pg.prod.internal:5432/app\n"
        let (text, _) = try sanitize(input)
        #expect(text.hasPrefix("DATABASE_URL=postgresql://app:"), "\(text)")
        #expect(text.hasSuffix("@pg.prod.internal:5432/app\n"), "\(text)")
        #expect(text.utf8.count == input.utf8.count)
        for part in password.split(whereSeparator: { "/#?@".contains($0) }) where part.count >= 4 {
            #expect(!text.contains(part), "\(text)")
        }
    }

    @Test func aPortThenAPathIsNoPassword() throws {
        let (text, _) = try sanitize("see https://api.example.com:8443/v1/users/ana@corp.io/orders\n")
        #expect(text.hasPrefix("see https://api.example.com:8443/v1/users/user-"), "\(text)")
        #expect(text.hasSuffix("@example.invalid/orders\n"))
    }

    @Test func olderSentryDSNWithItsSecret() throws {
        let key = fake("", 32, alphabet: "0123456789abcdef")
        let secret = String(key.reversed())
        let (text, _) = try sanitize("sentry_dsn: https://\(key):\(secret)@sentry.io/123456\n")
        #expect(!text.contains(key) && !text.contains(secret))
        #expect(text.contains("@sentry.io/123456"))
    }

    /// `curl -u` anywhere in a paste, on a line that runs curl; `-u` of other tools is left alone.
    @Test func curlUserFlagInAPaste() throws {
        let input = """
            deploy log
            $ curl -u admin:Nd8KcQ2mVz5RtX1p https://jenkins.example.com/api/json
            $ curl --proxy-user proxy:Pq8Lm2Vt9Rw3 -U "bob:Wq8Lm2Vt9Rw3" https://x.io
            docker run -u 1000:1000 img
            git push -u origin main

            """
        let (text, _) = try sanitize(input)
        for secret in ["Nd8KcQ2mVz5RtX1p", "Pq8Lm2Vt9Rw3", "Wq8Lm2Vt9Rw3"] { #expect(!text.contains(secret)) }
        for kept in ["-u admin:", "--proxy-user proxy:", "-u 1000:1000", "git push -u origin main"] {
            #expect(text.contains(kept), "\(text)")
        }
    }
}
