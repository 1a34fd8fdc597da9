import Foundation

/// Reads evidence packs written as JSON: one pack, a list of packs, or an incident holding its `evidence` (one
/// pack or a list).
///
/// Decoding is the model's own, which is lenient (a status may be `"415"`, `logs` one string). A JSON object
/// that holds none of a pack's keys is refused rather than guessed at.
enum PackJSONParser {
    /// The keys an evidence pack may hold; an object with none of them is not a pack.
    static let packKeys: Set<String> = [
        "request", "response", "timing", "environment", "logs", "stack_trace", "user_journey_step", "impact", "notes",
    ]

    static let notAPack = EvidenceError(
        "not an evidence pack: expected keys such as request, response, logs; see `casebook evidence template`, "
            + "or read the input as logs with --format logs")

    /// The packs the JSON holds; `entry` (1-based) picks one of a list.
    static func packs(from input: [UInt8], entry: Int?) throws(EvidenceError) -> [EvidencePack] {
        let document = try JSONText.parse(input, what: "the evidence JSON")
        if document["log"]?["entries"] != nil { return try HARParser.packs(from: document, entry: entry) }
        let items: [JSONValue]
        let isList: Bool
        switch document {
        case .object(let members):
            if let evidence = members["evidence"] {
                if case .array(let list) = evidence {
                    items = list
                    isList = true
                } else {
                    items = [evidence]
                    isList = false
                }
            } else {
                items = [document]
                isList = false
            }
        case .array(let list):
            items = list
            isList = true
        default:
            throw notAPack
        }
        guard !items.isEmpty else {
            throw EvidenceError("the JSON list holds no evidence packs; add at least one pack object to it")
        }
        if let entry {
            guard isList else { throw EvidenceError.entryOnSinglePack(.json) }
            guard entry <= items.count else {
                throw EvidenceError.entryOutOfRange(entry, count: items.count, of: "JSON list")
            }
            return [try pack(items[entry - 1], item: entry, listed: true)]
        }
        var packs: [EvidencePack] = []
        for (index, item) in items.enumerated() {
            packs.append(try pack(item, item: index + 1, listed: isList))
        }
        return packs
    }

    /// Decodes one pack, or says which item is not one and which field is wrong (by path, never by value).
    static func pack(_ value: JSONValue, item: Int, listed: Bool) throws(EvidenceError) -> EvidencePack {
        // An incident's evidence list may wrap each pack with its metadata: `{"id": 3, "pack": {...}}`.
        var value = value
        if case .object(let members) = value, !members.keys.contains(where: packKeys.contains),
            case .object? = members["pack"]
        {
            value = members["pack"] ?? value
        }
        let place = listed ? "item \(item) of the list" : "the JSON"
        guard case .object(let members) = value, members.keys.contains(where: packKeys.contains) else {
            if !listed { throw notAPack }
            throw EvidenceError(
                "\(place) is not an evidence pack: expected keys such as request, response, logs; see "
                    + "`casebook evidence template`")
        }
        do {
            return try EvidencePack(json: value)
        } catch {
            throw EvidenceError("\(place): \(error.description)")
        }
    }
}
