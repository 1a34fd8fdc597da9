extension Finding {
    /// The finding as `--explain` and `--check` print it: where, what, which rule, what was done, and the
    /// pseudonym; never the value.
    ///
    /// ```
    /// 6:57  personal/email  keyed-email  pseudonymized  at email  as user-807e3404@example.invalid
    /// ```
    ///
    /// - Parameter file: the input's name, to start the line with when several inputs are explained together.
    public func explanation(file: String? = nil) -> String {
        var line = "\(file.map { "\($0):" } ?? "")\(line):\(column)"
        line += "  \(kind.category.rawValue)/\(kind.rawValue)  \(rule)  \(action.rawValue)"
        if let path { line += "  at \(path)" }
        if let pseudonym { line += "  as \(pseudonym)" }
        return line
    }
}
