#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text too large to hold: sanitized in chunks, in bounded memory.
extension Sanitizer {
    /// How many bytes of the text before a cut are scanned again with the next chunk, so that a value near the
    /// end of one chunk is seen whole with the next.
    static let overlap = 64 * 1024

    /// Sanitizes text read in chunks, writing the output as it goes.
    ///
    /// Each chunk is scanned with what follows it up to `overlap` bytes, and the output is cut at a line break
    /// before that tail, never inside a replacement; the tail is scanned again with the next chunk. Memory stays
    /// at about two chunks whatever the input's size.
    ///
    /// Input is read straight into the stream's own buffer, as `read(2)` does: no chunk is copied on its way in.
    /// - Parameters:
    ///   - read: fills the start of the space it is given with the next bytes of input and returns how many; 0 at
    ///     the end of the input.
    ///   - write: receives the sanitized output, in order.
    ///   - chunkSize: how many bytes to scan at a time.
    /// - Returns: what was masked, with lines and columns in the whole input.
    public func sanitizeStream(
        read: (UnsafeMutableRawBufferPointer) throws -> Int, write: ([UInt8]) throws -> Void,
        chunkSize: Int = 1 << 20
    ) throws -> [Finding] {
        let capacity = chunkSize + Self.overlap
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { storage.deallocate() }
        let base = storage.baseAddress!
        var filled = 0
        var findings: [Finding] = []
        var linesBefore = 0
        var atEnd = false
        while !atEnd {
            while filled < capacity {
                let count = try read(UnsafeMutableRawBufferPointer(rebasing: storage[filled...]))
                guard count > 0 else {
                    atEnd = true
                    break
                }
                filled += min(count, capacity - filled)
            }
            if filled == 0 { break }
            let buffer = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: filled)
            var context = ScanContext(masks: masks)
            scanLines(buffer, range: 0..<buffer.count, into: &context)
            var redactions = context.redactions.resolved(in: buffer, masks: masks)
            var cut = atEnd ? buffer.count : Self.cutPoint(in: buffer, before: buffer.count - Self.overlap)
            // Never cut inside a replacement: move the cut to its line's start.
            if let crossing = redactions.first(where: { $0.range.lowerBound < cut && $0.range.upperBound > cut }) {
                var start = crossing.range.lowerBound
                while start > 0, buffer[start - 1] != ASCII.newline { start -= 1 }
                // A replacement that starts on the chunk's first line goes out whole.
                cut = start > 0 ? start : crossing.range.upperBound
            }
            redactions.removeAll { $0.range.upperBound > cut }
            let output: [UInt8]
            do {
                output = try settle(
                    Self.apply(redactions, to: UnsafeBufferPointer(rebasing: buffer[0..<cut])), redactions: redactions)
            } catch SanitizerError.residual(let rule, let line, let column) {
                // settle counts lines in this chunk; the user needs them in the whole input.
                throw SanitizerError.residual(rule: rule, line: line + linesBefore, column: column)
            }
            var index = LineIndex(buffer)
            index.lineOffset = linesBefore
            findings += redactions.map { index.finding(for: $0) }
            // The index has counted the lines up to the last finding already; it counts on to the cut.
            linesBefore += index.newlines(before: cut)
            try write(output)
            // The tail after the cut is scanned again with the next chunk.
            memmove(base, base + cut, filled - cut)
            filled -= cut
        }
        return findings
    }

    /// ``sanitizeStream(read:write:chunkSize:)`` for input that comes as arrays: `read` returns the next bytes, or
    /// nil at the end of the input.
    public func sanitizeStream(
        read: () throws -> [UInt8]?, write: ([UInt8]) throws -> Void, chunkSize: Int = 1 << 20
    ) throws -> [Finding] {
        var chunk: [UInt8] = []
        var taken = 0
        return try sanitizeStream(
            read: { space in
                while taken == chunk.count {
                    guard let next = try read() else { return 0 }
                    (chunk, taken) = (next, 0)
                }
                let count = min(space.count, chunk.count - taken)
                chunk.withUnsafeBytes {
                    space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[taken..<taken + count]))
                }
                taken += count
                return count
            }, write: write, chunkSize: chunkSize)
    }

    /// The last line break before `limit`, or `limit` itself when a line is longer than a chunk.
    private static func cutPoint(in buffer: UnsafeBufferPointer<UInt8>, before limit: Int) -> Int {
        guard limit > 0 else { return buffer.count }
        var i = limit
        while i > 0, buffer[i - 1] != ASCII.newline { i -= 1 }
        if i > 0 { return i }
        // One huge line: cut at a space, so a value is not split, or at the limit if there is none.
        i = limit
        while i > limit / 2, !ASCII.isWhitespace(buffer[i - 1]) { i -= 1 }
        return i > limit / 2 ? i : limit
    }
}
