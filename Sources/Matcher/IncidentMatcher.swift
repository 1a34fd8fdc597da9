import Evidence
import Foundation
import Store

/// What Casebook suggests for one evidence pack: the verdict (the rules', refined by similar past incidents), the
/// playbooks to open, whether it was seen before, and the past incidents that look the same, each with why.
public struct Suggestion: Sendable {
    public var pack: EvidencePack
    /// The rules' verdict, refined by the votes of similar past incidents whose bucket and category were confirmed.
    public var verdict: TriageVerdict
    /// The rules' verdict alone, from the playbooks' signals.
    public var rules: TriageVerdict
    /// When the past incidents' votes and the rules disagree, what each said, in words.
    public var disagreement: String?
    public var seenBefore: SeenBefore?
    public var similar: [SimilarIncident]
}

/// "Have we seen this before?": classifies a pack, refines the verdict with similar past incidents, and finds them.
///
/// ```swift
/// let matcher = IncidentMatcher(base: base)
/// let suggestion = try matcher.suggest(for: pack)
/// print(suggestion.verdict.bucket, suggestion.similar.first?.why)
/// ```
public struct IncidentMatcher: Sendable {
    public let base: KnowledgeBase
    public let triage: Triage

    public init(base: KnowledgeBase, triage: Triage = .builtIn) {
        self.base = base
        self.triage = triage
    }

    /// Suggestions for each pack a raw input holds (any input `evidence add` reads), sanitized before it is read.
    ///
    /// - Throws: ``StoreError`` (input) when the input holds no evidence or cannot be sanitized.
    public func suggest(_ raw: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil, limit: Int = 5)
        throws(StoreError) -> [Suggestion]
    {
        try base.capture(raw, format: format, entry: entry).map { pack throws(StoreError) in
            try suggest(for: pack, limit: limit)
        }
    }

    /// The suggestion for one (sanitized) pack.
    ///
    /// - Parameters:
    ///   - excluding: the incident the pack belongs to, which is no past incident of its own.
    ///   - context: more text about the failure (an incident's title and summary), read with the pack's notes.
    public func suggest(
        for pack: EvidencePack, excluding reference: String? = nil, context: [String] = [], limit: Int = 5
    ) throws(StoreError) -> Suggestion {
        let rules = triage.classify(pack, context: context)
        let similar = try SimilarIncidents.find(
            for: pack, verdict: rules, in: base, triage: triage, excluding: reference, limit: max(limit, Self.voters))
        var suggestion = Suggestion(
            pack: pack, verdict: rules, rules: rules, disagreement: nil,
            seenBefore: try SeenBefore.lookUp(pack, in: base, excluding: reference),
            similar: Array(similar.prefix(limit)))
        Self.refine(&suggestion, voters: similar.prefix(Self.voters))
        return suggestion
    }

    /// How many of the most similar incidents vote.
    static let voters = 5
    /// How much a vote of a perfectly similar incident weighs against the rules' whole verdict (which counts 1).
    static let voteWeight = 1.2

    /// Adds the votes of the most similar past incidents with a confirmed bucket (and category) to the rules'
    /// shares, and says so when they change the verdict.
    static func refine(_ suggestion: inout Suggestion, voters: ArraySlice<SimilarIncident>) {
        let rules = suggestion.rules
        // A pack that names no failure is judged by nothing: likenesses of its other words would invent a verdict.
        guard EvidenceFingerprint(suggestion.pack).namesFailure else { return }
        let confirmed = Array(voters.filter(\.confirmed))
        if let bucket = outvoted(rules.bucket, rules.bucketShares, by: confirmed, vote: \.bucket) {
            suggestion.verdict.bucket = bucket.value
            suggestion.verdict.confidence = bucket.confidence
            suggestion.verdict.reasons = [bucket.reason]
            suggestion.disagreement =
                "the playbooks' signals say \(rules.bucket?.rawValue ?? "nothing"); similar past incidents say "
                + bucket.value.rawValue
        }
        if let category = outvoted(rules.category, rules.categoryShares, by: confirmed, vote: \.category) {
            suggestion.verdict.category = category.value
            suggestion.verdict.categoryConfidence = category.confidence
            suggestion.verdict.categoryReasons = [category.reason]
        }
    }

    /// The value that wins the rules' shares plus the voters' votes (each its similarity times ``voteWeight``),
    /// when it is not the rules' own: with its share of the total, and the reason.
    private static func outvoted<Value: Hashable & RawRepresentable<String>>(
        _ ruling: Value?, _ shares: [Value: Double], by voters: [SimilarIncident], vote: (SimilarIncident) -> Value?
    ) -> (value: Value, confidence: Double, reason: String)? {
        var total = shares
        for voter in voters {
            if let value = vote(voter) { total[value, default: 0] += voter.score * voteWeight }
        }
        guard let (winner, score) = total.max(by: { $0.value < $1.value }), winner != ruling else { return nil }
        let voted = voters.filter { vote($0) == winner }.map(\.reference)
        let sum = total.values.reduce(0, +)
        return (
            winner, (score / sum * 100).rounded() / 100,
            "\(voted.count) similar past incident(s) were \(winner.rawValue): \(voted.joined(separator: ", "))"
        )
    }
}

extension IncidentMatcher {
    /// Captures evidence for an incident (``KnowledgeBase/addEvidence(_:format:entry:to:now:)``: sanitized, read,
    /// classified, stored) and suggests for each pack stored: the category, seen before, the most similar past
    /// incidents other than this one.
    ///
    /// - Throws: ``StoreError`` as the capture does; nothing is stored when it throws before the write.
    public func addEvidence(
        _ raw: [UInt8], format: EvidenceFormat = .auto, entry: Int? = nil, to reference: String, limit: Int = 3
    ) throws(StoreError) -> (capture: EvidenceCapture, suggestions: [Suggestion]) {
        let capture = try base.addEvidence(raw, format: format, entry: entry, to: reference)
        let suggestions = try capture.evidence.map { item throws(StoreError) in
            try suggest(for: item.pack, excluding: capture.reference, limit: limit)
        }
        return (capture, suggestions)
    }
}
