import ArgumentParser
import Evidence
import Foundation
import Sanitizer
import Store

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
            Stats.self, Suggest.self, PlaybookCommand.self, Eval.self,
        ]
    )

    /// Runs the command line, mapping failures to Casebook's exit codes: 2 for usage and input errors,
    /// 3 for store errors, and never a stack trace.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if let (message, code) = failure(error) { fail(message, code: code) }
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // argument-parser's usage errors (64) are Casebook's 2.
            fail(fullMessage(for: error), code: code.rawValue == 64 ? 2 : code.rawValue)
        }
    }

    /// The message and exit code of a library's error: 3 when the knowledge base itself failed, 2 for the input.
    static func failure(_ error: any Error) -> (String, Int32)? {
        switch error {
        case let error as StoreError: (error.description, error.kind == .database ? 3 : 2)
        case let error as SanitizerError: (error.description, 2)
        case let error as PayloadSourceError: (error.description, 2)
        case let error as EvidenceError: (error.description, 2)
        case let error as PlaybookError: (error.description, 2)
        case let error as CommandFailure: (error.message, 2)
        default: nil
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("casebook: \(message)\n".utf8))
        Foundation.exit(code)
    }
}

/// A usage or input failure found by the command line itself, with a one-line reason and a hint (exit code 2).
struct CommandFailure: Error {
    var message: String

    init(_ message: String) { self.message = message }
}
