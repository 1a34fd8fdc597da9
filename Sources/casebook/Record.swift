import ArgumentParser
import Evidence
import Foundation
import Store

/// `casebook new TITLE`.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Open an incident and print its reference.")

    @Argument(help: "What fails, in a few words.")
    var title: String

    @Option(help: "The service that fails.") var service: String?
    @Option(help: "The severity (SEV1, SEV2...).") var severity: String?
    @Option(help: "The environment (production, staging...).") var env: String?
    @Option(help: ArgumentHelp("When it started (default: now).", valueName: "time")) var started: String?
    @Option(help: ArgumentHelp("When it was detected (default: now).", valueName: "time")) var detected: String?
    @Option(help: "A short summary.") var summary: String?
    @Option(help: "A tag (repeatable).") var tag: [String] = []
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let base = try store.open()
        let incident = NewIncident(
            title: title, summary: summary, service: service, environment: env, severity: severity,
            startedAt: try started.map { try Dates.parse($0, option: "--started") },
            detectedAt: try detected.map { try Dates.parse($0, option: "--detected") }, tags: tag)
        let reference = try Failure.map { () throws(StoreError) in try base.open(incident) }
        if output.json { try Output.json(["id": reference]) } else { Output.text(reference) }
    }
}

/// `casebook cause REF TEXT`.
struct Cause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cause", abstract: "Record the root cause of an incident.")

    @Argument(help: "The incident's reference (INC-0042).") var reference: String
    @Argument(help: "The root cause, in a sentence.") var text: String
    @Option(help: "The bucket of the boundary that failed first (\(TriageBucket.names)).") var bucket: String?
    @Option(help: "Why it worked locally (\(MismatchCategory.names)).") var mismatch: String?
    @Option(help: ArgumentHelp("When it was clarified (default: now).", valueName: "time")) var at: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let parsedBucket = try bucket.map { text in
            guard let bucket = TriageBucket(loosely: text) else {
                throw CommandFailure.input("--bucket \(text) is not a bucket; use one of \(TriageBucket.names)")
            }
            return bucket
        }
        let parsedMismatch = try mismatch.map { text in
            guard let category = MismatchCategory(loosely: text) else {
                throw CommandFailure.input(
                    "--mismatch \(text) is not a mismatch category; use one of \(MismatchCategory.names)")
            }
            return category
        }
        let when = try at.map { try Dates.parse($0, option: "--at") }
        let base = try store.open()
        let canonical = try Failure.map { () throws(StoreError) in
            try base.recordCause(text, bucket: parsedBucket, mismatch: parsedMismatch, for: reference, at: when)
        }
        Output.text("Recorded the root cause of \(canonical).")
    }
}

/// `casebook fix REF TEXT`.
struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fix", abstract: "Record a fix of an incident.")

    @Argument(help: "The incident's reference.") var reference: String
    @Argument(help: "What was done.") var text: String
    @Option(help: "mitigation or permanent.") var kind: Fix.Kind = .permanent
    @Option(help: ArgumentHelp("When it was applied (default: now).", valueName: "time")) var at: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let when = try at.map { try Dates.parse($0, option: "--at") }
        let base = try store.open()
        let canonical = try Failure.map { () throws(StoreError) in
            try base.recordFix(text, kind: kind, for: reference, at: when)
        }
        Output.text("Recorded a \(kind.rawValue) fix of \(canonical).")
    }
}

extension Fix.Kind: ExpressibleByArgument {}

/// `casebook action REF TEXT` and `casebook action done ID`.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: "Record a follow-up action, or mark one done.",
        subcommands: [Add.self, Done.self], defaultSubcommand: Add.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Record a follow-up action (the default).")

        @Argument(help: "The incident's reference.") var reference: String
        @Argument(help: "What is to be done.") var text: String
        @Option(help: "Who owns it.") var owner: String?
        @Option(help: ArgumentHelp("When it is due (2026-07-01).", valueName: "date")) var due: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            if let due { _ = try Dates.parse(due, option: "--due") }
            let base = try store.open()
            let id = try Failure.map { () throws(StoreError) in
                try base.addAction(text, owner: owner, due: due, for: reference)
            }
            if output.json { try Output.json(["id": id]) } else { Output.text("Action #\(id) recorded.") }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", abstract: "Mark an action done.")

        @Argument(help: "The action's number, as `show` prints it (#12 or 12).") var id: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            guard let number = Int64(id.trimmingCharacters(in: CharacterSet(charactersIn: "# "))) else {
                throw CommandFailure.input("\(id) is not an action number; `casebook show REF` lists them as #12")
            }
            let base = try store.open()
            let reference = try Failure.map { () throws(StoreError) in try base.completeAction(number) }
            Output.text("Action #\(number) of \(reference) is done.")
        }
    }
}

/// `casebook resolve REF`.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Mark an incident resolved.")

    @Argument(help: "The incident's reference.") var reference: String
    @Option(help: ArgumentHelp("When it was resolved (default: now).", valueName: "time")) var at: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let when = try at.map { try Dates.parse($0, option: "--at") }
        let base = try store.open()
        let canonical = try Failure.map { () throws(StoreError) in try base.resolve(reference, at: when) }
        Output.text("\(canonical) is resolved.")
    }
}
