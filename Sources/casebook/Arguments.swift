import ArgumentParser
import Evidence
import Sanitizer
import Store

// The domain's types, read from the command line: a bad value is argument-parser's own error, which lists the
// valid ones, and `--help` shows them.

extension TriageBucket: ExpressibleByArgument {
    public init?(argument: String) { self.init(loosely: argument) }
}

extension MismatchCategory: ExpressibleByArgument {
    public init?(argument: String) { self.init(loosely: argument) }
}

extension IncidentStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(loosely: argument) }
}

extension Severity: ExpressibleByArgument {
    public init?(argument: String) { self.init(loosely: argument) }
}

extension Fix.Kind: ExpressibleByArgument {}

extension EvidenceFormat: ExpressibleByArgument {}

extension PayloadFormat: ExpressibleByArgument {}

extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}
