/// Why sanitizing could not be done. Its descriptions name what failed and what to do, never a value.
public enum SanitizerError: Error, Sendable, CustomStringConvertible, Equatable {
    case keyFile(path: String, reason: String)
    case rules(source: String, line: Int?, reason: String)
    case input(reason: String)
    /// The output still held something a detector fires on: nothing is printed.
    case residual(rule: String, line: Int, column: Int)

    public var description: String {
        switch self {
        case .keyFile(let path, let reason):
            "key file \(path) \(reason); pass another with --key-file, or remove it to create a new one"
        case .rules(let source, let line, let reason):
            "rules \(source)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .input(let reason):
            reason
        case .residual(let rule, let line, let column):
            "refusing to print: rule \(rule) still fires at \(line):\(column) of the sanitized output"
                + " (a sanitizer bug; please report it with the --explain output, not the payload)"
        }
    }
}
