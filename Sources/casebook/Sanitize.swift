import ArgumentParser
import Foundation
import Sanitizer

extension PayloadFormat: ExpressibleByArgument {}

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
        let sanitizer = Sanitizer(key: try loadKey(), rules: try loadRules())
        var results: [(name: String, result: SanitizedPayload)] = []
        let output = FileHandle.standardOutput
        let streamDirectly = !check && !json
        for name in files.isEmpty ? ["-"] : files {
            let source = try PayloadSource(path: name)
            let result = try sanitize(source, with: sanitizer, streamingTo: streamDirectly ? output : nil)
            results.append((name, result))
        }
        let findings = results.flatMap { entry in
            entry.result.findings.map { (entry.name, $0) }
        }
        if explain || (check && !json) {
            let lines = findings.map { Self.describe($0.1, file: files.count > 1 ? $0.0 : nil) }
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

    private func sanitize(_ source: PayloadSource, with sanitizer: Sanitizer, streamingTo output: FileHandle?)
        throws -> SanitizedPayload
    {
        do {
            if let output, source.isText(format) {
                let findings = try sanitizer.sanitizeStream(
                    read: { try source.read(into: $0) }, write: { try output.write(contentsOf: $0) })
                return SanitizedPayload(output: [], findings: findings, format: .text)
            }
            let result = try sanitizer.sanitize(try source.readAll(), format: format)
            if result.format == .text, format == .json || format == .har || source.detectedFormat == .har {
                FileHandle.standardError.write(
                    Data("casebook: \(source.displayName): not valid JSON (truncated?); scanned as text\n".utf8))
            }
            output?.write(Data(result.output))
            return result
        } catch let error as SanitizerError {
            throw CommandFailure.input("\(source.displayName): \(error)")
        }
    }

    private func loadKey() throws -> PseudonymKey {
        guard let keyFile else { return .random() }
        do {
            return try PseudonymKey.loadOrCreate(at: keyFile)
        } catch {
            throw CommandFailure.input("\(error)")
        }
    }

    private func loadRules() throws -> RuleSet {
        var set = RuleSet.builtIn
        for path in rules {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandFailure.input("cannot read rules file \(path); check the path")
            }
            do {
                set = set.merging(try RuleSet.load(toml: text, source: path))
            } catch {
                throw CommandFailure.input("\(error)")
            }
        }
        return set
    }

    /// A report that cannot be written fails before anything is printed, not after the payload went out.
    private static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
            FileManager.default.isWritableFile(atPath: folder)
        else { throw CommandFailure.input("cannot write the report to \(path): \(folder) is not a writable folder") }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure.input("cannot write the report to \(path): it is a folder; name a file")
        }
    }

    private func writeReport(_ results: [(name: String, result: SanitizedPayload)], to path: String) throws {
        let document = results.map { JSONReport(file: $0.name, result: $0.result, includeOutput: false) }
        let data = try Self.encoder.encode(document.count == 1 ? [document[0]] : document)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CommandFailure.input("cannot write the report to \(path); check the folder exists") }
    }

    static func describe(_ finding: Finding, file: String?) -> String {
        var line = "\(file.map { "\($0):" } ?? "")\(finding.line):\(finding.column)"
        line +=
            "  \(finding.kind.category.rawValue)/\(finding.kind.rawValue)  \(finding.rule)  \(finding.action.rawValue)"
        if let path = finding.path { line += "  at \(path)" }
        if let pseudonym = finding.pseudonym { line += "  as \(pseudonym)" }
        return line
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
