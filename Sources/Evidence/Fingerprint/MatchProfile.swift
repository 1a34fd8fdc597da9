/// What a pack is compared by when looking for the past incidents that failed the same way: its fingerprint, the
/// dependencies its error text names, where and what ran, the top frames of its stack trace, and the distinctive
/// words a text search should look for.
public struct MatchProfile: Sendable, Equatable {
    public var fingerprint: EvidenceFingerprint
    /// Host names the error text names, the request's own host aside (`inventory.svc.cluster.local`,
    /// `orders-db.internal`): the dependencies that may have failed.
    public var dependencies: Set<String>
    public var region: String?
    /// The release without its patch level (`checkout-api 4.18`), so one release line compares with itself.
    public var release: String?
    /// The stack trace's first frames, normalized (`at com.shop.OrderService.place`, line numbers left out).
    public var frames: [String]
    /// The words a text search should look for: the error signature's, the exception's, the error code, the
    /// dependencies and the route's fixed segments, most telling first, without placeholders and common words.
    public var terms: [String]

    /// The profile of `pack`; its ``terms`` only when `withTerms` (a query needs them, a candidate does not).
    public init(_ pack: EvidencePack, withTerms: Bool = true) {
        let fingerprint = EvidenceFingerprint(pack)
        self.fingerprint = fingerprint
        region = pack.environment?.region?.lowercased()
        release = pack.environment?.release.map(Self.releaseLine)
        frames = Self.topFrames(pack.stackTrace)
        var texts = [pack.response?.failure, fingerprint.message, pack.stackTrace.map { String($0.prefix(4096)) }]
            .compactMap { $0 }
        texts += (pack.logs ?? []).prefix(200)
        if case .string(let body)? = pack.response?.body { texts.append(String(body.prefix(4096))) }
        let ownHost = fingerprint.host?.split(separator: ":").first.map(String.init)
        dependencies = Set(texts.flatMap(Self.hostNames)).subtracting([ownHost].compactMap { $0 })

        var terms: [String] = []
        guard withTerms else {
            self.terms = []
            return
        }
        func add(_ text: String?) {
            guard let text else { return }
            for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                let word = String(word)
                guard word.count >= 3, word.count <= 40, !Self.commonWords.contains(word),
                    !word.allSatisfy(\.isNumber), !terms.contains(word)
                else { continue }
                terms.append(word)
            }
        }
        add(fingerprint.exception.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
        add(fingerprint.errorCode.map { String($0.map { $0 == "_" ? " " : $0 }) })
        add(fingerprint.errorSignature.map(Self.withoutPlaceholders))
        for host in dependencies.sorted() { add(host.split(separator: ".").first.map(String.init)) }
        add(fingerprint.route.map(Self.withoutPlaceholders))
        // Then every other word of the evidence, so that text relevance sees all of it, the telling words first.
        add(pack.searchableText(fingerprint))
        self.terms = Array(terms.prefix(Self.maximumTerms))
    }

    /// The text with its placeholders (`<n>`, `<host>`, `{id}`) left out.
    static func withoutPlaceholders(_ text: String) -> String {
        var output = ""
        var inside: Character?
        for character in text {
            if let open = inside {
                if (open == "<" && character == ">") || (open == "{" && character == "}") { inside = nil }
            } else if character == "<" || character == "{" {
                inside = character
                output.append(" ")
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// How many words a text search is given.
    static let maximumTerms = 64

    /// `checkout-api 4.18.2` -> `checkout-api 4.18`; `v2.3.1` -> `v2.3`.
    static func releaseLine(_ release: String) -> String {
        var parts = release.lowercased().split(separator: " ").map(String.init)
        guard let last = parts.last else { return release.lowercased() }
        let numbers = last.split(separator: ".")
        if numbers.count >= 3 { parts[parts.count - 1] = numbers.prefix(2).joined(separator: ".") }
        return parts.joined(separator: " ")
    }

    /// The first three frames of a stack trace, the way every runtime writes them (`at a.b.C.m(File.java:12)`,
    /// `File "x.py", line 3, in f`, `    at f (/app/x.js:1:2)`, `main.f(...)` of Go), with line numbers and
    /// addresses left out.
    static func topFrames(_ trace: String?) -> [String] {
        guard let trace else { return [] }
        var frames: [String] = []
        for line in trace.prefix(8192).split(separator: "\n") {
            let text = line.trimmingWhitespace()
            let isFrame =
                text.hasPrefix("at ") || text.hasPrefix("File \"")
                || (text.hasSuffix(")") && text.contains("("))
                    && !text.hasPrefix("Caused by") && !text.hasPrefix("goroutine")
            guard isFrame else { continue }
            let frame = String(text.prefix { $0 != "(" && $0 != "," }).trimmingWhitespace()
            guard !frame.isEmpty, !frames.contains(String(frame)) else { continue }
            frames.append(String(frame))
            if frames.count == 3 { break }
        }
        return frames
    }

    /// The host names in `text`: dotted lowercase names whose last label is a top-level domain or a cluster's
    /// suffix (`svc`, `local`, `internal`), their ports left out. Class names (`com.shop.Order`) and file names
    /// (`server.go`) are not hosts.
    static func hostNames(in text: String) -> [String] {
        var hosts: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count, hosts.count <= 20 {
                // A token of letters, digits, dots and hyphens; an upper-case letter makes it a class name.
                var end = start
                var upper = false
                while end < bytes.count, isHostByte(bytes[end]) || (bytes[end] &- 0x41 < 26) {
                    upper = upper || bytes[end] &- 0x41 < 26
                    end += 1
                }
                if end > start, !upper, let host = host(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    hosts.append(host)
                }
                start = end + 1
            }
        }
        return hosts
    }

    /// `token` when it is a host name: two labels or more, none empty, the last a known suffix, another with a
    /// letter.
    private static func host(_ token: UnsafeBufferPointer<UInt8>) -> String? {
        let labels = token.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }), let last = labels.last,
            hostSuffixes.contains(String(decoding: last, as: UTF8.self)),
            labels.dropLast().contains(where: { $0.contains { $0 &- 0x61 < 26 } })
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        byte &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x2E || byte == 0x2D
    }

    private static let hostSuffixes: Set<String> = [
        "com", "net", "org", "io", "co", "dev", "app", "cloud", "ai", "uk", "de", "fr", "eu", "us", "jp", "in", "br",
        "internal", "local", "svc", "cluster", "lan", "corp", "example", "test", "invalid", "amazonaws", "azure",
    ]

    /// Words that say nothing about which failure it was.
    static let commonWords: Set<String> = [
        "the", "and", "for", "with", "from", "that", "this", "was", "were", "are", "has", "had", "not", "but", "after",
        "before", "while", "when", "into", "onto", "http", "https", "www", "com", "error", "errors", "failed",
        "failure", "request", "response", "exception", "status", "message", "code", "api", "null", "true", "false",
        "could", "cannot", "can", "unable", "got", "get", "post", "put", "delete", "patch", "caused", "java", "lang",
    ]
}
