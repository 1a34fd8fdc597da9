import Foundation

/// Where a value is in a JSON document: the member keys (as byte ranges of the document, escapes not decoded) and
/// array indices that lead to it from the top.
package struct JSONPath {
    /// One step of a path.
    package enum Component {
        /// A member of an object, by its key's content without the quotes.
        case key(Range<Int>)
        /// An element of an array, counted from zero.
        case index(Int)
    }

    /// The steps from the document's top; empty for the top itself.
    package var components: [Component] = []

    /// The key nearest the end of the path: a member's own, or for an array element, its array's.
    var lastKey: Range<Int>? {
        for component in components.reversed() {
            if case .key(let range) = component { return range }
        }
        return nil
    }

    /// The path as a manifest shows it, `$.users[0]["x-api-key"]`.
    ///
    /// A key made of letters, digits and `_` follows a dot; any other key is quoted in brackets.
    ///
    /// - Parameter key: the text to show for the key at a range (the sanitizer shows a key that holds a secret
    ///   masked).
    func rendered(key: (Range<Int>) -> String) -> String {
        var result = "$"
        for component in components {
            switch component {
            case .key(let range):
                let key = key(range)
                if key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !key.isEmpty {
                    result += "." + key
                } else {
                    result += "[\"" + key.replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
                }
            case .index(let n):
                result += "[\(n)]"
            }
        }
        return result
    }
}
