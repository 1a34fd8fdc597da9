import ArgumentParser
import Foundation
import Sanitizer

/// `casebook sanitize`: prints a payload with its secrets and personal data masked.
struct Sanitize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanitize",
        abstract: "Mask secrets and personal data in a payload, keeping its shape.",
        discussion: """
            Reads each FILE (or standard input, or '-') and prints it sanitized: HTTP exchanges, curl commands, \
            curl -v transcripts, JSON, JSON Lines, HAR, logs, stack traces, .env, YAML and more. The same value \
            always gets the same pseudonym under one key.
            """
    )

    @Argument(help: "Files to sanitize; '-' or none reads standard input.")
    var files: [String] = []

    @Option(help: "The payload's format; auto tells it from the content.")
    var format: PayloadFormat = .auto

    @Flag(help: "Print what was masked (rule, kind, location, action; never the value) to standard error.")
    var explain = false

    @Option(help: ArgumentHelp("Write what was masked as JSON to this file.", valueName: "file"))
    var report: String?

    @Flag(help: "Print only the findings, and exit 1 if anything would be masked.")
    var check = false

    @Option(
        help: ArgumentHelp(
            "The pseudonym key file (created if missing); a fresh key each run without it.",
            valueName: "file"))
    var keyFile: String?

    @Option(help: ArgumentHelp("Extra pattern rules in gitleaks' TOML format (repeatable).", valueName: "file"))
    var rules: [String] = []

    @Flag(help: "Print one JSON document: the format, the sanitized output and the findings.")
    var json = false

    func run() throws {
        if let report { try Self.checkWritable(report) }
        let key = try keyFile.map { try PseudonymKey.loadOrCreate(at: $0) } ?? .random()
        let sanitizer = Sanitizer(key: key, rules: try RuleSet.builtIn(merging: rules))
        var results: [(name: String, result: SanitizedPayload)] = []
        let output = FileHandle.standardOutput
        for name in files.isEmpty ? ["-"] : files {
            let source = try PayloadSource(path: name)
            let result: SanitizedPayload
            do {
                result = try sanitizer.sanitize(
                    source, format: format, write: check || json ? nil : { try output.write(contentsOf: $0) })
            } catch let error as SanitizerError {
                throw CommandFailure("\(source.name): \(error)")
            }
            if result.format == .text, format == .json || format == .har || source.detectedFormat == .har {
                FileHandle.standardError.write(
                    Data("casebook: \(source.name): not valid JSON (truncated?); scanned as text\n".utf8))
            }
            results.append((name, result))
        }
        let findings = results.flatMap { entry in
            entry.result.findings.map { (entry.name, $0) }
        }
        if explain || (check && !json) {
            let lines = findings.map { $0.1.explanation(file: files.count > 1 ? $0.0 : nil) }
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            (check ? output : FileHandle.standardError).write(Data(text.utf8))
        }
        if let report { try writeReport(results, to: report) }
        if json {
            let document = results.map { JSONReport(file: $0.name, result: $0.result, includeOutput: !check) }
            try output.write(contentsOf: Self.encoder.encode(document.count == 1 ? [document[0]] : document))
            output.write(Data("\n".utf8))
        }
        if check && !findings.isEmpty { throw ExitCode(1) }
    }

    /// A report that cannot be written fails before anything is printed, not after the payload went out.
    private static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
            FileManager.default.isWritableFile(atPath: folder)
        else { throw CommandFailure("cannot write the report to \(path): \(folder) is not a writable folder") }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("cannot write the report to \(path): it is a folder; name a file")
        }
    }

    private func writeReport(_ results: [(name: String, result: SanitizedPayload)], to path: String) throws {
        let document = results.map { JSONReport(file: $0.name, result: $0.result, includeOutput: false) }
        let data = try Self.encoder.encode(document.count == 1 ? [document[0]] : document)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CommandFailure("cannot write the report to \(path); check the folder exists") }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// One input's part of `--json` and `--report` output.
struct JSONReport: Encodable {
    var file: String
    var format: PayloadFormat
    var output: String?
    var findings: [Finding]

    init(file: String, result: SanitizedPayload, includeOutput: Bool) {
        self.file = file
        format = result.format
        output = includeOutput ? String(decoding: result.output, as: UTF8.self) : nil
        findings = result.findings
    }
}
