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
