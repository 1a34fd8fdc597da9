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

    /// Fills `space` with the next bytes, as far as the file goes, and returns how many: 0 at the end of the file.
    func read(into space: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
        var filled = 0
        while filled < space.count {
            let n = systemRead(descriptor, space.baseAddress! + filled, space.count - filled)
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw FileError(path: path, action: "read", code: errno) }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(FileError) {
        let written = bytes.withUnsafeBytes { raw in Result { () throws(FileError) in try write(raw) } }
        try written.get()
    }

    /// Writes all of `raw`.
    func write(_ raw: UnsafeRawBufferPointer) throws(FileError) {
        var written = 0
        while written < raw.count {
            let n = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { throw FileError(path: path, action: "write", code: n < 0 ? errno : EIO) }
            written += n
        }
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
