/// Why a knowledge-base operation failed, in one line a person can act on.
///
/// Input errors (an unknown reference, a malformed line, bad search syntax) exit with 2; failures of the
/// database itself (cannot open, disk full, corrupt) with 3. No message ever holds a stored or input value that
/// was not sanitized: messages name fields, references and line numbers, not contents.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The user asked for something that is not there, or gave input Casebook cannot read.
        case input
        /// The database could not be opened, read or written.
        case database
    }

    public var kind: Kind
    public var description: String

    public static func input(_ message: String) -> StoreError { StoreError(kind: .input, description: message) }
    public static func database(_ message: String) -> StoreError { StoreError(kind: .database, description: message) }
}
