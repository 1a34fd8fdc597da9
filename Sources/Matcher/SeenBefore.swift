import Evidence
import Foundation
import Store

/// "Have we seen this before?" answered exactly: the past incidents whose evidence failed the same way, by the
/// fine fingerprint (method, route template, status, error code, normalized error signature, exception type and
/// request body skeleton).
public struct SeenBefore: Sendable, Equatable {
    /// How many other incidents hold evidence of the same failure.
    public var times: Int
    /// The most recent of them, newest first.
    public var incidents: [FingerprintOccurrence]

    /// The latest one.
    public var last: FingerprintOccurrence? { incidents.first }

    /// Whether `pack` was seen before in `base`, in an incident other than `reference`; nil when it was not, or
    /// when the pack says too little for an exact match to mean anything (no status, error code, error message
    /// or exception: every such pack would share one fingerprint).
    ///
    /// - Throws: ``StoreError`` when the knowledge base cannot be read.
    public static func lookUp(_ pack: EvidencePack, in base: KnowledgeBase, excluding reference: String? = nil)
        throws(StoreError) -> SeenBefore?
    {
        let fingerprint = EvidenceFingerprint(pack)
        guard Self.isDistinctive(fingerprint) else { return nil }
        let found = try base.occurrences(ofFingerprint: fingerprint.fine, excluding: reference)
        guard found.total > 0 else { return nil }
        return SeenBefore(times: found.total, incidents: found.recent)
    }

    /// Whether a fingerprint names a failure: a status or error code, and an error message or exception, or a
    /// failing status of a known route.
    static func isDistinctive(_ fingerprint: EvidenceFingerprint) -> Bool {
        let hasOutcome = fingerprint.status != nil || fingerprint.errorCode != nil
        let hasError = fingerprint.errorSignature != nil || fingerprint.exception != nil
        return (hasOutcome && (hasError || fingerprint.route != nil)) || (hasError && fingerprint.exception != nil)
    }

    /// One line for a person: `seen before in 3 incidents, last INC-0040 (2026-06-01): Checkout returns 415`.
    public var summary: String {
        guard let last else { return "not seen before" }
        let when = last.recordedAt.map { " (\(Timestamp($0).day))" } ?? ""
        return "seen before in \(times) incident(s), last \(last.reference)\(when): \(last.title)"
    }
}
