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
    @Option(help: "How bad it is.") var severity: Severity?
    @Option(help: "The environment (production, staging...).") var env: String?
    @Option(help: ArgumentHelp("When it started (default: when it was detected).", valueName: "time"))
    var started: Timestamp?
    @Option(help: ArgumentHelp("When it was detected (default: now).", valueName: "time")) var detected: Timestamp?
    @Option(help: "A short summary.") var summary: String?
    @Option(help: "A tag (repeatable).") var tag: [String] = []
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let incident = NewIncident(
            title: title, summary: summary, service: service, environment: env, severity: severity,
            startedAt: started?.date, detectedAt: detected?.date, tags: tag)
        let reference = try store.open().open(incident)
        if output.json { try Output.json(["id": reference]) } else { Output.text(reference) }
    }
}

/// `casebook cause REF TEXT`.
struct Cause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cause", abstract: "Record the root cause of an incident.")

    @Argument(help: "The incident's reference (INC-0042).") var reference: String
    @Argument(help: "The root cause, in a sentence.") var text: String
    @Option(help: "The bucket of the boundary that failed first.") var bucket: TriageBucket?
    @Option(help: "Why it worked locally.") var mismatch: MismatchCategory?
    @Option(help: ArgumentHelp("When it was clarified (default: now).", valueName: "time")) var at: Timestamp?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let canonical = try store.open().recordCause(
            text, bucket: bucket, mismatch: mismatch, for: reference, at: at?.date)
        Output.text("Recorded the root cause of \(canonical).")
    }
}

/// `casebook fix REF TEXT`.
struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fix", abstract: "Record a fix of an incident.")

    @Argument(help: "The incident's reference.") var reference: String
    @Argument(help: "What was done.") var text: String
    @Option(help: "A mitigation stops the impact; a permanent fix removes the cause.") var kind: Fix.Kind = .permanent
    @Option(help: ArgumentHelp("When it was applied (default: now).", valueName: "time")) var at: Timestamp?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let canonical = try store.open().recordFix(text, kind: kind, for: reference, at: at?.date)
        Output.text("Recorded a \(kind.rawValue) fix of \(canonical).")
    }
}

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
        @Option(help: ArgumentHelp("When it is due (2026-07-01).", valueName: "date")) var due: Timestamp?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = try store.open().addAction(text, owner: owner, due: due?.date, for: reference)
            if output.json { try Output.json(["id": id]) } else { Output.text("Action #\(id) recorded.") }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", abstract: "Mark an action done.")

        @Argument(help: "The action's number, as `show` prints it (#12 or 12).") var id: ActionNumber
        @OptionGroup var store: StoreOptions

        func run() throws {
            let reference = try store.open().completeAction(id.value)
            Output.text("Action #\(id.value) of \(reference) is done.")
        }
    }
}

/// An action's number as `show` prints it: `#12`, or `12`.
struct ActionNumber: ExpressibleByArgument {
    var value: Int64

    init?(argument: String) {
        guard let value = Int64(argument.trimmingCharacters(in: CharacterSet(charactersIn: "# "))), value > 0 else {
            return nil
        }
        self.value = value
    }
}

/// `casebook resolve REF`.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Mark an incident resolved.")

    @Argument(help: "The incident's reference.") var reference: String
    @Option(help: ArgumentHelp("When it was resolved (default: now).", valueName: "time")) var at: Timestamp?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let canonical = try store.open().resolve(reference, at: at?.date)
        Output.text("\(canonical) is resolved.")
    }
}
