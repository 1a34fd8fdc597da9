/// curl command lines: the options and URLs of one or more `curl` invocations, as pasted from a terminal, a
/// README, or a browser's "Copy as cURL" (bash or Windows cmd flavour).
///
/// The command line is split into shell words exactly as the shell would (``ShellTokenizer``), so each value is
/// known decoded and each decoded byte is known by its offset in the input: a mask lands inside the quotes, the
/// escapes and the line continuations as they were written. Options are read as curl reads them: short options
/// attached (`-HAuthorization:...`) or combined (`-sSL`), long ones with a separate argument or with `=`.
///
/// Every byte that is not a quote, an escape, an option name, the word `curl` or whitespace ends up in a field;
/// what is not understood is ``Field/Role/text``.
enum CurlCommand {
    /// Whether `input` starts with a curl command: its first line that is not blank or a comment runs `curl`
    /// (after a shell prompt, `sudo`, `time` or variable assignments) with an option, a URL or a quoted word.
    ///
    /// A command followed by its `curl -v` output is a transcript, not a command: ``CurlVerbose`` reads it, and
    /// the command in it.
    static func looksLike(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard startsWithCommand(input) else { return false }
        return !CurlVerbose.looksLike(input)
    }

    private static func startsWithCommand(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = min(input.count, 1 << 16)
        var pos = 0
        var lines = 0
        while pos < end, lines < 32 {
            lines += 1
            let lineEnd = PayloadBytes.lineEnd(input, from: pos, end: end)
            let line = PayloadBytes.trimmed(input, pos..<lineEnd)
            pos = lineEnd + 1
            guard !line.isEmpty else { continue }
            if let afterCurl = curlWordEnd(in: input, line: line) {
                return hasCurlArguments(input, from: afterCurl, end: end)
            }
            // A comment line before the command; anything else means this is not a curl paste.
            guard input[line.lowerBound] == 0x23 else { return false }
        }
        return false
    }

    /// The fields of every command in `input`: for curl, each option's value by its role; for any other command
    /// of the line (`| jq '.token'`), its words as text.
    static func fields(in input: UnsafeBufferPointer<UInt8>) -> [Field] {
        fields(in: input, range: 0..<input.count)
    }

    /// The fields of the commands in `range` of `input`, with offsets into all of `input`.
    static func fields(in input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Field] {
        let tokens = ShellTokenizer.tokens(in: input, range: range)
        var fields: [Field] = []
        var command: [ShellWord] = []
        var afterRedirect: Set<Int> = []
        for token in tokens {
            switch token {
            case .word(let word):
                command.append(word)
            case .redirect:
                afterRedirect.insert(command.count)
            case .commandEnd:
                Invocation.read(command, redirectTargets: afterRedirect, into: &fields)
                command.removeAll(keepingCapacity: true)
                afterRedirect.removeAll(keepingCapacity: true)
            case .comment(let text):
                fields.append(Field(role: .text, value: DecodedText(slice: input, range: text)))
            }
        }
        Invocation.read(command, redirectTargets: afterRedirect, into: &fields)
        return fields.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    // MARK: - Recognizing a curl command line

    /// The end of the `curl` word when `line` runs curl, or nil.
    private static func curlWordEnd(in input: UnsafeBufferPointer<UInt8>, line: Range<Int>) -> Int? {
        var i = line.lowerBound
        var words = 0
        while i < line.upperBound, words < 6 {
            while i < line.upperBound, ASCII.isSpace(input[i]) { i += 1 }
            let start = i
            while i < line.upperBound, !ASCII.isSpace(input[i]) { i += 1 }
            let word = start..<i
            guard !word.isEmpty else { return nil }
            if isCurlProgram(input[word]) { return i }
            guard isPreamble(input, word) else { return nil }
            words += 1
        }
        return nil
    }

    /// What may stand before `curl` on its line: a prompt (`$`, `user@host:~$`, `PS C:\>`), `sudo`, `time`, `env`,
    /// or a variable assignment (`TOKEN=... curl`).
    private static func isPreamble(_ input: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        let last = input[word.upperBound - 1]
        if last == 0x24 || last == 0x23 || last == 0x3E || last == 0x25 { return true }  // $ # > %
        let bytes = input[word]
        for known: StaticString in ["sudo", "time", "env", "command", "exec", "ps", "xargs", "watch"]
        where ASCII.equalsIgnoringCase(bytes, known) {
            return true
        }
        if let eq = bytes.firstIndex(of: 0x3D), eq > word.lowerBound {
            return input[word.lowerBound..<eq].allSatisfy { ASCII.isAlnum($0) || $0 == 0x5F }
        }
        return false
    }

    /// `curl`, `curl.exe`, `/usr/bin/curl`, `C:\Windows\System32\curl.exe`.
    static func isCurlProgram(_ word: some Collection<UInt8>) -> Bool {
        // A program path: no option, no quoting or spaces left in it.
        guard word.first != 0x2D,
            word.allSatisfy({
                ASCII.isAlnum($0) || $0 == 0x2F || $0 == ASCII.backslash || $0 == 0x2E || $0 == 0x5F
                    || $0 == 0x2D || $0 == 0x3A || $0 == 0x7E
            })
        else { return false }
        var name = Array(word)
        if let slash = name.lastIndex(where: { $0 == 0x2F || $0 == ASCII.backslash }) {
            name = Array(name[(slash + 1)...])
        }
        return ASCII.equalsIgnoringCase(name, "curl") || ASCII.equalsIgnoringCase(name, "curl.exe")
    }

    private static func hasCurlArguments(_ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var i = start
        var sawSpace = false
        while i < end, i - start < 8192 {
            let b = input[i]
            if b == ASCII.newline, i > start, input[i - 1] != ASCII.backslash, input[i - 1] != 0x5E,
                !(input[i - 1] == ASCII.carriageReturn && i - 2 >= start
                    && (input[i - 2] == ASCII.backslash || input[i - 2] == 0x5E))
            {
                return false  // the end of the command's line
            }
            if ASCII.isWhitespace(b) {
                sawSpace = true
            } else if sawSpace, b == 0x2D || b == ASCII.quote || b == ASCII.apostrophe || b == 0x5E {
                return true  // an option, a quoted word, cmd's ^" quoting
            } else if b == 0x3A, PayloadBytes.hasPrefix(input, at: i, end: end, "://") {
                return true
            } else if sawSpace, b == ASCII.backslash, i + 1 < end, input[i + 1] == ASCII.newline {
                return true
            }
            if !ASCII.isWhitespace(b) { sawSpace = false }
            i += 1
        }
        return false
    }

    // MARK: - One command

    /// One command of a line: `curl` with its options, or any other program whose words are text.
    private struct Invocation {
        var fields: [Field] = []
        /// Body fields whose content type is known only once every option has been read (`-H` may come last).
        var bodyIndices: [Int] = []
        var explicitContentType: String?
        var json = false
        var get = false

        static func read(_ words: [ShellWord], redirectTargets: Set<Int>, into output: inout [Field]) {
            guard !words.isEmpty else { return }
            var invocation = Invocation()
            let curlIndex = words.firstIndex { isCurlProgram($0.bytes) }
            var endOfOptions = false
            var k = 0
            while k < words.count {
                let word = words[k]
                defer { k += 1 }
                guard let curl = curlIndex, k > curl, !redirectTargets.contains(k) else {
                    if curlIndex != k { invocation.emit(.text, word, 0..<word.bytes.count) }
                    continue
                }
                let b = word.bytes
                if endOfOptions || b.count < 2 || b[0] != 0x2D {
                    // A URL (curl takes every word that is not an option as one); a lone `-` is stdin.
                    invocation.emit(b == [0x2D] ? .text : .url, word, 0..<b.count)
                } else if b[1] == 0x2D {
                    if b.count == 2 {
                        endOfOptions = true
                    } else {
                        invocation.readLong(word, next: k + 1 < words.count ? words[k + 1] : nil, consumed: &k)
                    }
                } else {
                    invocation.readShort(word, next: k + 1 < words.count ? words[k + 1] : nil, consumed: &k)
                }
            }
            invocation.finish(into: &output)
        }

        /// `--name value`, `--name=value`.
        mutating func readLong(_ word: ShellWord, next: ShellWord?, consumed k: inout Int) {
            let b = word.bytes
            let eq = b.firstIndex(of: 0x3D)
            guard b[2..<(eq ?? b.count)].allSatisfy({ ASCII.isAlnum($0) || $0 == 0x2D || $0 == 0x2E }) else {
                // Not an option name (`--x"$(...)"`): keep the whole word.
                emit(.text, word, 0..<b.count)
                return
            }
            var name = String(decoding: b[2..<(eq ?? b.count)], as: UTF8.self).lowercased()
            if name.hasPrefix("expand-"), CurlOptions.takesArgument(String(name.dropFirst(7))) {
                name = String(name.dropFirst(7))  // curl 8.3's `--expand-header` and kin
            }
            if let eq {
                if CurlOptions.takesArgument(name) {
                    apply(option: name, word, (eq + 1)..<b.count)
                } else {
                    emit(.text, word, (eq + 1)..<b.count)
                }
            } else if CurlOptions.takesArgument(name) {
                if let next {
                    apply(option: name, next, 0..<next.bytes.count)
                    k += 1
                }
            } else if name == "get" {
                get = true
            } else if !CurlOptions.isFlag(name), let next, looksLikeArgument(next) {
                // An option this table does not know (a newer curl): take the next word as its argument, as
                // text, unless it looks like an option or a URL.
                emit(.text, next, 0..<next.bytes.count)
                k += 1
            }
        }

        /// `-sSL`, `-HName: value`, `-u user:pass`, `-XPOST`.
        mutating func readShort(_ word: ShellWord, next: ShellWord?, consumed k: inout Int) {
            let b = word.bytes
            var i = 1
            while i < b.count {
                guard let option = CurlOptions.short[b[i]] else {
                    // Not a curl short option: keep what follows as text rather than guess.
                    if i + 1 < b.count { emit(.text, word, (i + 1)..<b.count) }
                    return
                }
                if option.name == "get" { get = true }
                if option.takesArgument {
                    if i + 1 < b.count {
                        apply(option: option.name, word, (i + 1)..<b.count)
                    } else if let next {
                        apply(option: option.name, next, 0..<next.bytes.count)
                        k += 1
                    }
                    return
                }
                i += 1
            }
        }

        /// Whether a word after an unknown option is its argument rather than an option or a URL.
        private func looksLikeArgument(_ word: ShellWord) -> Bool {
            let b = word.bytes
            guard let first = b.first, first != 0x2D else { return false }
            var i = 0
            while i + 2 < b.count {
                if b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F { return false }
                i += 1
            }
            return true
        }

        /// Emits the value of option `name` found in `range` of `word`.
        mutating func apply(option name: String, _ word: ShellWord, _ range: Range<Int>) {
            let b = word.bytes
            guard !range.isEmpty else { return }
            let first = b[range.lowerBound]
            switch name {
            case "header", "proxy-header":
                header(word, range)
            case "data", "data-ascii", "data-binary":
                if first == 0x40 { emit(.text, word, range) } else { body(word, range) }
            case "data-raw":
                body(word, range)
            case "json":
                json = true
                if first == 0x40 { emit(.text, word, range) } else { body(word, range) }
            case "data-urlencode", "url-query":
                urlencoded(word, range)
            case "user", "proxy-user":
                if let colon = b[range].firstIndex(of: 0x3A) {
                    emit(.userinfoUser, word, range.lowerBound..<colon)
                    emit(.userinfoPassword, word, (colon + 1)..<range.upperBound)
                } else {
                    emit(.userinfoUser, word, range)
                }
            case "cookie":
                // A cookie string holds `=`; without one it names a cookie file.
                emit(b[range].contains(0x3D) ? .header(name: "Cookie") : .text, word, range)
            case "user-agent":
                emit(.header(name: "User-Agent"), word, range)
            case "referer":
                var end = range.upperBound
                if end - range.lowerBound >= 5, ASCII.equalsIgnoringCase(b[(end - 5)..<end], ";auto") { end -= 5 }
                emit(.url, word, range.lowerBound..<end)
            case "url", "proxy", "preproxy", "doh-url":
                emit(.url, word, range)
            default:
                emit(.option(name: name), word, range)
            }
        }

        /// `-H "Name: value"`: the value as a header, `-H @file` and anything without a colon as text.
        private mutating func header(_ word: ShellWord, _ range: Range<Int>) {
            let b = word.bytes
            guard b[range.lowerBound] != 0x40, let colon = b[range].firstIndex(of: 0x3A) else {
                // `-H "X-Empty;"` sends an empty header: nothing but a name.
                if !(b[range.upperBound - 1] == 0x3B && !b[range].contains(ASCII.space)) {
                    emit(.text, word, range)
                }
                return
            }
            var nameStart = range.lowerBound
            var nameEnd = colon
            while nameStart < nameEnd, ASCII.isWhitespace(b[nameStart]) { nameStart += 1 }
            while nameEnd > nameStart, ASCII.isWhitespace(b[nameEnd - 1]) { nameEnd -= 1 }
            guard nameEnd > nameStart, !b[nameStart..<nameEnd].contains(where: ASCII.isWhitespace) else {
                emit(.text, word, range)
                return
            }
            var valueStart = colon + 1
            var valueEnd = range.upperBound
            while valueStart < valueEnd, ASCII.isWhitespace(b[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, ASCII.isWhitespace(b[valueEnd - 1]) { valueEnd -= 1 }
            let name = String(decoding: b[nameStart..<nameEnd], as: UTF8.self)
            if ASCII.equalsIgnoringCase(b[nameStart..<nameEnd], "content-type"), valueEnd > valueStart {
                explicitContentType = String(decoding: b[valueStart..<valueEnd], as: UTF8.self)
            }
            emit(.header(name: name), word, valueStart..<valueEnd)
        }

        /// `--data-urlencode`: curl encodes the content itself, so the value is as written (`.verbatim`).
        private mutating func urlencoded(_ word: ShellWord, _ range: Range<Int>) {
            let b = word.bytes
            if let eq = b[range].firstIndex(of: 0x3D), eq > range.lowerBound,
                !b[range.lowerBound..<eq].contains(0x40)
            {
                let nameStart = b[range.lowerBound] == 0x2B ? range.lowerBound + 1 : range.lowerBound
                let name = String(decoding: b[nameStart..<eq], as: UTF8.self)
                emit(.queryParameter(name: name), word, (eq + 1)..<range.upperBound)
            } else {
                // `content`, `=content`, `@file`, `name@file`.
                emit(.text, word, range)
            }
        }

        private mutating func body(_ word: ShellWord, _ range: Range<Int>) {
            bodyIndices.append(fields.count)
            emit(.body(contentType: nil), word, range)
        }

        mutating func emit(_ role: Field.Role, _ word: ShellWord, _ range: Range<Int>) {
            guard !range.isEmpty else { return }
            fields.append(Field(role: role, value: word.text(range)))
        }

        /// Gives the bodies their content type: with `-G` the data goes into the URL's query, so the form type;
        /// else an explicit `-H Content-Type`, else `--json`'s, else the form type that curl sends with `-d`.
        mutating func finish(into output: inout [Field]) {
            let contentType =
                get
                ? "application/x-www-form-urlencoded"
                : explicitContentType ?? (json ? "application/json" : "application/x-www-form-urlencoded")
            for i in bodyIndices where i < fields.count {
                fields[i].role = .body(contentType: contentType)
            }
            output += fields
        }
    }
}

// MARK: - curl's options

/// The options of curl (7.88, plus the newer ones seen in the wild) that take an argument, and its flags.
enum CurlOptions {
    struct Short {
        var name: String
        var takesArgument: Bool
    }

    static func takesArgument(_ name: String) -> Bool { withArgument.contains(name) }

    static func isFlag(_ name: String) -> Bool {
        flags.contains(name) || (name.hasPrefix("no-") && flags.contains(String(name.dropFirst(3))))
    }

    static let short: [UInt8: Short] = {
        let table: [(Character, String, Bool)] = [
            ("a", "append", false), ("E", "cert", true), ("K", "config", true), ("C", "continue-at", true),
            ("b", "cookie", true), ("c", "cookie-jar", true), ("d", "data", true), ("q", "disable", false),
            ("D", "dump-header", true), ("f", "fail", false), ("F", "form", true), ("P", "ftp-port", true),
            ("G", "get", false), ("g", "globoff", false), ("I", "head", false), ("H", "header", true),
            ("h", "help", false), ("0", "http1.0", false), ("i", "include", false), ("k", "insecure", false),
            ("4", "ipv4", false), ("6", "ipv6", false), ("j", "junk-session-cookies", false),
            ("l", "list-only", false), ("L", "location", false), ("M", "manual", false), ("m", "max-time", true),
            ("n", "netrc", false), (":", "next", false), ("N", "no-buffer", false), ("o", "output", true),
            ("Z", "parallel", false), ("#", "progress-bar", false), ("x", "proxy", true), ("U", "proxy-user", true),
            ("p", "proxytunnel", false), ("Q", "quote", true), ("r", "range", true), ("e", "referer", true),
            ("J", "remote-header-name", false), ("O", "remote-name", false), ("R", "remote-time", false),
            ("X", "request", true), ("S", "show-error", false), ("s", "silent", false), ("Y", "speed-limit", true),
            ("y", "speed-time", true), ("2", "sslv2", false), ("3", "sslv3", false), ("t", "telnet-option", true),
            ("z", "time-cond", true), ("1", "tlsv1", false), ("T", "upload-file", true), ("B", "use-ascii", false),
            ("u", "user", true), ("A", "user-agent", true), ("v", "verbose", false), ("V", "version", false),
            ("w", "write-out", true),
        ]
        var map: [UInt8: Short] = [:]
        for (letter, name, argument) in table {
            map[letter.asciiValue ?? 0] = Short(name: name, takesArgument: argument)
        }
        return map
    }()

    static let withArgument: Set<String> = [
        "abstract-unix-socket", "alt-svc", "aws-sigv4", "cacert", "capath", "cert", "cert-type", "ciphers", "config",
        "connect-timeout", "connect-to", "continue-at", "cookie", "cookie-jar", "create-file-mode", "crlfile",
        "curves", "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "delegation", "dns-interface",
        "dns-ipv4-addr", "dns-ipv6-addr", "dns-servers", "doh-url", "dump-header", "egd-file", "engine",
        "etag-compare", "etag-save", "expect100-timeout", "form", "form-string", "ftp-account",
        "ftp-alternative-to-user", "ftp-method", "ftp-port", "ftp-ssl-ccc-mode", "happy-eyeballs-timeout-ms",
        "header", "hostpubmd5", "hostpubsha256", "hsts", "interface", "json", "keepalive-time", "key",
        "key-type", "krb", "libcurl", "limit-rate", "local-port", "login-options", "mail-auth", "mail-from",
        "mail-rcpt", "max-filesize", "max-redirs", "max-time", "netrc-file", "noproxy", "oauth2-bearer", "output",
        "output-dir", "parallel-max", "pass", "pinnedpubkey", "preproxy", "proto", "proto-default", "proto-redir",
        "proxy", "proxy-cacert", "proxy-capath", "proxy-cert", "proxy-cert-type", "proxy-ciphers", "proxy-crlfile",
        "proxy-header", "proxy-key", "proxy-key-type", "proxy-pass", "proxy-pinnedpubkey", "proxy-service-name",
        "proxy-tls13-ciphers", "proxy-tlsauthtype", "proxy-tlspassword", "proxy-tlsuser", "proxy-user", "proxy1.0",
        "pubkey", "quote", "random-file", "range", "rate", "referer", "request", "request-target", "resolve",
        "retry", "retry-delay", "retry-max-time", "sasl-authzid", "service-name", "socks4", "socks4a", "socks5",
        "socks5-gssapi-service", "socks5-hostname", "speed-limit", "speed-time", "stderr", "telnet-option",
        "tftp-blksize", "time-cond", "tls-max", "tls13-ciphers", "tlsauthtype", "tlspassword", "tlsuser", "trace",
        "trace-ascii", "unix-socket", "upload-file", "url", "url-query", "user", "user-agent", "write-out",
        // Newer than 7.88.
        "variable", "ipfs-gateway", "ech", "haproxy-clientip", "trace-config", "ip-tos", "vlan-priority",
        "sigalgs", "upload-flags", "ssl-sessions", "keepalive-cnt", "proxy-ech",
    ]

    static let flags: Set<String> = [
        "anyauth", "append", "basic", "cert-status", "compressed", "compressed-ssh", "create-dirs", "crlf", "digest",
        "disable", "disable-eprt", "disable-epsv", "disallow-username-in-url", "doh-cert-status", "doh-insecure",
        "fail", "fail-early", "fail-with-body", "false-start", "form-escape", "ftp-create-dirs", "ftp-pasv",
        "ftp-pret", "ftp-skip-pasv-ip", "ftp-ssl-ccc", "ftp-ssl-control", "get", "globoff", "haproxy-protocol",
        "head", "help", "http0.9", "http1.0", "http1.1", "http2", "http2-prior-knowledge", "http3", "http3-only",
        "ignore-content-length", "include", "insecure", "ipv4", "ipv6", "junk-session-cookies", "list-only",
        "location", "location-trusted", "mail-rcpt-allowfails", "manual", "metalink", "negotiate", "netrc",
        "netrc-optional", "next", "alpn", "buffer", "clobber", "keepalive", "npn", "progress-meter", "sessionid",
        "ntlm", "ntlm-wb", "parallel", "parallel-immediate", "path-as-is", "post301", "post302", "post303",
        "progress-bar", "proxy-anyauth", "proxy-basic", "proxy-digest", "proxy-insecure", "proxy-negotiate",
        "proxy-ntlm", "proxy-ssl-allow-beast", "proxy-ssl-auto-client-cert", "proxy-tlsv1", "proxytunnel", "raw",
        "remote-header-name", "remote-name", "remote-name-all", "remote-time", "remove-on-error",
        "retry-all-errors", "retry-connrefused", "sasl-ir", "show-error", "silent", "socks5-basic", "socks5-gssapi",
        "socks5-gssapi-nec", "ssl", "ssl-allow-beast", "ssl-auto-client-cert", "ssl-no-revoke", "ssl-reqd",
        "ssl-revoke-best-effort", "sslv2", "sslv3", "styled-output", "suppress-connect-headers", "tcp-fastopen",
        "tcp-nodelay", "tftp-no-options", "tlsv1", "tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3", "tr-encoding",
        "trace-time", "use-ascii", "verbose", "version", "xattr",
        // Newer than 7.88.
        "ca-native", "proxy-ca-native", "dump-ca-embed", "mptcp", "proxy-http2", "skip-existing", "follow",
        "out-null", "tls-earlydata", "retry-all-errors", "no-progress-meter",
    ]
}

// MARK: - Shell words

/// A word of a command line, decoded from its quoting, with the input span of each decoded byte.
///
/// Unlike ``DecodedText``, which knows where each byte starts, a word also knows where each byte ends, so a
/// slice of it (a header's value after `Name:`, the password after `user:`) never takes in the closing quote or
/// the quoting of the next part.
struct ShellWord: Sendable {
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    /// Where the word's first byte (a quote, perhaps) is in the input.
    var rawStart: Int

    init(rawStart: Int) {
        self.rawStart = rawStart
    }

    @inline(__always) mutating func append(_ byte: UInt8, start: Int, end: Int) {
        bytes.append(byte)
        starts.append(start)
        ends.append(end)
    }

    /// The decoded bytes of `range` as text of the input.
    func text(_ range: Range<Int>) -> DecodedText {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        let end = upper > lower ? ends[upper - 1] : (lower < starts.count ? starts[lower] : (ends.last ?? rawStart))
        return DecodedText(
            bytes: Array(bytes[lower..<upper]), origin: Array(starts[lower..<upper]) + [end],
            encoding: .verbatim)
    }

    var text: DecodedText { text(0..<bytes.count) }
}

/// Splits a command line into words and operators as a POSIX shell does, or as Windows `cmd.exe` and the C runtime
/// do for a command copied with "Copy as cURL (cmd)".
///
/// Expansions are not performed (`$TOKEN` stays as written): the point is where each byte of a value is, not what
/// the shell would run. Unterminated quotes run to the end of the input; nothing is ever dropped but quotes,
/// escapes, line continuations, operators and whitespace.
enum ShellTokenizer {
    enum Token {
        case word(ShellWord)
        /// `|`, `||`, `&&`, `;`, `&`, or an unescaped line break: the next words belong to another command.
        case commandEnd
        /// `>`, `>>`, `<`, `2>&1`...: the next word is a file name.
        case redirect
        /// A `# comment`'s text.
        case comment(Range<Int>)
    }

    static func tokens(in input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Token] {
        isWindowsCmd(input, range: range) ? cmdTokens(in: input, range: range) : posixTokens(in: input, range: range)
    }

    /// Whether the command line uses cmd's caret escapes rather than the shell's: outside any POSIX quoting, a
    /// word starts with `^"` or a line ends with ` ^`, as "Copy as cURL (cmd)" writes every argument and line.
    static func isWindowsCmd(_ input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        let end = min(range.upperBound, input.count)
        var quote: UInt8 = 0  // the POSIX quote we are in: ' " or $ (for $'...')
        var previous = ASCII.space
        var i = range.lowerBound
        while i < end {
            let b = input[i]
            if quote == ASCII.apostrophe {
                if b == ASCII.apostrophe { quote = 0 }
            } else if quote != 0 {
                if b == ASCII.backslash {
                    i += 1
                } else if (quote == ASCII.quote && b == ASCII.quote) || (quote == 0x24 && b == ASCII.apostrophe) {
                    quote = 0
                }
            } else if b == ASCII.backslash {
                if i + 1 < end, input[i + 1] == ASCII.newline || input[i + 1] == ASCII.carriageReturn { return false }
                i += 1
            } else if b == 0x5E, ASCII.isWhitespace(previous), i + 1 < end {
                let next = input[i + 1]
                if next == ASCII.quote || next == ASCII.newline || next == ASCII.carriageReturn { return true }
            } else if b == ASCII.apostrophe {
                quote = previous == 0x24 ? 0x24 : ASCII.apostrophe
            } else if b == ASCII.quote {
                quote = ASCII.quote
            }
            previous = i < end ? input[i] : b
            i += 1
        }
        return false
    }

    // MARK: POSIX shell

    private static func posixTokens(in input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        let end = min(range.upperBound, input.count)
        var i = range.lowerBound
        while i < end {
            let b = input[i]
            switch b {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn, 0x0B, 0x0C:
                i += 1
            case ASCII.backslash where i + 1 < end && input[i + 1] == ASCII.newline:
                i += 2
            case ASCII.backslash
            where i + 2 < end && input[i + 1] == ASCII.carriageReturn
                && input[i + 2] == ASCII.newline:
                i += 3
            case ASCII.newline, 0x3B, 0x26, 0x7C, 0x28, 0x29:  // \n ; & | ( )
                if b == 0x26, i + 1 < end, input[i + 1] == 0x3E {  // &> file
                    tokens.append(.redirect)
                    i += i + 2 < end && input[i + 2] == 0x3E ? 3 : 2
                    continue
                }
                tokens.append(.commandEnd)
                i += 1
                if b != ASCII.newline, i < end, input[i] == b || (b == 0x7C && input[i] == 0x26) { i += 1 }
            case 0x3C, 0x3E:  // < >
                tokens.append(.redirect)
                i += 1
                while i < end, input[i] == 0x3C || input[i] == 0x3E || input[i] == 0x7C { i += 1 }
                if i < end, input[i] == 0x26 {  // >&2
                    i += 1
                    while i < end, ASCII.isDigit(input[i]) || input[i] == 0x2D { i += 1 }
                }
            case 0x23:  // # at the start of a word: a comment to the end of the line
                let lineEnd = PayloadBytes.lineEnd(input, from: i, end: end)
                let text = PayloadBytes.trimmed(input, (i + 1)..<lineEnd)
                if !text.isEmpty { tokens.append(.comment(text)) }
                i = lineEnd
            default:
                var word = ShellWord(rawStart: i)
                i = posixWord(in: input, from: i, end: end, into: &word)
                if !word.bytes.isEmpty { tokens.append(.word(word)) }
            }
        }
        return tokens
    }

    /// Reads one word from `start`; returns where it ends.
    private static func posixWord(
        in input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into word: inout ShellWord
    ) -> Int {
        var i = start
        while i < end {
            let b = input[i]
            switch b {
            case ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn, 0x3B, 0x26, 0x7C, 0x3C, 0x3E:
                return i
            case ASCII.backslash:
                if i + 1 >= end {
                    word.append(b, start: i, end: i + 1)
                    i += 1
                } else if input[i + 1] == ASCII.newline {
                    i += 2
                } else if input[i + 1] == ASCII.carriageReturn, i + 2 < end, input[i + 2] == ASCII.newline {
                    i += 3
                } else {
                    word.append(input[i + 1], start: i, end: i + 2)
                    i += 2
                }
            case ASCII.apostrophe:
                i += 1
                while i < end, input[i] != ASCII.apostrophe {
                    word.append(input[i], start: i, end: i + 1)
                    i += 1
                }
                i += 1
            case ASCII.quote:
                i = doubleQuoted(in: input, from: i + 1, end: end, into: &word)
            case 0x24 where i + 1 < end && input[i + 1] == ASCII.apostrophe:  // $'...'
                i = ansiCQuoted(in: input, from: i + 2, end: end, into: &word)
            case 0x24 where i + 1 < end && input[i + 1] == ASCII.quote:  // $"..." (a locale string)
                i = doubleQuoted(in: input, from: i + 2, end: end, into: &word)
            case 0x24 where i + 1 < end && (input[i + 1] == 0x28 || input[i + 1] == 0x7B):  // $( ) ${ }
                i = literalGroup(in: input, from: i, end: end, into: &word)
            case 0x60:  // `command`
                word.append(b, start: i, end: i + 1)
                i += 1
                while i < end, input[i] != 0x60 {
                    word.append(input[i], start: i, end: i + 1)
                    i += 1
                }
                if i < end {
                    word.append(input[i], start: i, end: i + 1)
                    i += 1
                }
            default:
                word.append(b, start: i, end: i + 1)
                i += 1
            }
        }
        return min(i, end)
    }

    /// The inside of `"..."` from `start` (after the quote): `\"`, `\\`, `\$`, `` \` `` are escapes and
    /// backslash-newline a continuation; any other backslash is literal.
    private static func doubleQuoted(
        in input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into word: inout ShellWord
    ) -> Int {
        var i = start
        while i < end, input[i] != ASCII.quote {
            let b = input[i]
            if b == ASCII.backslash, i + 1 < end {
                let next = input[i + 1]
                if next == ASCII.newline {
                    i += 2
                    continue
                }
                if next == ASCII.carriageReturn, i + 2 < end, input[i + 2] == ASCII.newline {
                    i += 3
                    continue
                }
                if next == ASCII.quote || next == ASCII.backslash || next == 0x24 || next == 0x60 {
                    word.append(next, start: i, end: i + 2)
                    i += 2
                    continue
                }
            }
            word.append(b, start: i, end: i + 1)
            i += 1
        }
        return min(i + 1, end)
    }

    /// The inside of `$'...'` from `start`: C escapes, as bash decodes them.
    private static func ansiCQuoted(
        in input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into word: inout ShellWord
    ) -> Int {
        var i = start
        while i < end, input[i] != ASCII.apostrophe {
            let b = input[i]
            guard b == ASCII.backslash, i + 1 < end else {
                word.append(b, start: i, end: i + 1)
                i += 1
                continue
            }
            let escape = i
            let e = input[i + 1]
            i += 2
            var simple: UInt8? = nil
            switch e {
            case 0x6E: simple = ASCII.newline  // n
            case 0x74: simple = ASCII.tab  // t
            case 0x72: simple = ASCII.carriageReturn  // r
            case 0x61: simple = 0x07  // a
            case 0x62: simple = 0x08  // b
            case 0x65, 0x45: simple = 0x1B  // e E
            case 0x66: simple = 0x0C  // f
            case 0x76: simple = 0x0B  // v
            case ASCII.backslash, ASCII.apostrophe, ASCII.quote, 0x3F: simple = e
            case 0x63 where i < end:  // \cX
                simple = input[i] & 0x1F
                i += 1
            case 0x78, 0x75, 0x55:  // \xHH \uHHHH \UHHHHHHHH
                let maxDigits = e == 0x78 ? 2 : (e == 0x75 ? 4 : 8)
                var value: UInt32 = 0
                var digits = 0
                while digits < maxDigits, i < end, let d = ASCII.hexValue(input[i]) {
                    value = value << 4 | UInt32(d)
                    digits += 1
                    i += 1
                }
                if digits == 0 {
                    word.append(ASCII.backslash, start: escape, end: escape + 1)
                    word.append(e, start: escape + 1, end: escape + 2)
                } else if e == 0x78 {
                    word.append(UInt8(value), start: escape, end: i)
                } else {
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    for unit in String(Character(scalar)).utf8 { word.append(unit, start: escape, end: i) }
                }
                continue
            case 0x30...0x37:  // \NNN octal
                var value = Int(e - 0x30)
                var digits = 1
                while digits < 3, i < end, input[i] >= 0x30, input[i] <= 0x37 {
                    value = value * 8 + Int(input[i] - 0x30)
                    digits += 1
                    i += 1
                }
                simple = UInt8(truncatingIfNeeded: value)
            default:
                // bash keeps an unknown escape as it is.
                word.append(ASCII.backslash, start: escape, end: escape + 1)
                word.append(e, start: escape + 1, end: escape + 2)
                continue
            }
            if let simple { word.append(simple, start: escape, end: i) }
        }
        return min(i + 1, end)
    }

    /// `$(...)` or `${...}` kept as written, up to the matching bracket (quotes inside are skipped over).
    private static func literalGroup(
        in input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into word: inout ShellWord
    ) -> Int {
        let open = input[start + 1]
        let close: UInt8 = open == 0x28 ? 0x29 : 0x7D
        var depth = 0
        var quote: UInt8 = 0
        var i = start
        while i < end {
            let b = input[i]
            word.append(b, start: i, end: i + 1)
            i += 1
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == ASCII.apostrophe || b == ASCII.quote {
                quote = b
            } else if b == open {
                depth += 1
            } else if b == close {
                depth -= 1
                if depth == 0 { break }
            }
        }
        return i
    }

    // MARK: Windows cmd

    /// cmd.exe's reading (`^` escapes the next byte, `^` at a line end continues the line, `"` toggles a quoting
    /// in which `^` is literal), then the C runtime's splitting into arguments (`"` quotes, `\"` is a quote,
    /// backslashes are literal unless they precede a quote).
    private static func cmdTokens(in input: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Token] {
        // cmd.exe's pass: what reaches the program, with the input span of each byte.
        enum Kind { case plain, commandEnd, redirect }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var kinds: [Kind] = []
        func put(_ b: UInt8, _ s: Int, _ e: Int, _ k: Kind = .plain) {
            bytes.append(b)
            starts.append(s)
            ends.append(e)
            kinds.append(k)
        }
        let end = min(range.upperBound, input.count)
        var quoted = false
        var i = range.lowerBound
        while i < end {
            let b = input[i]
            if b == 0x5E, !quoted {
                var j = i + 1
                if j < end, input[j] == ASCII.carriageReturn, j + 1 < end, input[j + 1] == ASCII.newline { j += 1 }
                if j < end, input[j] == ASCII.newline {
                    // A continuation: the line break goes, and the next line's first byte is taken literally.
                    i = j + 1
                    if i < end, input[i] != ASCII.carriageReturn {
                        put(input[i], i, i + 1)
                        i += 1
                    }
                } else if i + 1 < end {
                    put(input[i + 1], i, i + 2)
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            switch b {
            case ASCII.quote:
                quoted.toggle()
                put(b, i, i + 1)
            case ASCII.newline:
                quoted = false
                put(b, i, i + 1, .commandEnd)
            case ASCII.carriageReturn:
                break
            case 0x7C where !quoted, 0x26 where !quoted:
                put(b, i, i + 1, .commandEnd)
            case 0x3C where !quoted, 0x3E where !quoted:
                put(b, i, i + 1, .redirect)
            default:
                put(b, i, i + 1)
            }
            i += 1
        }

        // The C runtime's pass: arguments.
        var tokens: [Token] = []
        var word: ShellWord? = nil
        var inQuotes = false
        func flush() {
            if let w = word, !w.bytes.isEmpty { tokens.append(.word(w)) }
            word = nil
        }
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            switch kinds[k] {
            case .commandEnd:
                flush()
                inQuotes = false
                tokens.append(.commandEnd)
                k += 1
                continue
            case .redirect:
                flush()
                tokens.append(.redirect)
                k += 1
                continue
            case .plain:
                break
            }
            if !inQuotes, b == ASCII.space || b == ASCII.tab {
                flush()
                k += 1
                continue
            }
            if word == nil { word = ShellWord(rawStart: starts[k]) }
            if b == ASCII.backslash {
                var run = k
                while run < bytes.count, bytes[run] == ASCII.backslash, kinds[run] == .plain { run += 1 }
                let count = run - k
                if run < bytes.count, bytes[run] == ASCII.quote, kinds[run] == .plain {
                    var p = k
                    while p + 1 < run {
                        word?.append(ASCII.backslash, start: starts[p], end: ends[p + 1])
                        p += 2
                    }
                    if count % 2 == 1 {
                        word?.append(ASCII.quote, start: starts[run - 1], end: ends[run])
                        k = run + 1
                    } else {
                        k = run
                    }
                } else {
                    for p in k..<run { word?.append(ASCII.backslash, start: starts[p], end: ends[p]) }
                    k = run
                }
                continue
            }
            if b == ASCII.quote {
                inQuotes.toggle()
            } else {
                word?.append(b, start: starts[k], end: ends[k])
            }
            k += 1
        }
        flush()
        return tokens
    }
}
