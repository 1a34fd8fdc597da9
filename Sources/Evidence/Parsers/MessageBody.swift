import Foundation

/// A request or response body as an evidence pack keeps it: JSON as JSON, form data as an object of names to
/// strings, anything else as text.
enum MessageBody {
    /// How much of a text body a pack keeps: enough for any error message, little enough to store and match.
    static let textLimit = 16 * 1024

    /// The value of a body written as `text`, read by its `contentType` when there is one and by its shape when
    /// not; nil for an empty body.
    ///
    /// JSON is parsed whatever the declared type says (a JSON body sent as `text/plain` is the classic 415), so
    /// the body's shape is comparable. Form data becomes an object only when declared as a form or, with no
    /// declared type, when every `&`-separated part is `name=value` (curl's `-d` default).
    static func value(_ text: String, contentType: String?) -> JSONValue? {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let type = contentType?.lowercased() ?? ""
        if let first = trimmed.utf8.first,
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
                || type.contains("json")
        {
            if let parsed = JSONText.value(Array(trimmed.utf8)) { return parsed }
        }
        if type.contains("x-www-form-urlencoded") || (type.isEmpty && looksLikeForm(trimmed)),
            let form = form(trimmed)
        {
            return form
        }
        return .string(text)
    }

    /// Whether `text` is `name=value&name=value` with token-like names and no white space.
    static func looksLikeForm(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 1 << 20,
            !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        else { return false }
        return text.split(separator: "&", omittingEmptySubsequences: true).allSatisfy { pair in
            guard let equals = pair.firstIndex(of: "=") else { return false }
            let name = pair[..<equals]
            return !name.isEmpty
                && name.utf8.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                        || [
                            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "["),
                            UInt8(ascii: "]"), UInt8(ascii: "%"),
                        ].contains(byte)
                }
        }
    }

    /// `a=1&b=x+y` as `{"a": "1", "b": "x y"}`; repeated names are joined with `, ` like headers.
    static func form(_ text: String) -> JSONValue? {
        var members: [String: JSONValue] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeFormComponent(parts[0])
            guard !name.isEmpty else { continue }
            let value = parts.count > 1 ? decodeFormComponent(parts[1]) : ""
            if case .string(let existing)? = members[name] {
                members[name] = .string(existing + ", " + value)
            } else {
                members[name] = .string(value)
            }
        }
        return members.isEmpty ? nil : .object(members)
    }

    private static func decodeFormComponent(_ component: Substring) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// `value` with a string longer than ``textLimit`` bytes cut at a character boundary, and how many bytes
    /// were cut (0 when nothing was).
    static func limited(_ value: JSONValue) -> (value: JSONValue, cut: Int) {
        guard case .string(let text) = value, text.utf8.count > textLimit else { return (value, 0) }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: textLimit)
        // Step back to the start of a UTF-8 sequence so the cut never splits a character.
        while end > text.utf8.startIndex, let byte = Optional(text.utf8[end]), byte & 0xC0 == 0x80 {
            end = text.utf8.index(before: end)
        }
        let kept = String(text.utf8[..<end]) ?? String(decoding: text.utf8[..<end], as: UTF8.self)
        return (.string(kept), text.utf8.count - kept.utf8.count)
    }
}
