/// A request path with its identifiers replaced: `/orders/8812/items` is `/orders/{id}/items`.
///
/// Two requests for different orders fail the same way far more often than two different routes do, so incidents
/// are compared by route template. A segment is an identifier when it is a number, a UUID, a long hex string, an
/// email or pseudonym, or a long token that mixes letters and digits (`ord_8f3kd9a2x`); words (`items`, `v2`,
/// `me`) stay.
public struct RouteTemplate: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    /// The template of `path` (a path, or a whole URL whose path is used); the query and fragment are dropped.
    public init(path: String) {
        // Delimiters are found in the UTF-8 bytes, as `Character` comparisons cost more than the rest.
        var rest = Substring(path)
        if let scheme = rest.firstRangeOfBytes("://") {
            rest = rest[scheme.upperBound...]
            rest = rest.utf8.firstIndex(of: 0x2F).map { rest[$0...] } ?? "/"
        }
        if let end = rest.utf8.firstIndex(where: { $0 == 0x3F || $0 == 0x23 }) { rest = rest[..<end] }
        let segments = rest.utf8.split(separator: 0x2F, omittingEmptySubsequences: false).map { bytes in
            let segment = Substring(bytes)
            return Self.isIdentifier(segment) ? "{id}" : String(segment)
        }
        let joined = segments.joined(separator: "/")
        description = joined.isEmpty ? "/" : joined
    }

    static func isIdentifier(_ segment: Substring) -> Bool {
        guard !segment.isEmpty, !(segment.hasPrefix("{") && segment.hasSuffix("}")) else { return false }
        let bytes = Array(segment.utf8)
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        if bytes.contains(0x40) { return true }  // an email, or its pseudonym
        let digits = bytes.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        let hex = bytes.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x2D
        }
        if hex, bytes.count >= 8, digits > 0 { return true }  // UUIDs, hashes, object ids
        let letters = bytes.filter { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }.count
        // A long token that mixes letters and digits, or is mostly digits (`ord_8f3kd9a2x`, `A123456`, `2026-06-19`).
        if bytes.count >= 8, digits >= 2, letters > 0 || digits * 2 >= bytes.count { return true }
        if digits * 2 > bytes.count, digits >= 3 { return true }
        return false
    }
}
