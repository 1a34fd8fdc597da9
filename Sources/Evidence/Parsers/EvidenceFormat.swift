/// The inputs `casebook evidence add` reads.
///
/// `auto` tells them apart by their content (see ``EvidenceReader/detect(_:)``); the raw values are the names the
/// command line accepts (`--format curl-v`) and what ``EvidencePack/source`` records.
public enum EvidenceFormat: String, Sendable, CaseIterable {
    /// Decide from the content.
    case auto
    /// A curl command line.
    case curl
    /// A `curl -v` transcript, with or without the command before it.
    case curlVerbose = "curl-v"
    /// A raw HTTP request, response, or both (HTTP/1.x, or HTTP/2 pseudo-headers).
    case http
    /// An HTTP Archive 1.2 (a browser's "Save all as HAR").
    case har
    /// An evidence pack, a list of packs, or an incident with its evidence, as JSON.
    case json
    /// Log lines and stack traces: plain text, key=value, JSON lines, or a mix.
    case logs
}
