import Foundation

/// JSON text read safely: parsed when it is JSON, and when it is not, a reason a person can act on.
///
/// Foundation's decoder refuses deeply nested input (it throws rather than recursing without end), but the
/// reason it gives quotes the input. This scanner finds the reason without quoting anything: where the text
/// ends early, where a bracket does not match, how deep it nests.
enum JSONText {
    /// How deep a document may nest before it is refused unread (Foundation's own limit is 512).
    static let maxDepth = 512

    /// The value `bytes` hold, or nil when they are not JSON or nest deeper than ``maxDepth``.
    static func value(_ bytes: [UInt8]) -> JSONValue? {
        guard shape(of: bytes).maxDepth <= maxDepth else { return nil }
        return JSONValue.parse(bytes)
    }

    /// Parses `bytes`, or throws an error naming `what` ("the HAR file") and why it is not JSON.
    static func parse(_ bytes: [UInt8], what: String) throws(EvidenceError) -> JSONValue {
        let shape = shape(of: bytes)
        if shape.maxDepth <= maxDepth, let value = JSONValue.parse(bytes) { return value }
        throw EvidenceError(shape.problem(what: what))
    }

    /// What a scan of the brackets and strings found.
    struct Shape {
        var depth = 0
        var maxDepth = 0
        var inString = false
        /// The line of the first closing bracket that does not match its opening one.
        var mismatchLine: Int?

        func problem(what: String) -> String {
            if maxDepth > JSONText.maxDepth {
                return "\(what) nests deeper than \(JSONText.maxDepth) levels; Casebook does not read JSON that deep"
            }
            if let mismatchLine {
                return "\(what) is not valid JSON: a bracket closes at line \(mismatchLine) that was never opened "
                    + "there; check the JSON around that line"
            }
            if inString || depth > 0 {
                return "\(what) is not valid JSON: it ends before its last \(inString ? "string" : "bracket") "
                    + "closes (truncated?); copy or export it again in full"
            }
            return "\(what) is not valid JSON; check that it was copied whole, or pick another --format"
        }
    }

    /// One linear pass over `bytes` that tracks strings, escapes and bracket depth.
    static func shape(of bytes: [UInt8]) -> Shape {
        var shape = Shape()
        var stack: [UInt8] = []
        var escaped = false
        var line = 1
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            if shape.inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    shape.inString = false
                }
                continue
            }
            switch byte {
            case 0x22:
                shape.inString = true
            case 0x7B, 0x5B:
                stack.append(byte)
                shape.maxDepth = max(shape.maxDepth, stack.count)
            case 0x7D, 0x5D:
                let opener: UInt8 = byte == 0x7D ? 0x7B : 0x5B
                if stack.last == opener {
                    stack.removeLast()
                } else if shape.mismatchLine == nil {
                    shape.mismatchLine = line
                }
            default:
                break
            }
        }
        shape.depth = stack.count
        return shape
    }
}
