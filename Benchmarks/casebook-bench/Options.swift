/// The command line after the job's name: `--name value` options, `--flag` flags and positional arguments.
///
/// The benchmark has three jobs and a handful of options; a parser package would be its only dependency.
struct Options {
    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// - Parameters:
    ///   - valued: the option names that take a value.
    ///   - flags: the option names that take none; any other `--name` is a mistake.
    init(_ arguments: some Sequence<String>, valued: Set<String>, flags known: Set<String>) throws(UsageError) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument.hasPrefix("--"), argument.count > 2 {
                let name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    values[String(name[..<equals])] = String(name[name.index(after: equals)...])
                } else if valued.contains(name) {
                    guard let value = iterator.next() else { throw UsageError("--\(name) needs a value") }
                    values[name] = value
                } else if known.contains(name) {
                    flags.insert(name)
                } else {
                    throw UsageError("unknown option --\(name)")
                }
            } else {
                positional.append(argument)
            }
        }
        let unknown = Set(values.keys).subtracting(valued)
        if let name = unknown.first { throw UsageError("unknown option --\(name)") }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) takes a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A size such as `100MB`, `512KiB`, `1GB` or `1048576`: KB, MB, GB are powers of 1000, KiB, MiB, GiB of 1024.
    static func byteCount(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1_000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1),
        ]
        // "MiB" ends in "B" too: the longer units come first.
        for (suffix, multiplier) in units where text.uppercased().hasSuffix(suffix.uppercased()) {
            let number = text.dropLast(suffix.count)
            guard let value = Double(number), value > 0 else { return nil }
            return Int(value * Double(multiplier))
        }
        return Int(text).flatMap { $0 > 0 ? $0 : nil }
    }
}

/// A mistake on the command line, with what to do about it.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
