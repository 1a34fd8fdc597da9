import Foundation

extension RuleSet {
    /// The built-in rules with the rules of each file merged over them, in order: a rule with a built-in rule's id
    /// replaces or patches it, any other is added.
    ///
    /// - Parameter files: paths of rule files in gitleaks' TOML format (or Casebook's superset).
    /// - Throws: ``SanitizerError/rules(source:line:reason:)`` naming the file (and line) that cannot be read or
    ///   does not parse.
    public static func builtIn(merging files: [String]) throws(SanitizerError) -> RuleSet {
        var set = RuleSet.builtIn
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .rules(source: path, line: nil, reason: "cannot be read as UTF-8 text; check the path")
            }
            do {
                set = set.merging(try RuleSet.load(toml: text, source: path))
            } catch let error as SanitizerError {
                throw error
            } catch {
                throw .rules(source: path, line: nil, reason: "cannot be loaded")
            }
        }
        return set
    }
}
