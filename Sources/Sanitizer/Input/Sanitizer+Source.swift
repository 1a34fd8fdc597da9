/// Sanitizing a whole input, as `casebook sanitize` does for each file.
extension Sanitizer {
    /// Sanitizes an input: streamed in bounded memory when it reads as text (see
    /// ``PayloadSource/streams(as:)``) and `write` is given, else read whole and parsed as `format`.
    ///
    /// - Parameters:
    ///   - write: receives the sanitized output, in order; nil to keep it in the result instead.
    /// - Returns: the findings, and the output when it was not written (a streamed result's output is empty and
    ///   its format `.text`).
    /// - Throws: ``PayloadSourceError`` when the input cannot be read, ``SanitizerError`` when it cannot be
    ///   sanitized safely (nothing more is written then).
    public func sanitize(_ source: PayloadSource, format: PayloadFormat, write: (([UInt8]) throws -> Void)?)
        throws -> SanitizedPayload
    {
        if let write, source.streams(as: format) {
            let findings = try sanitizeStream(read: { try source.read(into: $0) }, write: write)
            return SanitizedPayload(output: [], findings: findings, format: .text)
        }
        let result = try sanitize(try source.readAll(), format: format)
        if let write {
            try write(result.output)
            return SanitizedPayload(output: [], findings: result.findings, format: result.format)
        }
        return result
    }
}
