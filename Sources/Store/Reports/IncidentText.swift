import Evidence
import Foundation

extension Incident {
    /// The whole incident as text for a terminal: header, dates, root cause, fixes, actions, evidence, timeline.
    public var text: String {
        var lines = ["\(id ?? "-")  \(title)"]
        var facts = ["status: \(status)"]
        if let severity { facts.append("severity: \(severity)") }
        if let service { facts.append("service: \(service)") }
        if let environment { facts.append("env: \(environment)") }
        if let bucket { facts.append("bucket: \(bucket.rawValue)") }
        lines.append(facts.joined(separator: "  "))
        if !tags.isEmpty { lines.append("tags: " + tags.joined(separator: ", ")) }
        let dates: [(String, Date?)] = [
            ("started", startedAt), ("detected", detectedAt), ("clarified", clarifiedAt), ("resolved", resolvedAt),
        ]
        let known = dates.compactMap { name, date in date.map { "\(name) \(Timestamp.format($0))" } }
        if !known.isEmpty { lines.append(known.joined(separator: "  ")) }
        if let summary { lines += ["", summary] }
        if let rootCause {
            var line = "Root cause: \(rootCause.text)"
            let labels = [rootCause.bucket?.rawValue, rootCause.mismatchCategory.map { "mismatch: \($0.rawValue)" }]
                .compactMap { $0 }
            if !labels.isEmpty { line += " [\(labels.joined(separator: ", "))]" }
            lines += ["", line]
        }
        if !fixes.isEmpty {
            lines.append("")
            lines += fixes.map { "Fix (\($0.kind.rawValue)): \($0.text)" }
        }
        if !actions.isEmpty {
            lines += ["", "Actions:"]
            lines += actions.map { action in
                var line = "  [\(action.done ? "x" : " ")] #\(action.id.map(String.init) ?? "-") \(action.text)"
                if let owner = action.owner {
                    line += "  (owner: \(owner)" + (action.due.map { ", due \($0))" } ?? ")")
                }
                return line
            }
        }
        if !evidence.isEmpty {
            lines += ["", "Evidence:"]
            for item in evidence {
                var line = "  #\(item.id.map(String.init) ?? "-") \(item.pack.headline)"
                if let bucket = item.bucket { line += "  [\(bucket.rawValue)]" }
                lines.append(line)
                if let message = EvidenceFingerprint.message(of: item.pack) {
                    lines.append("      \(message.prefix(160))")
                }
            }
        }
        if !timeline.isEmpty {
            lines += ["", "Timeline:"]
            lines += timeline.map { entry in
                "  \(Timestamp.format(entry.at))  \(entry.event)" + (entry.detail.map { ": \($0.prefix(100))" } ?? "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line for `casebook list`.
    public var listLine: String {
        let started = startedAt.map { String(Timestamp.format($0).prefix(16)).replacingOccurrences(of: "T", with: " ") }
        return [
            id ?? "-", started ?? "-", status, bucket?.rawValue ?? "-", service ?? "-", title,
        ].joined(separator: "  ")
    }
}
