import Foundation

/// Any JSON value: a request or response body, a feature flag, a field Casebook keeps without knowing it.
///
/// Integers and other numbers are told apart so that `415` stays `415` and `0.5` stays `0.5` when encoded again.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as text: a string as it is, a number or a flag as written, a list or an object as JSON.
    public var textValue: String? { Lenient.text(self) }

    /// The value as a whole number, when it is one or a string that spells one (`"415"`).
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value): return value.rounded() == value && abs(value) < 1e15 ? Int64(value) : nil
        case .string(let value): return Int64(value.trimmingWhitespace())
        default: return nil
        }
    }

    /// The value as a number, when it is one or a string that spells one (`"31000"`, `"1.5"`).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        case .string(let value): return Double(value.trimmingWhitespace())
        default: return nil
        }
    }

    /// Member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The JSON type's name, as a body skeleton spells it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
