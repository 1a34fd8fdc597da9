/// Which lines of a long log a pack keeps: the first ``head`` lines, then the lines that say something went
/// wrong (errors, warnings, exceptions, 4xx and 5xx statuses) with their neighbours, up to ``maxLines``.
///
/// The first error-bearing region is what a person reads first; keeping it, rather than the log's end, keeps the
/// failure and what led to it. Lines are judged lazily, so the cost stops once the budget is spent.
enum LogExcerpt {
    static let maxLines = 500
    static let head = 100
    /// Lines kept on each side of a telling line.
    static let context = 2

    /// The indices (of `count` lines, in order) to keep.
    static func select(count: Int, isSignal: (Int) -> Bool) -> [Int] {
        guard count > maxLines else { return Array(0..<count) }
        var keep = [Bool](repeating: false, count: count)
        var kept = 0
        for index in 0..<head {
            keep[index] = true
            kept += 1
        }
        var index = head
        scan: while index < count {
            if isSignal(index) {
                for neighbour in max(0, index - context)...min(count - 1, index + context) where !keep[neighbour] {
                    guard kept < maxLines else { break scan }
                    keep[neighbour] = true
                    kept += 1
                }
            }
            index += 1
        }
        return keep.indices.filter { keep[$0] }
    }

    /// The words that mark a telling line, by their first byte, so one pass over a line checks them all.
    private static let wordsByFirstByte: [[[UInt8]]] = {
        let words = [
            "ERROR", "WARN", "FATAL", "SEVERE", "CRIT", "Exception", "Error:", "Traceback", "panic:", "\tat ",
            "level=error", "level=warn", "\"level\":\"error\"", "\"level\":\"warn\"", "timed out", "timeout",
            "refused",
        ]
        var table = [[[UInt8]]](repeating: [], count: 256)
        for word in words {
            let bytes = Array(word.utf8)
            table[Int(bytes[0])].append(bytes)
        }
        return table
    }()
    private static let startsAWord: [Bool] = wordsByFirstByte.map { !$0.isEmpty }

    /// Whether a line says something went wrong: a level word, an exception, a frame, or a 4xx/5xx status.
    static func isSignal(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let found = bytes.withUnsafeBufferPointer { buffer in
            wordsByFirstByte.withUnsafeBufferPointer { table in
                startsAWord.withUnsafeBufferPointer { starts in
                    var i = range.lowerBound
                    while i < range.upperBound {
                        // Most bytes start no word: skip them without touching the word lists.
                        guard starts[Int(buffer[i])] else {
                            i += 1
                            continue
                        }
                        for word in table[Int(buffer[i])] where i + word.count <= range.upperBound {
                            var k = 1
                            while k < word.count, buffer[i + k] == word[k] { k += 1 }
                            if k == word.count { return true }
                        }
                        i += 1
                    }
                    return false
                }
            }
        }
        return found || statesFailureStatus(bytes, range)
    }

    /// A standalone `4xx` or `5xx` shortly after `status`, `code`, `HTTP` or an access log's closing quote.
    static func statesFailureStatus(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var i = range.lowerBound
            let end = range.upperBound
            while i + 3 <= end {
                let b = buffer[i]
                if b == 0x34 || b == 0x35, isDigit(buffer[i + 1]), isDigit(buffer[i + 2]),
                    i == range.lowerBound || !isWordByte(buffer[i - 1]), i + 3 == end || !isWordByte(buffer[i + 3])
                {
                    let window = buffer[max(range.lowerBound, i - 16)..<i].map { $0 | 0x20 }
                    let text = String(decoding: window, as: UTF8.self)
                    if text.contains("status") || text.contains("code") || text.contains("http")
                        || text.hasSuffix("\" ") || text.contains("upstream") || text.contains("returned")
                        || text.contains("responded")
                    {
                        return true
                    }
                }
                i += 1
            }
            return false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Bytes that glue a number into a larger word (`v500`, `1.500`, `500ms`, `12:500`).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2E || byte == 0x3A || byte == 0x2F
            || byte == 0x2D || byte == 0x5F
    }
}
