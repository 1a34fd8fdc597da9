import Evidence
import Sanitizer

extension KnowledgeBase {
    /// Reads evidence packs from a raw input, sanitizing it first under the knowledge base's key, so that the
    /// parsers, and everything after them, only ever see masked values.
    ///
    /// - Parameters:
    ///   - raw: a curl command, a `curl -v` transcript, an HTTP exchange, a HAR file, an evidence-pack JSON, or
    ///     logs and stack traces.
    ///   - entry: for a HAR file, the 1-based entry to read instead of every failed one.
    /// - Throws: ``StoreError`` (input) when the input cannot be sanitized or read as evidence.
    public func capture(_ raw: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil) throws(StoreError)
        -> [EvidencePack]
    {
        // Tell the format from the raw bytes: masks keep shapes, but the decision should not depend on them.
        let resolved = format == .auto ? EvidenceReader.detect(raw) : format
        let clean: [UInt8]
        do {
            clean = try sanitizer.sanitize(raw, format: Self.payloadFormat(for: resolved)).output
        } catch let error as StoreError {
            throw error
        } catch {
            throw .input("the evidence could not be sanitized safely, so it was not read: \(error)")
        }
        do {
            return try EvidenceReader.packs(from: clean, format: resolved, entry: entry)
        } catch {
            throw .input(error.description)
        }
    }

    static func payloadFormat(for format: EvidenceFormat) -> PayloadFormat {
        switch format {
        case .auto: .auto
        case .curl, .curlVerbose: .curl
        case .http: .http
        case .har: .har
        case .json: .json
        case .logs: .text
        }
    }
}
