import Evidence
import Foundation
import Sanitizer

/// An evidence pack as it was stored: its id, the pack (sanitized), and the triage verdict it was filed under.
public struct CapturedEvidence: Sendable {
    /// The pack's number, as `show` lists it (`#3`).
    public var id: Int64
    public var pack: EvidencePack
    /// The bucket, the playbook and the signals that decided them.
    public var verdict: TriageVerdict

    /// One line that says what failed: `POST /orders/{id} -> 415 UNSUPPORTED_MEDIA_TYPE`.
    public var headline: String { pack.headline }
}

/// What an evidence capture stored: the incident's canonical reference and each pack.
public struct EvidenceCapture: Sendable {
    public var reference: String
    public var evidence: [CapturedEvidence]
}

extension KnowledgeBase {
    /// Captures evidence for an incident: sanitizes the raw input, reads its packs, classifies each, and stores
    /// them with the incident, all in one call and one transaction.
    ///
    /// ```swift
    /// let capture = try base.addEvidence(Array(transcript.utf8), to: "INC-0042")
    /// print(capture.evidence[0].verdict.bucket)  // upstream
    /// ```
    ///
    /// - Parameters:
    ///   - raw: a curl command, a `curl -v` transcript, an HTTP exchange, a HAR file, an evidence-pack JSON, or
    ///     logs and stack traces. It is sanitized before any parser reads it and never stored as it was.
    ///   - format: the input's format; `.auto` tells it from the raw bytes.
    ///   - entry: for a HAR file or a JSON list of packs, the 1-based entry to read instead of every failed one.
    ///   - reference: the incident (`INC-0042`, `inc-42`, `42`).
    /// - Throws: ``StoreError`` (input) when the input cannot be sanitized or read as evidence, or the incident
    ///   is not there; (database) when it cannot be written. Nothing is stored then.
    @discardableResult
    public func addEvidence(
        _ raw: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil, to reference: String, now: Date = Date()
    ) throws(StoreError) -> EvidenceCapture {
        try addEvidence(try capture(raw, format: format, entry: entry), to: reference, now: now)
    }

    /// Classifies packs and stores them with an incident, sanitized, in one transaction.
    ///
    /// - Throws: ``StoreError`` when the incident is not there or the knowledge base cannot be written.
    @discardableResult
    public func addEvidence(_ packs: [EvidencePack], to reference: String, now: Date = Date()) throws(StoreError)
        -> EvidenceCapture
    {
        let verdicts = packs.map { triage.classify($0) }
        let rows = try zip(packs, verdicts).map { pack, verdict throws(StoreError) in
            try EvidenceRow(pack: try sanitized(pack), bucket: verdict.bucket, recordedAt: now)
        }
        let (canonical, ids) = try write { db in
            let (incident, canonical) = try IncidentRow.find(reference, in: db)
            let ids = try rows.map { row in
                var row = row
                row.incidentId = incident
                try row.insert(db)
                try TimelineRow(incident: incident, at: now, event: "evidence", detail: row.headline).insert(db)
                return row.id ?? 0
            }
            return (canonical, ids)
        }
        return EvidenceCapture(
            reference: canonical,
            evidence: zip(ids, zip(packs, verdicts)).map { id, item in
                CapturedEvidence(id: id, pack: item.0, verdict: item.1)
            })
    }

    /// Reads evidence packs from a raw input without storing them, sanitizing it first under the knowledge base's
    /// key, so that the parsers, and everything after them, only ever see masked values.
    ///
    /// - Parameters:
    ///   - raw: any input ``addEvidence(_:format:entry:to:now:)`` reads.
    ///   - entry: for a HAR file, the 1-based entry to read instead of every failed one.
    /// - Throws: ``StoreError`` (input) when the input cannot be sanitized or read as evidence.
    public func capture(_ raw: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil) throws(StoreError)
        -> [EvidencePack]
    {
        // Tell the format from the raw bytes: masks keep shapes, but the decision should not depend on them.
        let resolved = format == .auto ? EvidenceReader.detect(raw) : format
        let clean: [UInt8]
        do {
            clean = try sanitizer.sanitize(raw, format: resolved.payloadFormat).output
        } catch let error as StoreError {
            throw error
        } catch {
            throw .input("the evidence could not be sanitized safely, so it was not read: \(error)")
        }
        do {
            return try EvidenceReader.packs(from: clean, format: resolved, entry: entry)
        } catch {
            throw .input(error.description)
        }
    }
}

extension EvidenceFormat {
    /// How the sanitizer reads an input of this format before the evidence reader does.
    var payloadFormat: PayloadFormat {
        switch self {
        case .auto: .auto
        case .curl, .curlVerbose: .curl
        case .http: .http
        case .har: .har
        case .json: .json
        case .logs: .text
        }
    }
}
