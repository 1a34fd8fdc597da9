#if canImport(Glibc)
    import Glibc

    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin

    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// A file opened with POSIX calls: the benchmark measures the sanitizer, not `FileHandle`'s `Data` copies, and the
/// baseline copy loop must do exactly the reads and writes the sanitizing loop does.
struct ByteFile: ~Copyable {
    let descriptor: Int32
    let path: String

    /// Opens `path` for reading.
    init(reading path: String) throws(FileError) {
        descriptor = open(path, O_RDONLY)
        self.path = path
        guard descriptor >= 0 else { throw FileError(path: path, action: "open", code: errno) }
    }

    /// Creates or truncates `path` for writing.
    init(writing path: String) throws(FileError) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        self.path = path
        guard descriptor >= 0 else { throw FileError(path: path, action: "create", code: errno) }
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes, or nil at the end of the file.
    func read(upTo count: Int) throws(FileError) -> [UInt8]? {
        guard count > 0 else { return nil }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var filled = 0
            while filled < count {
                let n = systemRead(descriptor, buffer.baseAddress! + filled, count - filled)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = errno }
                if n <= 0 { break }
                filled += n
            }
            initialized = filled
        }
        if failure != 0 { throw FileError(path: path, action: "read", code: failure) }
        return bytes.isEmpty ? nil : bytes
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(FileError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failure = errno
                    return
                }
                written += n
            }
        }
        if failure != 0 { throw FileError(path: path, action: "write", code: failure) }
    }

    /// The file's size in bytes.
    func size() throws(FileError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileError(path: path, action: "stat", code: errno) }
        return Int(info.st_size)
    }
}

/// A failed file operation: which file, what was being done, and the system's reason.
struct FileError: Error, CustomStringConvertible {
    let path: String
    let action: String
    let code: Int32

    var description: String { "cannot \(action) \(path): \(String(cString: strerror(code)))" }
}
