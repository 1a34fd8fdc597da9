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
