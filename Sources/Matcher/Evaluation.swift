import Evidence
import Foundation
import Store

/// How well the matcher works on a knowledge base, by leave-one-out: each incident with a confirmed bucket is
/// taken as new (its first evidence pack, the incident itself left out), and what the matcher says is compared
/// with what was recorded.
public struct EvaluationReport: Sendable, Equatable, Encodable {
    /// Incidents with a confirmed bucket and evidence, each judged once.
    public var incidents: Int
    /// The share whose bucket the matcher gave right.
    public var bucketAccuracy: Double
    /// Of those whose status alone points to another bucket (a 502 from an exhausted pool of the service's own),
    /// how many, and the share given right.
    public var traps: Int
    public var trapAccuracy: Double
    /// Of the incidents with a confirmed mismatch category, how many, and the share given right.
    public var categorized: Int
    public var categoryAccuracy: Double
    /// The rules alone, without the past incidents' votes.
    public var rulesBucketAccuracy: Double
    public var rulesCategoryAccuracy: Double
    /// The ranking of similar incidents, over the incidents that have another of the same failure.
    public var matcher: Ranking
    /// Plain FTS5 BM25 over the pack's text, ranked the same way, for comparison.
    public var plainBM25: Ranking
    /// How "the same failure" was told: by the `family` imports gave, else by root cause and fingerprint.
    public var groundTruth: String
    /// Each incident the matcher got wrong in some way: what was recorded and what it said.
    public var misses: [Miss]

    /// One incident the matcher got wrong: its bucket, category or first similar incident.
    public struct Miss: Sendable, Equatable, Encodable {
        public var id: String
        public var bucket: String
        public var suggestedBucket: String?
        public var category: String?
        public var suggestedCategory: String?
        /// The first similar incident suggested, and whether it is the same failure.
        public var firstSimilar: String?
        public var firstIsSameFailure: Bool
        public var why: [String]

        enum CodingKeys: String, CodingKey {
            case id, bucket, category, why
            case suggestedBucket = "suggested_bucket"
            case suggestedCategory = "suggested_category"
            case firstSimilar = "first_similar"
            case firstIsSameFailure = "first_is_same_failure"
        }
    }

    /// Hit@1, Hit@3 and the mean reciprocal rank of the first incident of the same failure.
    public struct Ranking: Sendable, Equatable, Encodable {
        public var queries: Int
        public var hitAt1: Double
        public var hitAt3: Double
        public var meanReciprocalRank: Double

        enum CodingKeys: String, CodingKey {
            case queries
            case hitAt1 = "hit_at_1"
            case hitAt3 = "hit_at_3"
            case meanReciprocalRank = "mrr"
        }
    }

    enum CodingKeys: String, CodingKey {
        case incidents, traps, categorized, matcher
        case bucketAccuracy = "bucket_accuracy"
        case trapAccuracy = "trap_accuracy"
        case categoryAccuracy = "category_accuracy"
        case rulesBucketAccuracy = "rules_bucket_accuracy"
        case rulesCategoryAccuracy = "rules_category_accuracy"
        case plainBM25 = "plain_bm25"
        case groundTruth = "ground_truth"
        case misses
    }
}

extension IncidentMatcher {
    /// Leave-one-out over the newest `limit` incidents with a confirmed bucket (all when nil).
    ///
    /// Two incidents are the same failure when they have the same `family` (a field an import keeps); for
    /// incidents without one, when their root causes have the same bucket and category and their evidence the same
    /// error signature or coarse fingerprint.
    public func evaluate(limit: Int? = nil) throws(StoreError) -> EvaluationReport {
        let all = try base.list(limit: nil)
        let judged = Array(all.filter { $0.rootCause?.bucket != nil && !$0.evidence.isEmpty }.prefix(limit ?? .max))
        let keys = Dictionary(
            all.compactMap { incident in incident.id.map { ($0, FailureKey(incident)) } },
            uniquingKeysWith: { first, _ in first })
        var bucketRight = 0
        var rulesBucketRight = 0
        var traps = 0
        var trapsRight = 0
        var categorized = 0
        var categoryRight = 0
        var rulesCategoryRight = 0
        var matcherRanks: [Int?] = []
        var plainRanks: [Int?] = []
        var misses: [EvaluationReport.Miss] = []
        for incident in judged {
            guard let reference = incident.id, let truth = incident.rootCause?.bucket, let key = keys[reference]
            else { continue }
            let pack = incident.evidence[0].pack
            let suggestion = try suggest(for: pack, excluding: reference, limit: 10)
            if suggestion.verdict.bucket == truth { bucketRight += 1 }
            if suggestion.rules.bucket == truth { rulesBucketRight += 1 }
            if let status = pack.response?.status, let implied = triage.bucket(impliedByStatus: status),
                implied != truth
            {
                traps += 1
                if suggestion.verdict.bucket == truth { trapsRight += 1 }
            }
            if let category = incident.rootCause?.mismatchCategory {
                categorized += 1
                if suggestion.verdict.category == category { categoryRight += 1 }
                if suggestion.rules.category == category { rulesCategoryRight += 1 }
            }
            let firstIsSame = suggestion.similar.first.map { keys[$0.reference]?.sameFailure(as: key) == true } ?? false
            if suggestion.verdict.bucket != truth || suggestion.verdict.category != incident.rootCause?.mismatchCategory
                || !firstIsSame
            {
                misses.append(
                    EvaluationReport.Miss(
                        id: reference, bucket: truth.rawValue, suggestedBucket: suggestion.verdict.bucket?.rawValue,
                        category: incident.rootCause?.mismatchCategory?.rawValue,
                        suggestedCategory: suggestion.verdict.category?.rawValue,
                        firstSimilar: suggestion.similar.first?.reference, firstIsSameFailure: firstIsSame,
                        why: suggestion.verdict.reasons + suggestion.verdict.categoryReasons))
            }
            // Only incidents that have another of the same failure can be found.
            guard keys.contains(where: { $0.key != reference && $0.value.sameFailure(as: key) }) else { continue }
            matcherRanks.append(
                suggestion.similar.firstIndex { keys[$0.reference]?.sameFailure(as: key) == true }.map { $0 + 1 })
            let plain = try base.plainTextRanking(for: pack.searchableText, excluding: reference, limit: 10)
            plainRanks.append(plain.firstIndex { keys[$0]?.sameFailure(as: key) == true }.map { $0 + 1 })
        }
        func share(_ count: Int, of total: Int) -> Double {
            total == 0 ? 0 : (Double(count) / Double(total) * 1000).rounded() / 1000
        }
        func ranking(_ ranks: [Int?]) -> EvaluationReport.Ranking {
            let reciprocal: [Double] = ranks.map { rank in rank.map { 1 / Double($0) } ?? 0 }
            let mean = ranks.isEmpty ? 0 : reciprocal.reduce(0, +) / Double(ranks.count)
            let atOne = ranks.filter { $0 == 1 }.count
            let atThree = ranks.filter { ($0 ?? Int.max) <= 3 }.count
            return EvaluationReport.Ranking(
                queries: ranks.count, hitAt1: share(atOne, of: ranks.count), hitAt3: share(atThree, of: ranks.count),
                meanReciprocalRank: (mean * 1000).rounded() / 1000)
        }
        let families = all.contains { $0.extra["family"]?.stringValue != nil }
        return EvaluationReport(
            incidents: judged.count, bucketAccuracy: share(bucketRight, of: judged.count), traps: traps,
            trapAccuracy: share(trapsRight, of: traps), categorized: categorized,
            categoryAccuracy: share(categoryRight, of: categorized),
            rulesBucketAccuracy: share(rulesBucketRight, of: judged.count),
            rulesCategoryAccuracy: share(rulesCategoryRight, of: categorized), matcher: ranking(matcherRanks),
            plainBM25: ranking(plainRanks),
            groundTruth: families
                ? "the incidents' family field" : "root cause bucket and category, and error signature or fingerprint",
            misses: misses)
    }
}

/// What tells two incidents are the same failure, for the evaluation.
struct FailureKey {
    var family: String?
    var bucket: TriageBucket?
    var category: MismatchCategory?
    var signatures: Set<String>
    var coarse: Set<String>

    init(_ incident: Incident) {
        family = incident.extra["family"]?.stringValue
        bucket = incident.rootCause?.bucket
        category = incident.rootCause?.mismatchCategory
        let fingerprints = incident.evidence.map(\.fingerprint)
        signatures = Set(fingerprints.compactMap(\.errorSignature))
        coarse = Set(fingerprints.filter { $0.status != nil || $0.errorCode != nil }.map(\.coarse))
    }

    func sameFailure(as other: FailureKey) -> Bool {
        if let family, let theirs = other.family { return family == theirs }
        guard bucket != nil, bucket == other.bucket, category == other.category else { return false }
        return !signatures.isDisjoint(with: other.signatures) || !coarse.isDisjoint(with: other.coarse)
    }
}
