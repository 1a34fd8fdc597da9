import Sanitizer

/// The facts log lines state about a failing request: its method and path, its status, how long it took, the
/// timeout that applied, and where it ran.
///
/// Read from `key=value` pairs (logfmt, `status=503`), JSON log lines (`{"status_code": 503}`), access-log lines
/// (`"GET /orders/42 HTTP/1.1" 502`) and plain sentences (`took 30012ms`, `read timeout after 30000 ms`,
/// `upstream returned 504`). Only what a line says is set: a bare number with no unit is not a duration.
struct LogFacts {
    var method: String?
    var path: String?
    var status: Int?
    var latencyMs: Double?
    var timeoutMs: Double?
    var region: String?
    var release: String?
    var commit: String?
    var upstream: String?
    /// A stack trace a JSON log line holds in a field (`stack_trace`, `error.stack`).
    var stackTrace: String?

    /// Reads one line and keeps what it adds. The first failing status (400 and above) wins, with the method,
    /// path and latency of the same line when it states them; other facts are kept as first stated.
    mutating func read(_ line: String) {
        var facts = LogFacts()
        let trimmed = line.trimmingASCIIWhitespace()
        if trimmed.hasPrefix("{"), let object = JSONText.value(Array(trimmed.utf8)), case .object = object {
            facts.readJSON(object)
        } else {
            facts.readPairs(in: line)
            facts.readAccessLog(line)
            facts.readSentence(line)
        }
        merge(facts)
    }

    private mutating func merge(_ line: LogFacts) {
        if let status = line.status, status >= 400, self.status == nil {
            self.status = status
            if line.path != nil {
                method = line.method
                path = line.path
            }
            if let latency = line.latencyMs { latencyMs = latency }
        }
        if path == nil, let linePath = line.path {
            path = linePath
            method = line.method
        }
        latencyMs = latencyMs ?? line.latencyMs
        timeoutMs = timeoutMs ?? line.timeoutMs
        region = region ?? line.region
        release = release ?? line.release
        commit = commit ?? line.commit
        upstream = upstream ?? line.upstream
        stackTrace = stackTrace ?? line.stackTrace
    }

    // MARK: - Keys

    private static let statusKeys: Set<String> = [
        "status", "status_code", "statuscode", "http_status", "http_status_code", "response_status", "upstream_status",
        "http.status_code", "http.response.status_code", "response.status", "res.statuscode", "res.status",
        "response_code", "responsestatus",
    ]
    private static let methodKeys: Set<String> = [
        "method", "http_method", "http.method", "http.request.method", "request_method", "req.method", "verb",
    ]
    private static let pathKeys: Set<String> = [
        "path", "uri", "url", "request_uri", "request_path", "http.url", "http.target", "http.path", "url.path",
        "url.full", "url.original", "req.url", "req.path", "endpoint",
    ]
    private static let latencyKeys: Set<String> = [
        "latency", "latency_ms", "duration", "duration_ms", "elapsed", "elapsed_ms", "took", "took_ms", "time_ms",
        "response_time", "response_time_ms", "responsetime", "request_time", "upstream_response_time",
        "duration_s", "duration_seconds", "elapsed_time", "request_duration", "request_duration_ms", "rt",
    ]
    private static let timeoutKeys: Set<String> = [
        "timeout", "timeout_ms", "timeout_s", "read_timeout", "read_timeout_ms", "request_timeout",
        "request_timeout_ms", "upstream_timeout", "socket_timeout", "deadline",
    ]
    private static let regionKeys: Set<String> = ["region", "aws_region", "aws.region", "cloud.region", "gcp_region"]
    private static let releaseKeys: Set<String> = [
        "release", "version", "app_version", "service_version", "service.version", "build", "build_version",
        "app.version",
    ]
    private static let commitKeys: Set<String> = [
        "commit", "git_sha", "git_commit", "commit_sha", "sha", "revision", "git.commit", "git.sha", "vcs.revision",
    ]
    private static let upstreamKeys: Set<String> = [
        "upstream", "upstream_host", "upstream_addr", "upstream_cluster", "dependency", "peer.service",
    ]
    private static let stackKeys: Set<String> = [
        "stack_trace", "stacktrace", "stack", "error.stack", "error.stack_trace", "exception.stacktrace", "exc_info",
        "traceback", "err.stack",
    ]
    private static let messageKeys: Set<String> = ["msg", "message", "error", "err", "error.message", "log"]

    /// Applies one `key = value` the line states.
    private mutating func apply(key rawKey: String, value rawValue: String) {
        let key = rawKey.lowercased().replacingOccurrences(of: "-", with: "_")
        let value = rawValue.trimmingASCIIWhitespace()
        guard !value.isEmpty, value != "-", value != "null" else { return }
        if Self.statusKeys.contains(key) {
            if let code = Int(value), (100...599).contains(code), status == nil { status = code }
        } else if Self.methodKeys.contains(key) {
            let upper = value.uppercased()
            if HTTPTextParts.isWellKnownMethod(Substring(upper)), method == nil { method = upper }
        } else if Self.pathKeys.contains(key) {
            if value.hasPrefix("/") || value.contains("://"), path == nil { path = value }
        } else if key == "request", path == nil, let (verb, target) = HTTPTextParts.requestLine(Substring(value)) {
            method = verb
            path = target
        } else if Self.latencyKeys.contains(key) {
            latencyMs = latencyMs ?? Self.duration(value, key: key)
        } else if key == "event.duration" {
            latencyMs = latencyMs ?? Self.duration(value, key: "duration_ns")
        } else if Self.timeoutKeys.contains(key) {
            timeoutMs = timeoutMs ?? Self.duration(value, key: key)
        } else if Self.regionKeys.contains(key) {
            region = region ?? value
        } else if Self.releaseKeys.contains(key) {
            release = release ?? value
        } else if Self.commitKeys.contains(key) {
            commit = commit ?? value
        } else if Self.upstreamKeys.contains(key) {
            upstream = upstream ?? value
        }
    }

    /// A duration with its unit written (`31.2s`), or a number whose key names the unit (`latency_ms`).
    private static func duration(_ value: String, key: String) -> Double? {
        DurationText.milliseconds(Substring(value)) ?? DurationText.milliseconds(number: value, key: key)
    }

    // MARK: - Shapes of lines

    /// `{"status": 503, "http": {"method": "GET"}, "msg": "..."}`: every member by its dotted path.
    private mutating func readJSON(_ object: JSONValue) {
        var members: [(String, JSONValue)] = []
        Self.flatten(object, prefix: "", depth: 0, into: &members)
        for (key, value) in members {
            let lower = key.lowercased()
            let last = lower.split(separator: ".").last.map(String.init) ?? lower
            if Self.stackKeys.contains(lower) || Self.stackKeys.contains(last), let text = value.stringValue,
                text.contains("\n")
            {
                stackTrace = stackTrace ?? text
                continue
            }
            if Self.messageKeys.contains(lower), let text = value.stringValue {
                readAccessLog(text)
                readSentence(text)
                continue
            }
            guard let text = Lenient.text(value) else { continue }
            // Nested keys count by their full path (`http.status_code`) and their own name (`status_code`),
            // except a protocol's version, which is not a release.
            let isProtocolVersion = last == "version" && (lower.contains("http") || lower.contains("protocol"))
            apply(key: lower, value: text)
            if last != lower, !isProtocolVersion { apply(key: last, value: text) }
        }
    }

    private static func flatten(
        _ value: JSONValue, prefix: String, depth: Int, into members: inout [(String, JSONValue)]
    ) {
        guard case .object(let object) = value, depth < 8 else {
            members.append((prefix, value))
            return
        }
        for (key, member) in object.sorted(by: { $0.key < $1.key }) {
            flatten(member, prefix: prefix.isEmpty ? key : prefix + "." + key, depth: depth + 1, into: &members)
        }
    }

    /// `key=value`, `key="quoted value"`, and `key: value` for the keys Casebook knows.
    private mutating func readPairs(in line: String) {
        let bytes = Array(line.utf8)
        var i = 0
        while i < bytes.count {
            let separator = bytes[i]
            guard separator == UInt8(ascii: "=") || separator == UInt8(ascii: ":"), i > 0 else {
                i += 1
                continue
            }
            var keyEnd = i
            if bytes[keyEnd - 1] == UInt8(ascii: "\"") { keyEnd -= 1 }
            var keyStart = keyEnd
            while keyStart > 0, Self.isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
            guard keyStart < keyEnd, Self.isLetter(bytes[keyStart]) || bytes[keyStart] == UInt8(ascii: "_") else {
                i += 1
                continue
            }
            let key = String(decoding: bytes[keyStart..<keyEnd], as: UTF8.self)
            var valueStart = i + 1
            if separator == UInt8(ascii: ":") {
                // `key: value` only for known keys: a colon is too common (times, URLs, `Caused by:`).
                guard Self.isKnownKey(key) else {
                    i += 1
                    continue
                }
                while valueStart < bytes.count, bytes[valueStart] == 0x20 { valueStart += 1 }
            }
            var valueEnd = valueStart
            if valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "\"") {
                valueStart += 1
                valueEnd = valueStart
                while valueEnd < bytes.count, bytes[valueEnd] != UInt8(ascii: "\"") {
                    valueEnd += bytes[valueEnd] == UInt8(ascii: "\\") ? 2 : 1
                }
                valueEnd = min(valueEnd, bytes.count)
            } else {
                while valueEnd < bytes.count, !Self.endsValue(bytes[valueEnd]) { valueEnd += 1 }
            }
            if valueEnd > valueStart {
                apply(key: key, value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self))
            }
            i = max(i + 1, valueEnd)
        }
    }

    private static func isKnownKey(_ key: String) -> Bool {
        let key = key.lowercased().replacingOccurrences(of: "-", with: "_")
        return statusKeys.contains(key) || methodKeys.contains(key) || latencyKeys.contains(key)
            || timeoutKeys.contains(key) || regionKeys.contains(key) || releaseKeys.contains(key)
            || commitKeys.contains(key) || upstreamKeys.contains(key)
    }

    /// `GET`, `POST` and the other well-known methods, written in capitals as logs write them.
    private static func isUppercaseMethod(_ word: Substring) -> Bool {
        word.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } && HTTPTextParts.isWellKnownMethod(word)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    private static func endsValue(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
            || byte == UInt8(ascii: "\"")
    }

    /// `"GET /orders/42 HTTP/1.1" 502` (quoted, as in combined logs), or `GET /orders/42 502` / `POST /x -> 503`.
    private mutating func readAccessLog(_ line: String) {
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "\"") {
            let afterOpen = rest[rest.index(after: open)...]
            guard let close = afterOpen.firstIndex(of: "\"") else { break }
            if let (verb, target) = HTTPTextParts.requestLine(afterOpen[..<close]) {
                if path == nil {
                    method = verb
                    path = target
                }
                let after = afterOpen[afterOpen.index(after: close)...].trimmingPrefix(while: { $0 == " " })
                if status == nil, let code = Self.statusWord(after.prefix { $0 != " " }) { status = code }
                return
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        for (index, word) in words.enumerated() where Self.isUppercaseMethod(word) {
            guard index + 1 < words.count else { break }
            let target = words[index + 1].trimmingSuffix(",;")
            guard target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") else { continue }
            if path == nil {
                method = String(word)
                path = String(target)
            }
            var next = index + 2
            while next < words.count, next <= index + 4 {
                let candidate = words[next]
                if let code = Self.statusWord(candidate) {
                    if status == nil { status = code }
                    break
                }
                let filler = candidate.lowercased()
                guard
                    candidate.hasPrefix("HTTP/")
                        || ["->", "=>", "-", "status", "status:", "returned", "with"]
                            .contains(filler)
                else { break }
                next += 1
            }
            return
        }
    }

    /// Statuses, durations and timeouts stated in words: `upstream returned 504`, `status code 503`,
    /// `took 30012ms`, `completed in 31.2 s`, `read timeout after 30000 ms`, `timeout of 30000ms exceeded`.
    private mutating func readSentence(_ line: String) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { word in
            word.trimmingPrefix(while: { "([\"'".contains($0) }).trimmingSuffix(")]\"',;.")
        }
        let lower = words.map { $0.lowercased() }
        let statusWords: Set<String> = [
            "status", "status:", "code", "code:", "http", "returned", "responded", "response", "got", "upstream",
            "answered", "with", "status=", "error",
        ]
        var sawUpstream = false
        for index in words.indices {
            let word = lower[index]
            if word.hasPrefix("upstream") { sawUpstream = true }
            if status == nil, let code = Self.statusWord(words[index]), code >= 400 {
                let before = lower[max(0, index - 3)..<index]
                if sawUpstream || before.contains(where: { statusWords.contains($0) || $0.hasPrefix("http/") }) {
                    status = code
                }
            }
            // A duration: one word (`30012ms`) or a number and its unit (`30000 ms`).
            var duration = DurationText.milliseconds(words[index])
            if duration == nil, index + 1 < words.count, Double(words[index]) != nil,
                let value = DurationText.milliseconds(words[index] + " " + words[index + 1])
            {
                duration = value
            }
            guard let duration, !(words[index].first?.isLetter ?? true) else { continue }
            let before = lower[max(0, index - 4)..<index]
            if before.contains(where: { $0.contains("timeout") || $0.contains("timed") || $0.contains("deadline") }) {
                timeoutMs = timeoutMs ?? duration
            } else if Self.introducesLatency(Array(before)) {
                latencyMs = latencyMs ?? duration
            }
        }
    }

    /// Whether the words before a duration say it is how long something took.
    private static func introducesLatency(_ before: [String]) -> Bool {
        guard let last = before.last else { return false }
        let direct: Set<String> = [
            "took", "took:", "duration", "duration:", "latency", "latency:", "elapsed", "elapsed:", "time:",
            "response_time", "rt", "rt:",
        ]
        if direct.contains(last) { return true }
        if last == "in" || last == "after", before.count >= 2 {
            let verb = before[before.count - 2]
            return [
                "completed", "finished", "processed", "served", "responded", "returned", "failed", "done",
                "handled", "aborted", "closed", "errored",
            ].contains(verb)
        }
        return false
    }

    /// A word that is an HTTP status: three digits, 100 to 599.
    private static func statusWord(_ word: Substring) -> Int? {
        let digits = word.trimmingSuffix(",;:.)")
        guard digits.utf8.count == 3, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let code = Int(digits),
            (100...599).contains(code)
        else { return nil }
        return code
    }

    /// Puts the facts into `pack`, creating only the parts that have something in them.
    func apply(to pack: inout EvidencePack) {
        if method != nil || path != nil { pack.request = RequestFacts(method: method, url: path) }
        if let status { pack.response = ResponseFacts(status: status) }
        if latencyMs != nil || timeoutMs != nil { pack.timing = Timing(latencyMs: latencyMs, timeoutMs: timeoutMs) }
        if region != nil || release != nil || commit != nil || upstream != nil {
            pack.environment = EnvironmentFacts(
                region: region, release: release, commit: commit,
                other: upstream.map { ["upstream": .string($0)] })
        }
        if pack.stackTrace == nil { pack.stackTrace = stackTrace }
    }
}

extension Substring {
    /// The text without trailing characters from `characters`.
    func trimmingSuffix(_ characters: String) -> Substring {
        var end = endIndex
        while end > startIndex, characters.contains(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
