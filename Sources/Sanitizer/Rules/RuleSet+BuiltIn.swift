/// Casebook's built-in rules: the files of `redaction-rules/`, compiled into the binary.
extension RuleSet {
    /// The built-in rule files, by name. SwiftPM's `.embedInCode("redaction-rules")` turns each file into a static
    /// `[UInt8]` of `PackageResources`, named after the file with `.` as `_`: a new file needs one line here.
    static let builtInFiles: [(name: String, bytes: [UInt8])] = [
        ("cloud.toml", PackageResources.cloud_toml),
        ("saas.toml", PackageResources.saas_toml),
        ("payments.toml", PackageResources.payments_toml),
        ("generic.toml", PackageResources.generic_toml),
    ]

    /// Every built-in rule, loaded once.
    ///
    /// The built-in files are tested to load without an error or a warning; should one ever fail, its rules are
    /// left out and the failure is listed in ``warnings``, rather than stopping every run.
    public static var builtIn: RuleSet { loadedBuiltIn }

    private static let loadedBuiltIn: RuleSet = {
        var combined = RuleSet.empty
        var failures: [String] = []
        for file in builtInFiles {
            do {
                combined = combined.merging(
                    try RuleSet.load(
                        toml: String(decoding: file.bytes, as: UTF8.self), source: "built-in:\(file.name)",
                        extendDepth: 0, builtIn: true))
            } catch {
                failures.append("\(error)")
            }
        }
        return RuleSet(
            definitions: combined.definitions, globalAllowlists: combined.globalAllowlists,
            targetedAllowlists: combined.targetedAllowlists, disabledRules: combined.disabledRules,
            warnings: combined.warnings + failures)
    }()
}
