import Glibc

/// Finds one byte value in a buffer, with the C library's vectorized `memchr`.
///
/// Lines are found over every byte of the input (to split it into lines, to turn offsets into line numbers); a loop
/// that tests one byte at a time costs more there than some of the detectors.
enum ByteSearch {
    /// The offset of the first `byte` in `buffer[start..<end]`, or nil; the range is clamped to the buffer.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
        -> Int?
    {
        let end = min(end, buffer.count)
        guard let base = buffer.baseAddress, start >= 0, start < end else { return nil }
        guard let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}
