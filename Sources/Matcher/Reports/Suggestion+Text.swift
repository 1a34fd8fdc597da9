import Evidence
import Store

extension Suggestion {
    /// The suggestion for a terminal: the verdict with its reasons, the playbooks, seen before, and each similar
    /// incident with why, its root cause, its fix and its open actions.
    public var text: String {
        var lines = [pack.headline]
        let verdict = self.verdict
        if let bucket = verdict.bucket {
            lines.append(
                "bucket: \(bucket.rawValue) (confidence \(percent(verdict.confidence)))  playbook: \(verdict.playbook ?? "")"
            )
            lines.append("  why: \(verdict.reasons.joined(separator: "; "))")
        } else {
            lines.append("bucket: unknown (no status, failure or error text to judge by)")
        }
        if let category = verdict.category {
            lines.append(
                "mismatch: \(category.rawValue) (confidence \(percent(verdict.categoryConfidence)))  playbook: "
                    + (verdict.categoryPlaybook ?? ""))
            lines.append("  why: \(verdict.categoryReasons.joined(separator: "; "))")
        } else {
            lines.append("mismatch: unknown (nothing in the evidence says why it worked elsewhere)")
        }
        if let view = verdict.view { lines.append("postmortem view: \(view.rawValue)") }
        if let disagreement { lines.append("note: \(disagreement)") }
        if let seenBefore { lines.append(seenBefore.summary) }
        if similar.isEmpty {
            lines.append("similar: none in this knowledge base")
        } else {
            lines.append("similar:")
            for incident in similar { lines += incident.lines }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}

extension SimilarIncident {
    /// The incident's lines in a suggestion.
    var lines: [String] {
        var lines = ["  \(reference)  \(String(format: "%.2f", score))  \(title)  [\(status)]"]
        lines.append("      why: \(why.joined(separator: "; "))")
        if let cause = rootCause {
            let labels = [cause.bucket?.rawValue, cause.mismatchCategory?.rawValue].compactMap { $0 }
            lines.append(
                "      root cause: \(cause.text)" + (labels.isEmpty ? "" : " [\(labels.joined(separator: ", "))]"))
        }
        if let fix { lines.append("      fix (\(fix.kind.rawValue)): \(fix.text)") }
        for action in openActions.prefix(3) {
            lines.append("      open action #\(action.id.map(String.init) ?? "-"): \(action.text)")
        }
        return lines
    }
}

extension EvaluationReport {
    /// The report as a table for a terminal.
    public var text: String {
        func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
        var lines = ["Leave-one-out over \(incidents) incident(s) with a confirmed bucket", ""]
        lines.append(
            "  bucket accuracy         \(percent(bucketAccuracy))   (the rules alone: \(percent(rulesBucketAccuracy)))")
        lines.append("  status-code traps       \(percent(trapAccuracy))   over \(traps) incident(s)")
        lines.append(
            "  category accuracy       \(percent(categoryAccuracy))   over \(categorized) incident(s) (the rules alone: "
                + "\(percent(rulesCategoryAccuracy)))")
        lines += ["", "  similar incidents       Hit@1    Hit@3    MRR      over"]
        for (name, ranking) in [("matcher", matcher), ("plain BM25", plainBM25)] {
            lines.append(
                "  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(percent(ranking.hitAt1).padding(toLength: 8, withPad: " ", startingAt: 0)) "
                    + "\(percent(ranking.hitAt3).padding(toLength: 8, withPad: " ", startingAt: 0)) "
                    + "\(String(format: "%.3f", ranking.meanReciprocalRank))    \(ranking.queries) incident(s)")
        }
        lines += ["", "  the same failure: \(groundTruth)"]
        if !misses.isEmpty { lines += ["", "Misses (recorded -> suggested):"] }
        for miss in misses {
            lines.append(
                "  \(miss.id)  \(miss.bucket) -> \(miss.suggestedBucket ?? "unknown")  "
                    + "\(miss.category ?? "-") -> \(miss.suggestedCategory ?? "unknown")  first similar: "
                    + "\(miss.firstSimilar ?? "none")\(miss.firstIsSameFailure ? "" : " (another failure)")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension [SimilarIncident] {
    /// The related incidents as `show` lists them, with a warning for each one whose follow-up actions are still
    /// open: the lesson it was to teach may not be learnt yet.
    public var relatedText: String {
        guard !isEmpty else { return "" }
        var lines = ["", "Related past incidents:"]
        for incident in self {
            lines.append(
                "  \(incident.reference)  \(String(format: "%.2f", incident.score))  \(incident.title)  [\(incident.status)]"
            )
            lines.append("      why: \(incident.why.joined(separator: "; "))")
            if let cause = incident.rootCause { lines.append("      root cause: \(cause.text)") }
        }
        for incident in self {
            let reason = incident.why.first { $0.hasPrefix("same error signature") } ?? incident.why.first
            for action in incident.openActions.prefix(3) {
                lines.append(
                    "warning: \(incident.reference) failed the same way\(reason.map { " (\($0))" } ?? ""); its action "
                        + "#\(action.id.map(String.init) ?? "-") '\(action.text)' is still open")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
