/// What makes one failing request comparable with another: its normalized facts and two fingerprints.
///
/// The coarse fingerprint is the method, route template, status and error code: the same failure of the same
/// endpoint. The fine one adds the error signature and the request body's skeleton: an exact fine match is "seen
/// before". Both are stable hex digests of their parts, so they can be stored, indexed and compared as text.
public struct EvidenceFingerprint: Sendable, Hashable, Codable {
    public var method: String?
    public var route: String?
    public var host: String?
    public var status: Int?
    public var errorCode: String?
    public var queryKeys: [String]
    public var headerNames: [String]
    public var bodySkeleton: String?
    public var errorSignature: String?
    /// The error message as written, before normalization (not part of the fingerprint's JSON form).
    public var message: String?
    /// The exception's type, from the stack trace or the logs (`java.net.SocketTimeoutException`).
    public var exception: String?
    public var coarse: String
    public var fine: String

    enum CodingKeys: String, CodingKey {
        case method, route, host, status, exception, coarse, fine
        case errorCode = "error_code"
        case queryKeys = "query_keys"
        case headerNames = "header_names"
        case bodySkeleton = "body_skeleton"
        case errorSignature = "error_signature"
    }

    /// Whether the pack names a failure at all: a status, an error code, an error message or an exception. A pack
    /// that names none (a note, an empty request) gives nothing to judge or to match by.
    public var namesFailure: Bool { status != nil || errorCode != nil || errorSignature != nil || exception != nil }

    /// The most telling error message of a pack, as written: the response body's, the client's failure, the
    /// first error log line, or the stack trace's first line.
    public static func message(of pack: EvidencePack) -> String? { ErrorFacts.message(of: pack) }

    public init(_ pack: EvidencePack) {
        let request = pack.request
        method = request?.method.map { $0.uppercased() }
        let url = request?.url.map(URLSummary.init)
        route = url.map { RouteTemplate(path: $0.path).description }
        host = url?.host
        queryKeys = url?.queryKeys ?? []
        headerNames = (request?.headers?.keys.map { $0.lowercased() } ?? []).sorted()
        bodySkeleton = request?.body.flatMap { body in
            if case .string(let text) = body { return JSONValue.parse(text.utf8).map { BodySkeleton($0).description } }
            return BodySkeleton(body).description
        }
        status = pack.response?.status
        errorCode = pack.response?.errorCode ?? pack.response?.body.flatMap(ErrorFacts.code)
        message = ErrorFacts.message(of: pack)
        errorSignature = message.map { ErrorSignature(message: $0).description }
        exception = ErrorFacts.exception(of: pack)
        let coarseParts = [method ?? "", route ?? "", status.map(String.init) ?? "", errorCode ?? ""]
        coarse = Digest.hex(coarseParts.joined(separator: "\u{1F}"))
        let fineParts = [coarse, errorSignature ?? "", exception ?? "", bodySkeleton ?? ""]
        fine = Digest.hex(fineParts.joined(separator: "\u{1F}"))
    }
}

/// The host, path and query parameter names of a URL or an origin-form target.
struct URLSummary {
    var host: String?
    var path: String
    var queryKeys: [String]

    init(_ url: String) {
        // Delimiters are found in the UTF-8 bytes: Foundation's `range(of:)` and `Character` comparisons cost more
        // than the rest of the fingerprint.
        var rest = url.trimmingWhitespace()
        if let scheme = rest.firstRangeOfBytes("://") {
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.utf8.firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.utf8.lastIndex(of: 0x40) { authority = authority[authority.utf8.index(after: at)...] }
            host = authority.isEmpty ? nil : authority.lowercased()
            rest = rest[authorityEnd...]
        }
        if let hash = rest.utf8.firstIndex(of: 0x23) { rest = rest[..<hash] }
        var query: Substring = ""
        if let mark = rest.utf8.firstIndex(of: 0x3F) {
            query = rest[rest.utf8.index(after: mark)...]
            rest = rest[..<mark]
        }
        path = rest.isEmpty ? "/" : String(rest)
        let names = query.utf8.split(separator: 0x26).compactMap { pair -> String? in
            let name = Substring(pair.split(separator: 0x3D, maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard !name.isEmpty else { return nil }
            return name.utf8.contains(UInt8(ascii: "%"))
                ? (String(name).removingPercentEncoding ?? String(name)) : String(name)
        }
        queryKeys = Array(Set(names)).sorted()
    }
}

/// Where a pack says what went wrong: the error message, the API's error code, the exception's type.
enum ErrorFacts {
    /// The API's error code in a body: `code`, `error_code`, `errorCode`, `error.code`, or `error` when it is a
    /// single upper-case word (`"error": "invalid_grant"`).
    static func code(in body: JSONValue) -> String? {
        let object = bodyObject(body)
        for key in ["error_code", "errorCode", "code", "error_type", "type"] {
            if let text = object?[key].flatMap(Lenient.text), isCode(text) { return text }
        }
        if let error = object?["error"] {
            if let text = error.stringValue, isCode(text) { return text }
            if let nested = error["code"].flatMap(Lenient.text), isCode(nested) { return nested }
        }
        if case .array(let errors)? = object?["errors"], let first = errors.first,
            let text = first["code"].flatMap(Lenient.text), isCode(text)
        {
            return text
        }
        return nil
    }

    /// The most telling message: the response body's, then the client's failure, then the first error log line,
    /// then the stack trace's first line.
    static func message(of pack: EvidencePack) -> String? {
        if let body = pack.response?.body {
            let object = bodyObject(body)
            for key in ["message", "error_description", "detail", "title", "error_message", "errorMessage"] {
                if let text = object?[key]?.stringValue, !text.isEmpty { return text }
            }
            if let error = object?["error"] {
                if let text = error["message"]?.stringValue { return text }
                if let text = error.stringValue, !isCode(text) { return text }
            }
            if case .array(let errors)? = object?["errors"], let text = errors.first?["message"]?.stringValue {
                return text
            }
            if object == nil, case .string(let text) = body, !text.isEmpty, text.count < 300 { return text }
        }
        if let failure = pack.response?.failure { return failure }
        if let line = pack.logs?.first(where: isErrorLine) { return line }
        if let trace = pack.stackTrace, let first = trace.split(separator: "\n").first { return String(first) }
        return nil
    }

    /// The exception's type: the first `a.b.CException` or `SomethingError` word of the stack trace or the logs.
    static func exception(of pack: EvidencePack) -> String? {
        let texts = [pack.stackTrace.map { String($0.prefix(4096)) }].compactMap { $0 } + (pack.logs ?? [])
        // Most lines name no exception: look closer only at those that hold "Exception" or "Error".
        for text in texts
        where text.utf8.contains(UInt8(ascii: "E"))
            && (text.containsBytes("Exception") || text.containsBytes("Error"))
        {
            for word in text.split(whereSeparator: { " \t\n:()[],;\"'".contains($0) }) {
                let name = word.split(separator: ".").last ?? word
                guard name.hasSuffix("Exception") || name.hasSuffix("Error"), name.count > 5,
                    name.first?.isUppercase == true
                else { continue }
                return String(word)
            }
        }
        return nil
    }

    static func isErrorLine(_ line: String) -> Bool {
        ["ERROR", "FATAL", "error", "Exception", "exception", "failed", "refused", "timeout", "timed out"]
            .contains { line.contains($0) }
    }

    /// An error code: one word of letters, digits, `_`, `-` and `.`, not a sentence.
    private static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// The body as an object: itself, or the object a JSON string body holds.
    private static func bodyObject(_ body: JSONValue) -> JSONValue? {
        switch body {
        case .object: return body
        case .string(let text):
            if let parsed = JSONValue.parse(text.utf8), case .object = parsed { return parsed }
            return nil
        default: return nil
        }
    }
}

/// A stable 64-bit FNV-1a digest in hex: fingerprints are compared, not kept secret.
enum Digest {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
