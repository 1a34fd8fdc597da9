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
