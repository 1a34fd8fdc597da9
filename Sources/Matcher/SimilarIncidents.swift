import Evidence
import Foundation
import Store

/// A past incident that looks like the new evidence, how much, and why.
public struct SimilarIncident: Sendable, Equatable {
    public var reference: String
    public var title: String
    public var status: String
    /// From 0 to 1: the share of the agreement a pack can have with another that this one has.
    public var score: Double
    /// What agreed, in words a person can check.
    public var why: [String]
    public var rootCause: RootCause?
    public var fix: Fix?
    /// Its follow-up actions that are still open.
    public var openActions: [Action]
    /// The bucket and category it was filed under: the root cause's, else its evidence's.
    public var bucket: TriageBucket?
    public var category: MismatchCategory?
    /// Whether its bucket was confirmed by a recorded root cause (rather than taken from triage).
    public var confirmed: Bool
    /// The failure family an import gave it (`family`), used by `eval` as the ground truth.
    public var family: String?
}

/// Ranks the past incidents by how much they look like a new pack.
///
/// Text relevance (FTS5 BM25 over what was stored, with the search's column weights) is one signal; structured
/// agreement carries the others, because BM25 gives nothing for a word that half of a small knowledge base holds:
/// the fine fingerprint (seen before), the error signature, the exception, the dependency, the route, status and
/// error code, the top frames, the playbooks' phrase signals both packs match (the same failure in another stack's
/// words), the region and the release line, and the bucket and category the rules gave. An incident with a
/// recorded root cause and fix is preferred over one without, all else equal.
public enum SimilarIncidents {
    /// The incidents most like `pack`, best first.
    ///
    /// - Parameters:
    ///   - verdict: the rules' verdict on the pack, whose bucket and category agree or not with each candidate's.
    ///   - triage: what tells the candidates' phrase signals; the knowledge base's when nil.
    ///   - excluding: the incident the pack belongs to.
    public static func find(
        for pack: EvidencePack, verdict: TriageVerdict, in base: KnowledgeBase, triage: Triage? = nil,
        excluding reference: String? = nil, limit: Int = 5
    ) throws(StoreError) -> [SimilarIncident] {
        let profile = MatchProfile(pack)
        let candidates = try base.matchCandidates(
            for: profile.fingerprint, terms: profile.terms, excluding: reference)
        let bestText = candidates.map(\.textScore).max() ?? 0
        let ranked = candidates.map { candidate in
            score(candidate, against: profile, verdict: verdict, triage: triage ?? base.triage, bestText: bestText)
        }
        return Array(
            ranked.filter { $0.score >= 0.08 }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.reference > $1.reference }
                .prefix(limit))
    }

    /// What one candidate's agreement with the pack adds up to; the weights sum to ``maximum`` for a pack that
    /// agrees in everything.
    static func score(
        _ candidate: MatchCandidate, against profile: MatchProfile, verdict: TriageVerdict, triage: Triage,
        bestText: Double
    )
        -> SimilarIncident
    {
        let incident = candidate.incident
        let fingerprint = profile.fingerprint
        // The evidence of the candidate that agrees most.
        var best = Agreement()
        for stored in incident.evidence {
            let other = MatchProfile(stored.pack, withTerms: false)
            var agreement = Agreement()
            func match(_ weight: Double, _ reason: String) { agreement.add(weight, reason) }
            let them = other.fingerprint
            if them.fine == fingerprint.fine, SeenBefore.isDistinctive(fingerprint) {
                match(3, "the same failure (fine fingerprint)")
            }
            if let signature = fingerprint.errorSignature, signature == them.errorSignature {
                match(3, "same error signature `\(signature.prefix(100))`")
            }
            if let exception = fingerprint.exception, exception == them.exception {
                match(2, "same exception \(exception)")
            }
            let shared = profile.dependencies.intersection(other.dependencies)
            if let dependency = shared.sorted().first { match(2, "same dependency \(dependency)") }
            if let route = fingerprint.route, route == them.route, route != "/" {
                match(1, "same route template \(fingerprint.method.map { "\($0) " } ?? "")\(route)")
            }
            if let status = fingerprint.status, status == them.status { match(0.5, "both answered \(status)") }
            if let code = fingerprint.errorCode, code == them.errorCode { match(1.5, "same error code \(code)") }
            if !profile.frames.isEmpty, let frame = profile.frames.first(where: other.frames.contains) {
                match(1, "same stack frame `\(frame)`")
            }
            // The same failure in other words: both match one of the playbooks' phrase signals.
            let theirs = triage.classify(stored.pack).phraseSignals
            // A signal whose phrases another counted one already used says nothing more (a bucket's playbook and a
            // category's may both list `no such host`).
            var used: Set<String> = []
            var counted = 0
            for key in verdict.phraseSignals.keys.sorted() where counted < 2 && theirs[key] != nil {
                guard let signal = verdict.phraseSignals[key], used.isDisjoint(with: signal.phrases) else { continue }
                used.formUnion(signal.phrases)
                counted += 1
                match(1.5, "both say: \(signal.reason)")
            }
            if let region = profile.region, region == other.region { match(0.25, "same region \(region)") }
            if let release = profile.release, release == other.release { match(0.25, "same release line \(release)") }
            if agreement.score > best.score { best = agreement }
        }
        var total = best
        func agree(_ weight: Double, _ reason: String) { total.add(weight, reason) }
        if bestText > 0, candidate.textScore > 0 {
            let share = candidate.textScore / bestText
            total.add(textWeight * share, share >= 0.5 ? "its text shares the evidence's telling words" : nil)
        }
        let bucket = incident.rootCause?.bucket ?? incident.bucket
        let category = incident.rootCause?.mismatchCategory
        if let bucket, bucket == verdict.bucket { agree(0.75, "filed under \(bucket.rawValue) too") }
        if let category, category == verdict.category { agree(0.5, "the same mismatch: \(category.rawValue)") }
        if incident.rootCause != nil { total.add(0.3, nil) }
        if !incident.fixes.isEmpty { total.add(0.2, nil) }
        return SimilarIncident(
            reference: incident.id ?? "", title: incident.title, status: incident.status,
            score: rounded(min(1, total.score / maximum)), why: total.reasons, rootCause: incident.rootCause,
            fix: incident.fixes.last { $0.kind == .permanent } ?? incident.fixes.last,
            openActions: incident.actions.filter { !$0.done }, bucket: bucket, category: category,
            confirmed: incident.rootCause?.bucket != nil, family: incident.extra["family"]?.stringValue)
    }

    /// What agreed, and how much it adds up to.
    struct Agreement {
        var score = 0.0
        var reasons: [String] = []

        mutating func add(_ weight: Double, _ reason: String?) {
            score += weight
            if let reason { reasons.append(reason) }
        }
    }

    /// The agreement of two packs that agree in everything.
    static let maximum = 3.0 + 3 + 2 + 2 + 1 + 0.75 + 1.5 + 1 + 3 + 0.25 + 0.25 + textWeight + 0.75 + 0.5 + 0.3 + 0.2

    /// What the best text match adds: text relevance is the backbone, structure the tie-breaker.
    static let textWeight = 5.0

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

extension SimilarIncidents {
    /// The other incidents whose evidence failed as one incident's did: the same fine fingerprint, error signature
    /// or exception (read from their indexes, with no text search, so `show` stays fast), best first.
    public static func related(to incident: Incident, in base: KnowledgeBase, limit: Int = 3) throws(StoreError)
        -> [SimilarIncident]
    {
        var best: [String: SimilarIncident] = [:]
        for stored in incident.evidence.prefix(5) {
            let profile = MatchProfile(stored.pack, withTerms: false)
            guard SeenBefore.isDistinctive(profile.fingerprint) else { continue }
            var verdict = base.triage.classify(stored.pack)
            verdict.bucket = incident.bucket
            verdict.category = incident.rootCause?.mismatchCategory
            let candidates = try base.matchCandidates(
                for: profile.fingerprint, terms: [], excluding: incident.id, limit: 10)
            for candidate in candidates {
                let similar = score(candidate, against: profile, verdict: verdict, triage: base.triage, bestText: 0)
                // Only what the evidence shares counts here: a bucket alone relates nothing.
                guard
                    similar.why.contains(where: { !$0.hasPrefix("filed under") && !$0.hasPrefix("the same mismatch") })
                else { continue }
                if similar.score > best[similar.reference]?.score ?? -1 { best[similar.reference] = similar }
            }
        }
        return Array(
            best.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.reference > $1.reference }
                .prefix(limit))
    }
}
