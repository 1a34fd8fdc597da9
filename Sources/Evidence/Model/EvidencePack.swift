import Foundation

/// The evidence captured for one failing request: what was sent, what came back, how long it took, where it ran,
/// what the logs said, and who it hurt.
///
/// Every field is optional: a pack from a `curl -v` transcript knows the request and the response, one from a log
/// knows the log lines and the stack trace. The JSON form is INTERFACE.md's evidence-pack format; decoding is
/// lenient (a status may be `"415"`, `logs` may be one string, `notes` too), and unknown fields are ignored.
public struct EvidencePack: Sendable, Hashable, Codable {
    public var request: RequestFacts?
    public var response: ResponseFacts?
    public var timing: Timing?
    public var environment: EnvironmentFacts?
    public var logs: [String]?
    public var stackTrace: String?
    public var userJourneyStep: String?
    public var impact: String?
    public var notes: [String]?
    /// The input the pack was read from: `curl`, `curl -v`, `http`, `har`, `json` or `logs`.
    public var source: String?

    public init(
        request: RequestFacts? = nil, response: ResponseFacts? = nil, timing: Timing? = nil,
        environment: EnvironmentFacts? = nil, logs: [String]? = nil, stackTrace: String? = nil,
        userJourneyStep: String? = nil, impact: String? = nil, notes: [String]? = nil, source: String? = nil
    ) {
        self.request = request
        self.response = response
        self.timing = timing
        self.environment = environment
        self.logs = logs
        self.stackTrace = stackTrace
        self.userJourneyStep = userJourneyStep
        self.impact = impact
        self.notes = notes
        self.source = source
    }

    /// Reads a pack from its JSON form, leniently: numbers where text was expected, one string where a list was.
    ///
    /// - Throws: ``EvidenceError`` when the value, or one of its sections, is not an object; by path, never by
    ///   value.
    public init(json: JSONValue) throws(EvidenceError) {
        let members = try JSONFields(json, path: "the evidence pack")
        request = try members.object("request").map { fields throws(EvidenceError) in try RequestFacts(fields) }
        response = try members.object("response").map { fields throws(EvidenceError) in try ResponseFacts(fields) }
        timing = try members.object("timing").map { Timing($0) }
        environment = try members.object("environment").map { EnvironmentFacts($0) }
        logs = members["logs"].flatMap(Lenient.lines)
        stackTrace = members["stack_trace"].flatMap(Lenient.text)
        userJourneyStep = members["user_journey_step"].flatMap(Lenient.text)
        impact = members["impact"].flatMap(Lenient.text)
        notes = members["notes"].flatMap(Lenient.strings)
        source = members["source"]?.stringValue
    }

    /// The pack in the evidence-pack format.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["request"] = request?.json
        members["response"] = response?.json
        members["timing"] = timing?.json
        members["environment"] = environment?.json
        members["logs"] = logs.map { .array($0.map(JSONValue.string)) }
        members["stack_trace"] = stackTrace.map(JSONValue.string)
        members["user_journey_step"] = userJourneyStep.map(JSONValue.string)
        members["impact"] = impact.map(JSONValue.string)
        members["notes"] = notes.map { .array($0.map(JSONValue.string)) }
        members["source"] = source.map(JSONValue.string)
        return .object(members)
    }

    /// Whether the pack holds nothing at all.
    public var isEmpty: Bool { self == EvidencePack(source: source) }

    /// An empty pack with every field present, for `casebook evidence template`.
    public static let template = EvidencePack(
        request: RequestFacts(method: "", url: "", headers: [:], body: .object([:])),
        response: ResponseFacts(status: nil, errorCode: "", headers: [:], body: .string("")),
        timing: Timing(latencyMs: nil, serverMs: nil, timeoutMs: nil),
        environment: EnvironmentFacts(region: "", release: "", commit: "", featureFlags: [:], gateway: ""),
        logs: [], stackTrace: "", userJourneyStep: "", impact: "", notes: [])
}

/// What was sent.
public struct RequestFacts: Sendable, Hashable, Codable {
    public var method: String?
    public var url: String?
    /// Header values by name as written; repeated headers are joined with `, `.
    public var headers: [String: String]?
    public var body: JSONValue?

    public init(method: String? = nil, url: String? = nil, headers: [String: String]? = nil, body: JSONValue? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    init(_ members: JSONFields) throws(EvidenceError) {
        method = members["method"].flatMap(Lenient.text)
        url = members["url"].flatMap(Lenient.text)
        headers = members["headers"].flatMap(Lenient.headers)
        body = members["body"]
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["method"] = method.map(JSONValue.string)
        members["url"] = url.map(JSONValue.string)
        members["headers"] = headers.map { .object($0.mapValues(JSONValue.string)) }
        members["body"] = body
        return .object(members)
    }
}

/// What came back, or why nothing did.
public struct ResponseFacts: Sendable, Hashable, Codable {
    /// The HTTP status; nil when no response came (connection refused, a TLS failure, a timeout).
    public var status: Int?
    /// The API's own error code (`UNSUPPORTED_MEDIA_TYPE`), from the body or given.
    public var errorCode: String?
    public var headers: [String: String]?
    public var body: JSONValue?
    /// Why no response came, in the client's words (`Connection refused`, `SSL certificate problem`).
    public var failure: String?

    public init(
        status: Int? = nil, errorCode: String? = nil, headers: [String: String]? = nil, body: JSONValue? = nil,
        failure: String? = nil
    ) {
        self.status = status
        self.errorCode = errorCode
        self.headers = headers
        self.body = body
        self.failure = failure
    }

    init(_ members: JSONFields) throws(EvidenceError) {
        status = members["status"]?.integerValue.flatMap { Int(exactly: $0) }
        errorCode = members["error_code"].flatMap(Lenient.text)
        headers = members["headers"].flatMap(Lenient.headers)
        body = members["body"]
        failure = members["failure"].flatMap(Lenient.text)
    }

    /// `status` is written even when nil, because "no response" is a fact worth keeping.
    var json: JSONValue {
        var members: [String: JSONValue] = ["status": status.map { .integer(Int64($0)) } ?? .null]
        members["error_code"] = errorCode.map(JSONValue.string)
        members["headers"] = headers.map { .object($0.mapValues(JSONValue.string)) }
        members["body"] = body
        members["failure"] = failure.map(JSONValue.string)
        return .object(members)
    }
}

/// How long it took, and the limits that applied.
public struct Timing: Sendable, Hashable, Codable {
    public var latencyMs: Double?
    public var serverMs: Double?
    public var timeoutMs: Double?

    public init(latencyMs: Double? = nil, serverMs: Double? = nil, timeoutMs: Double? = nil) {
        self.latencyMs = latencyMs
        self.serverMs = serverMs
        self.timeoutMs = timeoutMs
    }

    init(_ members: JSONFields) {
        latencyMs = members["latency_ms"]?.doubleValue
        serverMs = members["server_ms"]?.doubleValue
        timeoutMs = members["timeout_ms"]?.doubleValue
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["latency_ms"] = latencyMs.map(JSONValue.number)
        members["server_ms"] = serverMs.map(JSONValue.number)
        members["timeout_ms"] = timeoutMs.map(JSONValue.number)
        return .object(members)
    }

    /// Whether nothing is known.
    public var isEmpty: Bool { latencyMs == nil && serverMs == nil && timeoutMs == nil }
}

/// Where the request ran: region, release, commit, feature flags, gateway, and any other fact given.
public struct EnvironmentFacts: Sendable, Hashable, Codable {
    public var region: String?
    public var release: String?
    public var commit: String?
    public var featureFlags: [String: JSONValue]?
    public var gateway: String?
    /// Facts under other names (`pod`, `cluster`, `runtime`), kept as given.
    public var other: [String: JSONValue]?

    public init(
        region: String? = nil, release: String? = nil, commit: String? = nil,
        featureFlags: [String: JSONValue]? = nil, gateway: String? = nil, other: [String: JSONValue]? = nil
    ) {
        self.region = region
        self.release = release
        self.commit = commit
        self.featureFlags = featureFlags
        self.gateway = gateway
        self.other = other
    }

    private static let named: Set<String> = ["region", "release", "commit", "feature_flags", "gateway"]

    init(_ fields: JSONFields) {
        let members = fields.members
        region = members["region"].flatMap(Lenient.text)
        release = members["release"].flatMap(Lenient.text)
        commit = members["commit"].flatMap(Lenient.text)
        if case .object(let flags) = members["feature_flags"] { featureFlags = flags }
        gateway = members["gateway"].flatMap(Lenient.text)
        let rest = members.filter { !Self.named.contains($0.key) }
        other = rest.isEmpty ? nil : rest
    }

    var json: JSONValue {
        var members = other ?? [:]
        if let region { members["region"] = .string(region) }
        if let release { members["release"] = .string(release) }
        if let commit { members["commit"] = .string(commit) }
        if let featureFlags { members["feature_flags"] = .object(featureFlags) }
        if let gateway { members["gateway"] = .string(gateway) }
        return .object(members)
    }
}

/// An object's members, read with the path that error messages name.
struct JSONFields {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws(EvidenceError) {
        guard case .object(let members) = value else {
            throw EvidenceError(
                path == "the evidence pack"
                    ? "the evidence pack is not a JSON object; compare it with `casebook evidence template`"
                    : "field `\(path)` has the wrong type (expected an object); see `casebook evidence template`")
        }
        self.members = members
        self.path = path
    }

    subscript(key: String) -> JSONValue? {
        if case .null? = members[key] { return nil }
        return members[key]
    }

    /// Member `key` as an object's fields; nil when absent or null.
    func object(_ key: String) throws(EvidenceError) -> JSONFields? {
        guard let value = self[key] else { return nil }
        return try JSONFields(value, path: path == "the evidence pack" ? key : "\(path).\(key)")
    }
}

/// Reading hand-written packs kindly: a number where text was expected, one string where a list was.
enum Lenient {
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return nil
        case .array, .object: return value.jsonText
        }
    }

    static func strings(_ value: JSONValue) -> [String]? {
        if case .array(let items) = value { return items.compactMap(text) }
        return text(value).map { [$0] }
    }

    /// A list of log lines from an array, or from one string split at its line breaks.
    static func lines(_ value: JSONValue) -> [String]? {
        if case .string(let text) = value {
            return text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        }
        return strings(value)
    }

    /// Headers from an object (`{"Name": "value"}`) or a HAR-style list (`[{"name": ..., "value": ...}]`).
    static func headers(_ value: JSONValue) -> [String: String]? {
        switch value {
        case .object(let members):
            return members.compactMapValues(text)
        case .array(let items):
            var headers: [String: String] = [:]
            for item in items {
                guard let name = item["name"].flatMap(text), let value = item["value"].flatMap(text) else { continue }
                headers[name] = headers[name].map { "\($0), \(value)" } ?? value
            }
            return headers
        default:
            return nil
        }
    }
}

// MARK: - Codable, through the JSON form

extension EvidencePack {
    public init(from decoder: any Decoder) throws { try self.init(json: try JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension RequestFacts {
    public init(from decoder: any Decoder) throws {
        try self.init(JSONFields(try JSONValue(from: decoder), path: "request"))
    }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension ResponseFacts {
    public init(from decoder: any Decoder) throws {
        try self.init(JSONFields(try JSONValue(from: decoder), path: "response"))
    }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Timing {
    public init(from decoder: any Decoder) throws {
        self.init(try JSONFields(try JSONValue(from: decoder), path: "timing"))
    }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension EnvironmentFacts {
    public init(from decoder: any Decoder) throws {
        self.init(try JSONFields(try JSONValue(from: decoder), path: "environment"))
    }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
