import Foundation

#if canImport(Glibc)
    import Glibc

    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin

    private let systemRead = Darwin.read
#endif

/// Why an input could not be read: which input, and what to do. It never holds the input's content.
public struct PayloadSourceError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
}

/// An input file, standard input, or bytes in memory, read in chunks, with its first bytes kept to tell its format.
///
/// ```swift
/// let source = try PayloadSource(path: "capture.txt")
/// if source.streams(as: .auto) { /* sanitizeStream, reading with read(into:) */ }
/// ```
///
/// Every read error is thrown, never taken for the end of the input: a truncated read must not pass for a whole
/// file.
public final class PayloadSource {
    /// How the input is named in messages: its path, or "standard input".
    public let name: String
    private let readBytes: (UnsafeMutableRawBufferPointer) throws -> Int
    private var head: [UInt8] = []
    private var headConsumed = false
    /// How much is read ahead to tell the format, and how much each chunk holds.
    public static let chunkSize = 1 << 20

    /// Opens a file, or standard input for `-`.
    ///
    /// - Throws: ``PayloadSourceError`` when the path is not there, is a folder, or cannot be read.
    public convenience init(path: String) throws(PayloadSourceError) {
        if path == "-" {
            try self.init(name: "standard input", fileDescriptor: FileHandle.standardInput)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PayloadSourceError(
                description: "\(path): no such file; check the path, or pass '-' to read standard input")
        }
        guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            throw PayloadSourceError(
                description: "\(path): cannot be read as a file; pass a file, or '-' for standard input")
        }
        try self.init(name: path, fileDescriptor: handle)
    }

    private convenience init(name: String, fileDescriptor handle: FileHandle) throws(PayloadSourceError) {
        try self.init(name: name) { space in
            while true {
                let count = systemRead(handle.fileDescriptor, space.baseAddress, space.count)
                if count >= 0 { return count }
                if errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }
        }
    }

    /// Bytes in memory, as an input named `name`.
    public convenience init(name: String, bytes: [UInt8]) {
        var offset = 0
        // Reading memory cannot fail.
        try! self.init(name: name) { space in
            let count = min(space.count, bytes.count - offset)
            bytes.withUnsafeBytes { all in
                space.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
    }

    /// An input read by `read`, which fills the start of its buffer and returns how many bytes it wrote, 0 at the
    /// end, or throws.
    public init(name: String, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws(PayloadSourceError)
    {
        self.name = name
        readBytes = read
        head = try readChunk()
    }

    /// The format the input's first bytes look like.
    public var detectedFormat: PayloadFormat { head.withUnsafeBufferPointer { PayloadFormat.detect($0) } }

    /// Whether the input is read as text, and so streams in bounded memory: when asked, when its first bytes say
    /// so, when it is JSON Lines (each line is walked as JSON), and when an HTTP- or curl-looking input is larger
    /// than any paste (a log whose head holds a `curl -v` excerpt).
    public func streams(as format: PayloadFormat) -> Bool {
        if format == .text { return true }
        guard format == .auto else { return false }
        switch detectedFormat {
        case .text: return true
        case .http, .curl: return head.count >= Self.chunkSize
        case .json: return PayloadFormat.looksLikeJSONLines(head)
        case .har, .auto: return false
        }
    }

    /// The next chunk, or nil at the end.
    public func read() throws(PayloadSourceError) -> [UInt8]? {
        if !headConsumed {
            headConsumed = true
            if !head.isEmpty { return head }
        }
        let chunk = try readChunk()
        return chunk.isEmpty ? nil : chunk
    }

    /// Fills the start of `space` with the next bytes and returns how many, 0 at the end: the first bytes from
    /// the head read ahead, then straight from the input, with no copy between.
    public func read(into space: UnsafeMutableRawBufferPointer) throws(PayloadSourceError) -> Int {
        if !headConsumed {
            let count = min(space.count, head.count)
            head.withUnsafeBytes { space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            head.removeFirst(count)
            headConsumed = head.isEmpty
            if count > 0 { return count }
        }
        do {
            return try readBytes(space)
        } catch {
            throw failure(error)
        }
    }

    /// The whole input.
    public func readAll() throws(PayloadSourceError) -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read() { all += chunk }
        return all
    }

    /// Up to ``chunkSize`` bytes: fewer only at the end of the input.
    private func readChunk() throws(PayloadSourceError) -> [UInt8] {
        do {
            return try [UInt8](unsafeUninitializedCapacity: Self.chunkSize) { buffer, filled in
                filled = 0
                while filled < buffer.count {
                    let count = try readBytes(
                        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                    if count == 0 { break }
                    filled += count
                }
            }
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: any Error) -> PayloadSourceError {
        let reason = (error as? POSIXError).map { String(cString: strerror($0.code.rawValue)) } ?? "\(type(of: error))"
        return PayloadSourceError(description: "\(name): read failed (\(reason)); check that it is a readable file")
    }
}
