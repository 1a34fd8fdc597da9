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
            for: pack, verdict: rules, in: base, excluding: reference, limit: max(limit, Self.voters))
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

    private static func share<Value>(_ score: Double, of all: [Value: Double]) -> Double {
        let total = all.values.reduce(0, +)
        return total > 0 ? (score / total * 100).rounded() / 100 : 0
    }

    /// Adds the votes of the most similar past incidents with a confirmed bucket (and category) to the rules'
    /// shares, and says so when they change the verdict.
    static func refine(_ suggestion: inout Suggestion, voters: ArraySlice<SimilarIncident>) {
        let rules = suggestion.rules
        let confirmed = voters.filter(\.confirmed)
        guard !confirmed.isEmpty else { return }
        func tally<Value: Hashable>(_ shares: [Value: Double], _ vote: (SimilarIncident) -> Value?) -> [Value: Double] {
            var total = shares
            for voter in confirmed {
                guard let value = vote(voter) else { continue }
                total[value, default: 0] += voter.score * voteWeight
            }
            return total
        }
        let buckets = tally(rules.bucketShares, \.bucket)
        if let (bucket, score) = buckets.max(by: { $0.value < $1.value }), bucket != rules.bucket {
            let voted = confirmed.filter { $0.bucket == bucket }.map(\.reference)
            suggestion.verdict.bucket = bucket
            suggestion.verdict.confidence = share(score, of: buckets)
            suggestion.verdict.reasons = [
                "\(voted.count) similar past incident(s) were \(bucket.rawValue): \(voted.joined(separator: ", "))"
            ]
            suggestion.disagreement =
                "the playbooks' signals say \(rules.bucket?.rawValue ?? "nothing"); similar past incidents say "
                + bucket.rawValue
        }
        let categories = tally(rules.categoryShares, \.category)
        if let (category, score) = categories.max(by: { $0.value < $1.value }), category != rules.category {
            let voted = confirmed.filter { $0.category == category }.map(\.reference)
            suggestion.verdict.category = category
            suggestion.verdict.categoryConfidence = share(score, of: categories)
            suggestion.verdict.categoryReasons = [
                "\(voted.count) similar past incident(s) were \(category.rawValue): \(voted.joined(separator: ", "))"
            ]
        }
    }
}
