/// A body's keys and value types without its values: `{"items":[{"id":"number"}],"note":"string"}`.
///
/// Two requests with the same skeleton were formed the same way, whatever the data; a missing or retyped field
/// shows as a different skeleton. Objects list their keys sorted; an array shows its first element's skeleton.
public struct BodySkeleton: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ body: JSONValue) {
        var text = ""
        Self.write(body, depth: 0, into: &text)
        description = text
    }

    private static func write(_ value: JSONValue, depth: Int, into text: inout String) {
        guard depth < 12 else {
            text += "\"…\""
            return
        }
        switch value {
        case .object(let members):
            text += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { text += "," }
                text += "\""
                // A quote in a key is escaped (`NSString`'s `replacingOccurrences` cost more than the rest).
                if key.utf8.contains(UInt8(ascii: "\"")) {
                    for character in key { text += character == "\"" ? "\\\"" : String(character) }
                } else {
                    text += key
                }
                text += "\":"
                if let member = members[key] { write(member, depth: depth + 1, into: &text) }
            }
            text += "}"
        case .array(let items):
            text += "["
            if let first = items.first { write(first, depth: depth + 1, into: &text) }
            text += "]"
        default:
            text += "\"\(value.typeName)\""
        }
    }
}
