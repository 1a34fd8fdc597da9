import Evidence
import Foundation

/// A blameless postmortem of one incident, from what was recorded: summary, impact, timeline, trigger, root
/// cause, detection, resolution, what went well and badly, action items, and the sanitized evidence.
///
/// Sections Casebook cannot know are derived from the record and say so plainly (time to detect, fixes applied,
/// actions still open); an incident imported with `trigger`, `detection`, `went_well` or `went_badly` fields uses
/// them as written.
public struct Postmortem: Sendable, Encodable {
    public var id: String
    public var title: String
    public var summary: String
    public var impact: [String]
    public var timeline: [Event]
    public var trigger: String
    public var rootCause: String
    public var detection: String
    public var resolution: String
    public var wentWell: [String]
    public var wentBadly: [String]
    public var actionItems: [Item]
    public var evidence: [EvidencePack]

    public struct Event: Sendable, Encodable {
        public var at: String
        public var what: String
    }

    public struct Item: Sendable, Encodable {
        public var text: String
        public var owner: String?
        public var due: String?
        public var done: Bool
    }

    enum CodingKeys: String, CodingKey {
        case id, title, summary, impact, timeline, trigger, detection, resolution, evidence
        case rootCause = "root_cause"
        case wentWell = "went_well"
        case wentBadly = "went_badly"
        case actionItems = "action_items"
    }

    public init(_ incident: Incident) {
        id = incident.id ?? ""
        title = incident.title
        summary = incident.summary ?? incident.title
        let given = { (key: String) in incident.extra[key]?.textValue }
        let givenList = { (key: String) -> [String]? in
            guard let value = incident.extra[key] else { return nil }
            if case .array(let items) = value { return items.compactMap(\.textValue) }
            return value.textValue.map { [$0] }
        }

        var impact = incident.evidence.compactMap(\.pack.impact)
        if let severity = incident.severity { impact.append("Severity \(severity).") }
        if let service = incident.service {
            impact.append("Service \(service)\(incident.environment.map { " in \($0)" } ?? "").")
        }
        if let span = Self.span(incident.startedAt, incident.resolvedAt) { impact.append("Lasted \(span).") }
        self.impact = impact

        var events: [Event] = []
        func add(_ date: Date?, _ what: String) {
            if let date { events.append(Event(at: Timestamp.format(date), what: what)) }
        }
        add(incident.startedAt, "Started")
        add(incident.detectedAt, "Detected")
        add(incident.clarifiedAt, "Clarified: the failing boundary was stated")
        for entry in incident.timeline where !["opened", "resolved", "imported"].contains(entry.event) {
            events.append(
                Event(at: Timestamp.format(entry.at), what: entry.event + (entry.detail.map { ": \($0)" } ?? "")))
        }
        add(incident.resolvedAt, "Resolved")
        timeline = events.sorted { $0.at < $1.at }

        let first = incident.evidence.first?.pack
        trigger =
            given("trigger")
            ?? first.map { pack in
                var text = "First evidence: \(pack.headline)."
                if let release = pack.environment?.release { text += " Release \(release)." }
                if let flags = pack.environment?.featureFlags, !flags.isEmpty {
                    text += " Feature flags: \(flags.keys.sorted().joined(separator: ", "))."
                }
                return text
            } ?? "Not recorded."
        rootCause =
            incident.rootCause.map { cause in
                var text = cause.text
                if let bucket = cause.bucket { text += " (bucket: \(bucket.rawValue)" }
                if let category = cause.mismatchCategory {
                    text += cause.bucket == nil ? " (" : "; "
                    text += "worked locally because of: \(category.rawValue)"
                }
                if cause.bucket != nil || cause.mismatchCategory != nil { text += ")" }
                return text
            } ?? "Not recorded yet."
        detection =
            given("detection")
            ?? Self.span(incident.startedAt, incident.detectedAt).map { "Detected \($0) after it started." }
            ?? "Detection time not recorded."
        let fixes = incident.fixes.map { fix in
            let text = fix.text.hasSuffix(".") ? fix.text : fix.text + "."
            return "\(fix.kind == .mitigation ? "Mitigation" : "Permanent fix"): \(text)"
        }
        var resolution = fixes.joined(separator: " ")
        if let span = Self.span(incident.startedAt, incident.resolvedAt) {
            resolution += (resolution.isEmpty ? "" : " ") + "Resolved \(span) after it started."
        }
        self.resolution = resolution.isEmpty ? "Not resolved yet." : resolution

        var well: [String] = []
        var badly: [String] = []
        if let span = Self.span(incident.detectedAt, incident.clarifiedAt) {
            well.append("The failing boundary was stated \(span) after detection.")
        }
        if incident.fixes.contains(where: { $0.kind == .mitigation }) { well.append("A mitigation was applied.") }
        if !incident.evidence.isEmpty { well.append("\(incident.evidence.count) evidence pack(s) were captured.") }
        if incident.rootCause == nil { badly.append("No root cause was recorded.") }
        if !incident.fixes.contains(where: { $0.kind == .permanent }) { badly.append("No permanent fix is recorded.") }
        let open = incident.actions.filter { !$0.done }.count
        if open > 0 { badly.append("\(open) follow-up action(s) still open.") }
        wentWell = givenList("went_well") ?? well
        wentBadly = givenList("went_badly") ?? badly
        actionItems = incident.actions.map { Item(text: $0.text, owner: $0.owner, due: $0.due, done: $0.done) }
        evidence = incident.evidence.map(\.pack)
    }

    /// `2 h 5 min`, `8 min`, `40 s` between two instants, when both are known and in order.
    static func span(_ start: Date?, _ end: Date?) -> String? {
        guard let start, let end, end >= start else { return nil }
        let seconds = Int(end.timeIntervalSince(start))
        if seconds < 60 { return "\(seconds) s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return "\(hours / 24) days"
    }

    /// The postmortem as Markdown.
    public var markdown: String {
        var md = "# Postmortem: \(title)\n\n"
        md += "\(id) · blameless postmortem generated by Casebook\n\n"
        md += "## Summary\n\n\(summary)\n\n"
        md += "## Impact\n\n" + Self.bullets(impact, empty: "Not recorded.") + "\n"
        md += "## Timeline (UTC)\n\n"
        md +=
            timeline.isEmpty
            ? "Not recorded.\n" : timeline.map { "- \($0.at): \($0.what)" }.joined(separator: "\n") + "\n"
        md += "\n## Trigger\n\n\(trigger)\n\n"
        md += "## Root cause\n\n\(rootCause)\n\n"
        md += "## Detection\n\n\(detection)\n\n"
        md += "## Resolution\n\n\(resolution)\n\n"
        md += "## What went well\n\n" + Self.bullets(wentWell, empty: "Nothing recorded.") + "\n"
        md += "## What went badly\n\n" + Self.bullets(wentBadly, empty: "Nothing recorded.") + "\n"
        md += "## Action items\n\n"
        if actionItems.isEmpty {
            md += "None recorded.\n"
        } else {
            md += "| | action | owner | due |\n|---|---|---|---|\n"
            for item in actionItems {
                md +=
                    "| \(item.done ? "[x]" : "[ ]") | \(Self.cell(item.text)) | \(Self.cell(item.owner ?? "unassigned")) "
                md += "| \(Self.cell(item.due ?? "")) |\n"
            }
        }
        md += "\n## Evidence (sanitized)\n\n"
        if evidence.isEmpty { md += "None captured.\n" }
        for (index, pack) in evidence.enumerated() {
            md += "### \(index + 1). \(pack.headline)\n\n```json\n"
            md += String(decoding: pack.json.jsonBytes(pretty: true), as: UTF8.self)
            md += "\n```\n\n"
        }
        return md
    }

    private static func bullets(_ items: [String], empty: String) -> String {
        items.isEmpty ? empty + "\n" : items.map { "- \($0)" }.joined(separator: "\n") + "\n"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
