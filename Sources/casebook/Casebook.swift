import ArgumentParser
import Foundation

/// `casebook`: a local-first incident knowledge base with a sanitizer.
@main
struct Casebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "A local-first incident knowledge base with a sanitizer.",
        version: "0.1.0",
        subcommands: [
            Sanitize.self, New.self, EvidenceCommand.self, Cause.self, FixCommand.self, ActionCommand.self,
            Resolve.self, Show.self, List.self, Search.self, PostmortemCommand.self, Export.self, Import.self,
            Stats.self,
        ]
    )

    /// Runs the command line, mapping failures to Casebook's exit codes: 2 for usage and input errors,
    /// 3 for store errors, and never a stack trace.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("casebook: \(failure.message)\n".utf8))
            Foundation.exit(failure.code)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("casebook: \(fullMessage(for: error))\n".utf8))
            // argument-parser's usage errors (64) are Casebook's 2.
            Foundation.exit(code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

/// A failure with a one-line reason and a hint, and the exit code that says what kind it is.
struct CommandFailure: Error {
    var message: String
    var code: Int32

    static func input(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 2) }
    static func store(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 3) }
}
