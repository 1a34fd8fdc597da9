import Foundation

/// Runs a program as a person would from a shell, to its end.
enum Launch {
    /// Runs `path` with `arguments`; fails unless it exits with 0. Returns its output when `capturing`.
    @discardableResult
    static func run(_ path: String, _ arguments: [String], capturing: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = capturing ? pipe : FileHandle.nullDevice
        // Not `waitUntilExit()`: on Linux it polls the run loop every 50 ms, which would swamp a 20 ms command.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Read before waiting: a full pipe would block the child forever.
        let output = capturing ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        exited.wait()
        guard process.terminationStatus == 0 else {
            throw UsageError("\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
