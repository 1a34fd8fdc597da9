/// The lines of a ``PayloadSource``, numbered from 1, read chunk by chunk.
///
/// A line ends at `\n` (a `\r` before it is kept, for the reader to judge); the last line needs no `\n`. A read
/// error is thrown from ``next()``, never taken for the end of the input.
public struct LineReader {
    /// A line and its number.
    public typealias Line = (number: Int, bytes: [UInt8])

    public let source: PayloadSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var number = 0
    private var finished = false

    public init(_ source: PayloadSource) { self.source = source }

    /// The next line, or nil after the last.
    ///
    /// - Throws: ``PayloadSourceError`` when the input cannot be read.
    public mutating func next() throws(PayloadSourceError) -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                number += 1
                return (number, Array(buffer[start..<newline]))
            }
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                number += 1
                return (number, Array(buffer[start...]))
            }
            buffer.removeFirst(start)
            start = 0
            if let chunk = try source.read() { buffer += chunk } else { finished = true }
        }
    }

    /// How many lines were read so far.
    public var linesRead: Int { number }
}
