/// Why an input could not be read as evidence: one line that says what is wrong, where, and what to do.
///
/// The description never quotes the input: evidence may hold secrets that have not been masked yet when reading
/// fails, so errors name positions (line, entry, JSON path) and shapes, never values.
public struct EvidenceError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    /// An error with `description` as its whole message.
    public init(_ description: String) {
        self.description = description
    }

    /// What every "this is not evidence" message suggests instead.
    static let accepted =
        "a curl command, a `curl -v` transcript, a raw HTTP exchange, a HAR file, an evidence-pack JSON or logs"

    static let empty = EvidenceError("the input is empty; give \(accepted)")

    static func binary(at offset: Int) -> EvidenceError {
        EvidenceError(
            "input looks binary (NUL or control bytes from byte \(offset)); evidence must be text such as \(accepted)")
    }

    static func entryNotPositive(_ entry: Int) -> EvidenceError {
        EvidenceError("--entry \(entry) is not a valid entry number; entries are numbered from 1")
    }

    static func entryOnSinglePack(_ format: EvidenceFormat) -> EvidenceError {
        EvidenceError(
            "--entry applies to HAR files and JSON lists of packs; this \(format.rawValue) input holds one pack, "
                + "so leave --entry out")
    }

    static func entryOutOfRange(_ entry: Int, count: Int, of what: String) -> EvidenceError {
        EvidenceError("entry \(entry) does not exist: the \(what) has \(count) entries; use --entry 1 to \(count)")
    }
}
