import Testing

@testable import Sanitizer

@Suite struct KeyClassifierTests {
    @Test(arguments: [
        ("password", KeyPolicy.secret(.password, weak: false)),
        ("DB_PASSWORD", .secret(.password, weak: false)),
        ("spring.datasource.password", .secret(.password, weak: false)),
        ("passwd", .secret(.password, weak: false)),
        ("X-Api-Key", .secret(.apiKey, weak: false)),
        ("apiKey", .secret(.apiKey, weak: false)),
        ("AWS_SECRET_ACCESS_KEY", .secret(.apiKey, weak: false)),
        ("client_secret", .secret(.secret, weak: false)),
        ("refreshToken", .secret(.accessToken, weak: false)),
        ("X-Amz-Security-Token", .secret(.accessToken, weak: false)),
        ("sessionId", .secret(.sessionCookie, weak: false)),
        ("otp", .secret(.password, weak: false)),
        ("code", .secret(.accessToken, weak: true)),
        ("Authorization", .authorization),
        ("Proxy-Authorization", .authorization),
        ("Cookie", .cookie),
        ("Set-Cookie", .setCookie),
        ("email", .personal(.email)),
        ("phone_number", .personal(.phone)),
        ("date_of_birth", .personal(.dateOfBirth)),
        ("first_name", .personal(.personName)),
        ("customer_name", .personal(.personName)),
        ("street_address", .personal(.streetAddress)),
        ("username", .personal(.username)),
        ("name", .nameIfPersonShaped),
    ])
    func sensitiveKeys(key: String, policy: KeyPolicy) {
        #expect(KeyClassifier.policy(forKey: Array(key.utf8)) == policy)
    }

    /// Each of these names a secret's property, not the secret: the negative twins of the keys above.
    @Test(arguments: [
        "TOKEN_TTL_SECONDS", "password_min_length", "token_type", "expires_in", "token_endpoint", "access_key_id",
        "client_id", "user_id", "public_key", "tokenizer", "max_tokens", "error_code", "status_code", "ip_address",
        "remote_addr", "hostname", "service_name", "secret_name", "passport", "author", "key_id", "signature_method",
        "password_policy", "email_verified", "mac_address", "api_key_header", "content-type", "x-request-id",
    ])
    func descriptiveKeys(key: String) {
        #expect(KeyClassifier.policy(forKey: Array(key.utf8)) == .none)
    }

    @Test func splitsWords() {
        #expect(KeyClassifier.splitWords(Array("X-Amz-SecurityToken".utf8)) == ["amz", "security", "token"])
        #expect(KeyClassifier.splitWords(Array("db.user_PASSWORD2".utf8)) == ["db", "user", "password2"])
    }
}
