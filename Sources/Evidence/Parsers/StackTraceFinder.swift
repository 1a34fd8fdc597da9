/// Finds the first stack trace in log lines: Java and .NET (`Exception...` then `at ...` frames, `Caused by:`),
/// Node (`Error: ...` then `    at ...`), Python (`Traceback (most recent call last):` through the exception
/// line) and Go (`panic:` through its first goroutine's frames).
enum StackTraceFinder {
    /// How many lines one trace may take; longer ones are cut (their top is what tells).
    static let maxLines = 300

    /// The first trace in `lines`, as one string with `\n` between its lines.
    static func first(in lines: TextLines) -> String? {
        var index = 0
        while index < lines.count {
            if lines.startsTrimmed(index, with: "Traceback (most recent call last):") {
                return joined(lines, python(lines, from: index))
            }
            if lines.startsTrimmed(index, with: "panic:") || lines.startsTrimmed(index, with: "fatal error:") {
                return joined(lines, go(lines, from: index))
            }
            if isFrame(lines, index) {
                return joined(lines, framed(lines, firstFrame: index))
            }
            index += 1
        }
        return nil
    }

    /// `\tat com.example.Foo.bar(Foo.java:42)`, `    at handler (/app/index.js:10:5)`, `   at Ns.C.M() in x.cs:line 3`:
    /// indented, then `at `.
    static func isFrame(_ lines: TextLines, _ index: Int) -> Bool {
        let range = lines.ranges[index]
        guard let first = range.first, lines.bytes[first] == 0x20 || lines.bytes[first] == 0x09,
            lines.startsTrimmed(index, with: "at ")
        else { return false }
        // A frame names a place: `(File.java:42)`, `(/app/x.js:1:2)`, `M()`, or a bare `/app/x.js:10:5`. An
        // indented sentence starting with "at" does not.
        let bytes = lines.bytes
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "(") { return true }
            if bytes[i] == UInt8(ascii: ":"), i + 1 < range.upperBound, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 {
                return true
            }
            i += 1
        }
        return false
    }

    /// The exception line before the first frame, the frames, and what chains them (`Caused by:`, `... 3 more`,
    /// .NET's `--- End of ... ---`, Node's `[cause]:`).
    private static func framed(_ lines: TextLines, firstFrame: Int) -> Range<Int> {
        var start = firstFrame
        if start > 0, !lines.isBlank(start - 1) { start -= 1 }
        var end = firstFrame
        while end < lines.count, end - start < maxLines {
            if isFrame(lines, end) || lines.startsTrimmed(end, with: "...")
                || lines.startsTrimmed(end, with: "Caused by:")
                || lines.startsTrimmed(end, with: "Suppressed:") || lines.startsTrimmed(end, with: "--- ")
                || lines.startsTrimmed(end, with: "[cause]:") || lines.startsTrimmed(end, with: "Wrapped by:")
            {
                end += 1
            } else {
                break
            }
        }
        return start..<end
    }

    /// From `Traceback` through the first line that is not indented: the exception.
    private static func python(_ lines: TextLines, from start: Int) -> Range<Int> {
        var end = start + 1
        while end < lines.count, end - start < maxLines {
            let range = lines.ranges[end]
            guard let first = range.first, lines.bytes[first] == 0x20 || lines.bytes[first] == 0x09 else { break }
            end += 1
        }
        if end < lines.count, !lines.isBlank(end) { end += 1 }
        return start..<end
    }

    /// From `panic:` through the first goroutine's frames (a Go crash prints every goroutine; the first is the
    /// one that panicked).
    private static func go(_ lines: TextLines, from start: Int) -> Range<Int> {
        var end = start + 1
        var sawGoroutine = false
        while end < lines.count, end - start < maxLines {
            if lines.startsTrimmed(end, with: "goroutine ") {
                if sawGoroutine { break }
                sawGoroutine = true
            } else if lines.isBlank(end) {
                if sawGoroutine { break }
            } else if !sawGoroutine, end - start > 4 {
                break
            }
            end += 1
        }
        while end > start + 1, lines.isBlank(end - 1) { end -= 1 }
        return start..<end
    }

    private static func joined(_ lines: TextLines, _ range: Range<Int>) -> String {
        range.map { lines[$0] }.joined(separator: "\n")
    }
}
