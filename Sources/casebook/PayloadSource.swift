import Foundation
import Sanitizer

#if canImport(Glibc)
    import Glibc

    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin

    private let systemRead = Darwin.read
#endif

/// An input file or standard input, read in chunks, with its first bytes kept to tell its format.
final class PayloadSource {
    let displayName: String
    private let handle: FileHandle
    private var head: [UInt8]
    private var headConsumed = false
    static let chunkSize = 1 << 20

    init(path: String) throws {
        if path == "-" {
            handle = .standardInput
            displayName = "standard input"
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure.input("\(path): no such file; check the path, or pass '-' to read standard input")
            }
            guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandFailure.input("\(path): cannot be read as a file; pass a file, or '-' for standard input")
            }
            self.handle = handle
            displayName = path
        }
        head = []
        head = try readChunk()
    }

    /// The format the input's first bytes look like.
    var detectedFormat: PayloadFormat { head.withUnsafeBufferPointer { PayloadFormat.detect($0) } }

    /// Whether the input is read as text, and so streams in bounded memory: when asked, when its first bytes say
    /// so, when it is JSON Lines (each line is walked as JSON), and when an HTTP- or curl-looking input is larger
    /// than any paste (a log whose head holds a `curl -v` excerpt).
    func isText(_ format: PayloadFormat) -> Bool {
        if format == .text { return true }
        guard format == .auto else { return false }
        switch detectedFormat {
        case .text: return true
        case .http, .curl: return head.count >= Self.chunkSize
        case .json: return PayloadFormat.looksLikeJSONLines(head)
        case .har, .auto: return false
        }
    }

    func read() throws -> [UInt8]? {
        if !headConsumed {
            headConsumed = true
            if !head.isEmpty { return head }
        }
        let chunk = try readChunk()
        return chunk.isEmpty ? nil : chunk
    }

    /// Fills the start of `space` with the next bytes and returns how many, 0 at the end: the first bytes from
    /// `head`, then straight from the file, with no `Data` between.
    func read(into space: UnsafeMutableRawBufferPointer) throws -> Int {
        if !headConsumed {
            let count = min(space.count, head.count)
            head.withUnsafeBytes { space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            head.removeFirst(count)
            headConsumed = head.isEmpty
            if count > 0 { return count }
        }
        while true {
            let count = systemRead(handle.fileDescriptor, space.baseAddress, space.count)
            if count >= 0 { return count }
            if errno != EINTR {
                throw CommandFailure.input("\(displayName): read failed; check that it is a readable file")
            }
        }
    }

    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read() { all += chunk }
        return all
    }

    private func readChunk() throws -> [UInt8] {
        do {
            return [UInt8](try handle.read(upToCount: Self.chunkSize) ?? Data())
        } catch {
            throw CommandFailure.input("\(displayName): read failed; check that it is a readable file")
        }
    }
}
