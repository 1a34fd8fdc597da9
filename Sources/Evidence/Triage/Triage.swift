import Sanitizer

/// The triage verdict for one evidence pack: the bucket of the boundary that failed first, why the failure is
/// production's only (the mismatch category), the postmortem view, the playbooks to open, and the signals that
/// decided each, with a confidence.
public struct TriageVerdict: Sendable, Equatable {
    /// nil when the pack holds no status, failure or error text to judge by.
    public var bucket: TriageBucket?
    /// How sure: the winning bucket's share of every bucket's score, from 0 to 1.
    public var confidence: Double
    /// The signals that decided the bucket, in words a person can check.
    public var reasons: [String]
    /// nil when nothing in the pack says why it worked elsewhere.
    public var category: MismatchCategory?
    public var categoryConfidence: Double
    public var categoryReasons: [String]
    /// Each bucket's share of the buckets' total score (the buckets the signals said nothing of are left out).
    public var bucketShares: [TriageBucket: Double] = [:]
    /// Each category's share of the categories' total score.
    public var categoryShares: [MismatchCategory: Double] = [:]
    /// The phrase signals the pack matched, each named by its playbook and its line there, with what it says:
    /// failures of two stacks worded apart (`UnknownHostException`, `getaddrinfo ENOTFOUND`) match the same one.
    public var phraseSignals: [String: MatchedSignal] = [:]

    /// A phrase signal a pack matched: what it says, and the phrases of it that the pack holds.
    public struct MatchedSignal: Sendable, Equatable {
        public var reason: String
        public var phrases: [String]
    }

    public init(
        bucket: TriageBucket? = nil, confidence: Double = 0, reasons: [String] = [], category: MismatchCategory? = nil,
        categoryConfidence: Double = 0, categoryReasons: [String] = []
    ) {
        self.bucket = bucket
        self.confidence = confidence
        self.reasons = reasons
        self.category = category
        self.categoryConfidence = categoryConfidence
        self.categoryReasons = categoryReasons
    }

    /// The bucket's playbook.
    public var playbook: String? { bucket.map { PlaybookLibrary.playbookName(for: .bucket($0)) } }
    /// The category's playbook.
    public var categoryPlaybook: String? { category.map { PlaybookLibrary.playbookName(for: .mismatch($0)) } }

    /// The postmortem's coarser view of the failure.
    public var view: PostmortemView? { bucket.map { PostmortemView(bucket: $0, category: category) } }
}

/// The four-way view postmortems use: was it the contract between two sides, a dependency, capacity, or a code
/// path of the service's own?
public enum PostmortemView: String, Sendable, Codable, CaseIterable {
    case contract
    case dependency
    case capacity
    case codePath = "code-path"

    /// The view a bucket and category imply: a client or auth failure breaks the contract (unless a dependency's
    /// credentials changed), a limiter or a scale mismatch is capacity, upstream is a dependency, and the rest is
    /// the service's own code path.
    public init(bucket: TriageBucket, category: MismatchCategory?) {
        switch (bucket, category) {
        case (.rateLimit, _), (_, .scale?): self = .capacity
        case (.upstream, _), (.auth, .dependencies?), (.client, .dependencies?): self = .dependency
        case (.client, _), (.auth, _): self = .contract
        case (.server, _): self = .codePath
        }
    }
}

/// Classifies evidence by the signals of the playbooks: the bucket of the boundary that failed first, and the
/// mismatch category.
///
/// It reads the whole pack, not only the status code: each playbook's signals (statuses, headers, phrases in the
/// failure, error code, body, logs, stack trace, notes and environment, no response, a latency at the timeout) add
/// their weights to its score, so a 502 whose logs say `HikariPool ... Connection is not available` is the
/// server's own pool, and a 500 whose logs say `AccessDenied` is auth. A phrase counts more the nearer it is to the
/// first failure (``EvidenceText/Part``): once in the response, half again in the logs or the stack trace, twice in
/// curl's failure, the first error line or the exception.
public struct Triage: Sendable {
    /// The playbooks whose signals it scores.
    public let library: PlaybookLibrary
    private let phrases: [String]
    private let filter: KeywordFilter
    /// For each phrase, the signals that list it: (playbook index, signal index).
    private let owners: [[(playbook: Int, signal: Int)]]

    public init(_ library: PlaybookLibrary) {
        self.library = library
        var index: [String: Int] = [:]
        var phrases: [String] = []
        var owners: [[(playbook: Int, signal: Int)]] = []
        for (p, playbook) in library.playbooks.enumerated() {
            for (s, signal) in playbook.signals.enumerated() {
                guard case .text(let list) = signal.test else { continue }
                for phrase in Set(list) {
                    let i = index[phrase] ?? phrases.count
                    if i == phrases.count {
                        index[phrase] = i
                        phrases.append(phrase)
                        owners.append([])
                    }
                    owners[i].append((p, s))
                }
            }
        }
        self.phrases = phrases
        self.owners = owners
        filter = KeywordFilter(keywords: phrases)
    }

    /// Triage by the built-in playbooks.
    public static let builtIn = Triage(.builtIn)

    /// The verdict of the built-in playbooks.
    public static func classify(_ pack: EvidencePack) -> TriageVerdict { builtIn.classify(pack) }

    /// The verdict on `pack`.
    ///
    /// - Parameter context: more text that says what happened (a root cause, an incident's summary), read like
    ///   the pack's notes.
    public func classify(_ pack: EvidencePack, context: [String] = []) -> TriageVerdict {
        let text = EvidenceText(pack, context: context)
        var scores = [Double](repeating: 0, count: library.playbooks.count)
        var reasons = [[String]](repeating: [], count: library.playbooks.count)
        func add(_ playbook: Int, _ weight: Double, _ reason: String) {
            scores[playbook] += weight
            reasons[playbook].append(reason)
        }

        let response = pack.response
        let headers = Dictionary(
            (response?.headers ?? [:]).map { ($0.key.lowercased(), $0.value.trimmingWhitespace().lowercased()) },
            uniquingKeysWith: { first, _ in first })
        let noResponse = response?.status == nil && response?.failure != nil
        let atTimeout =
            pack.timing.flatMap { timing in
                timing.latencyMs.flatMap { latency in timing.timeoutMs.map { (latency, $0) } }
            }.map { latency, timeout in timeout > 0 && latency >= timeout * 0.98 } ?? false
        for (p, playbook) in library.playbooks.enumerated() {
            for signal in playbook.signals {
                switch signal.test {
                case .status(let codes):
                    if let status = response?.status, codes.contains(status) {
                        add(p, signal.weight, signal.reason ?? "status \(status)")
                    }
                case .header(let tests):
                    if let hit = tests.first(where: { test in
                        headers[test.name].map { value in test.value.map { $0 == String(value) } ?? true } ?? false
                    }) {
                        add(p, signal.weight, signal.reason ?? "the response's \(hit.name) header")
                    }
                case .noResponse:
                    if noResponse, let failure = response?.failure {
                        add(p, signal.weight, signal.reason ?? "no response: \(failure.prefix(80))")
                    }
                case .atTimeout:
                    if atTimeout, let latency = pack.timing?.latencyMs, let timeout = pack.timing?.timeoutMs {
                        add(
                            p, signal.weight,
                            signal.reason ?? "latency \(Int(latency)) ms reached the \(Int(timeout)) ms timeout")
                    }
                case .text:
                    continue
                }
            }
        }

        var matchedPhrases: [String: TriageVerdict.MatchedSignal] = [:]
        // Every phrase found, by signal, with the part nearest the first failure it was found in.
        var found: [Int: [Int: (phrases: [String], part: EvidenceText.Part)]] = [:]
        text.forEachMatch(of: filter) { phraseIndex, part in
            for owner in owners[phraseIndex] {
                var entry = found[owner.playbook, default: [:]][owner.signal] ?? ([], part)
                if !entry.phrases.contains(phrases[phraseIndex]) { entry.phrases.append(phrases[phraseIndex]) }
                entry.part = max(entry.part, part)
                found[owner.playbook, default: [:]][owner.signal] = entry
            }
        }
        for (p, signals) in found {
            for (s, entry) in signals.sorted(by: { $0.key < $1.key }) {
                let signal = library.playbooks[p].signals[s]
                // Several phrases of one signal say the same thing a little louder, not several times over.
                let breadth = 1 + 0.15 * Double(min(entry.phrases.count - 1, 2))
                let weight = signal.weight * breadth * entry.part.weight
                let quoted = entry.phrases.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                add(p, weight, signal.reason.map { "\($0) (\(quoted))" } ?? "the evidence says \(quoted)")
                matchedPhrases["\(library.playbooks[p].name):\(signal.line)"] = TriageVerdict.MatchedSignal(
                    reason: signal.reason ?? "the evidence says \(quoted)", phrases: entry.phrases)
            }
        }

        var verdict = TriageVerdict()
        verdict.phraseSignals = matchedPhrases
        let bucketTotal = library.playbooks.indices.filter { isBucket($0) }.reduce(0) { $0 + scores[$1] }
        let categoryTotal = library.playbooks.indices.filter { !isBucket($0) }.reduce(0) { $0 + scores[$1] }
        for (index, playbook) in library.playbooks.enumerated() where scores[index] > 0 {
            switch playbook.subject {
            case .bucket(let bucket): verdict.bucketShares[bucket, default: 0] += scores[index] / bucketTotal
            case .mismatch(let category):
                verdict.categoryShares[category, default: 0] += scores[index] / categoryTotal
            }
        }
        if let best = best(of: scores, where: { if case .bucket = $0 { true } else { false } }) {
            if case .bucket(let bucket) = library.playbooks[best.index].subject { verdict.bucket = bucket }
            verdict.confidence = best.share
            verdict.reasons = reasons[best.index]
        }
        if let best = best(of: scores, where: { if case .mismatch = $0 { true } else { false } }) {
            if case .mismatch(let category) = library.playbooks[best.index].subject { verdict.category = category }
            verdict.categoryConfidence = best.share
            verdict.categoryReasons = reasons[best.index]
        }
        return verdict
    }

    private func isBucket(_ index: Int) -> Bool {
        if case .bucket = library.playbooks[index].subject { return true }
        return false
    }

    /// The playbook of the kind `kind` with the highest score, and its share of the kind's total; ties go to the
    /// more specific bucket (rate_limit, auth, upstream, client, server) or the earlier category.
    private func best(of scores: [Double], where kind: (Playbook.Subject) -> Bool) -> (index: Int, share: Double)? {
        let candidates = library.playbooks.indices.filter { kind(library.playbooks[$0].subject) && scores[$0] > 0 }
        guard
            let best = candidates.max(by: { lhs, rhs in
                scores[lhs] != scores[rhs]
                    ? scores[lhs] < scores[rhs]
                    : Self.priority(library.playbooks[lhs].subject) > Self.priority(library.playbooks[rhs].subject)
            })
        else { return nil }
        let total = candidates.reduce(0) { $0 + scores[$1] }
        return (best, (scores[best] / total * 100).rounded() / 100)
    }

    private static func priority(_ subject: Playbook.Subject) -> Int {
        switch subject {
        case .bucket(.rateLimit): 0
        case .bucket(.auth): 1
        case .bucket(.upstream): 2
        case .bucket(.client): 3
        case .bucket(.server): 4
        case .mismatch(let category): MismatchCategory.allCases.firstIndex(of: category) ?? 0
        }
    }
}

extension Triage {
    /// The bucket whose playbook lists `status` among its status signals with the highest weight: what the status
    /// alone would say.
    public func bucket(impliedByStatus status: Int) -> TriageBucket? {
        var best: (bucket: TriageBucket, weight: Double)?
        for playbook in library.playbooks {
            guard case .bucket(let bucket) = playbook.subject else { continue }
            for signal in playbook.signals {
                guard case .status(let codes) = signal.test, codes.contains(status) else { continue }
                if signal.weight > (best?.weight ?? 0) { best = (bucket, signal.weight) }
            }
        }
        return best?.bucket
    }
}
