import Foundation
import Testing

@testable import Evidence

/// The test fixtures: real `curl -v` transcripts, hand-built HAR files, HTTP exchanges, packs and logs, all with
/// obviously fake data.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    /// The one pack `name` gives.
    static func pack(_ name: String, format: EvidenceFormat = .auto) throws -> EvidencePack {
        let packs = try EvidenceReader.packs(from: bytes(name), format: format)
        try #require(packs.count == 1)
        return packs[0]
    }
}

/// The error reading `input` throws, or nil when it reads.
func readError(_ input: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil) -> EvidenceError? {
    do {
        _ = try EvidenceReader.packs(from: input, format: format, entry: entry)
        return nil
    } catch {
        return error
    }
}

/// The error reading `text` throws, or nil when it reads.
func readError(_ text: String, format: EvidenceFormat = .auto, entry: Int? = nil) -> EvidenceError? {
    readError(Array(text.utf8), format: format, entry: entry)
}
