import Evidence
import Foundation

extension Incident {
    /// Reads an incident in the incident format.
    ///
    /// - Throws: ``StoreError`` when the document is not an object, or has no title.
    public init(json: JSONValue) throws(StoreError) {
        guard case .object(var members) = json else {
            throw .input("expected an incident object, such as {\"title\": \"...\"}")
        }
        func take(_ key: String) -> JSONValue? { members.removeValue(forKey: key) }
        func text(_ key: String) -> String? {
            take(key).flatMap { value in
                if case .null = value { return nil }
                return value.stringValue ?? value.jsonText
            }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func date(_ key: String) throws(StoreError) -> Date? {
            guard let value = text(key) else { return nil }
            guard let date = Timestamp.parse(value) else {
                throw .input("\(key) is not an ISO 8601 date and time; write it as 2026-06-19T09:12:00Z")
            }
            return date
        }
        guard let title = text("title") else { throw .input("the incident has no title; add \"title\": \"...\"") }
        self.init(title: title)
        id = text("id")
        summary = text("summary") ?? text("report")
        service = text("service")
        environment = text("environment")
        severity = text("severity")
        status = text("status")?.lowercased() ?? "open"
        startedAt = try date("started_at")
        detectedAt = try date("detected_at")
        clarifiedAt = try date("clarified_at")
        resolvedAt = try date("resolved_at")
        switch take("tags") {
        case .array(let items)?: tags = items.compactMap(\.stringValue)
        case .string(let list)?: tags = list.split(separator: ",").map { String($0.trimmingWhitespace()) }
        default: break
        }
        evidence = try Self.list(take("evidence")).map { value throws(StoreError) in
            StoredEvidence(pack: try Self.pack(value))
        }
        rootCause = try take("root_cause").flatMap { value throws(StoreError) in try Self.rootCause(value) }
        // Export writes `fix` (the main one) and, when there are several, `fixes` (all of them, `fix` included).
        let allFixes = Self.list(take("fixes"))
        let mainFix = Self.list(take("fix"))
        fixes = (allFixes.isEmpty ? mainFix : allFixes).compactMap(Self.fix)
        actions = Self.list(take("actions")).compactMap(Self.action)
        timeline = Self.list(take("timeline")).compactMap { entry in
            guard let at = entry["at"]?.stringValue.flatMap(Timestamp.parse),
                let event = entry["event"]?.stringValue
            else { return nil }
            return TimelineEntry(at: at, event: event, detail: entry["detail"]?.stringValue)
        }
        _ = take("bucket")  // derived from the root cause and evidence; not kept as given
        extra = members
    }

    private static func list(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?: return items
        case let single?: return [single]
        }
    }

    private static func pack(_ value: JSONValue) throws(StoreError) -> EvidencePack {
        do {
            return try EvidencePack(json: value)
        } catch {
            throw .input("an evidence pack is not in the evidence-pack format (\(error.description))")
        }
    }

    private static func rootCause(_ value: JSONValue) throws(StoreError) -> RootCause? {
        if let text = value.stringValue { return text.isEmpty ? nil : RootCause(text: text) }
        guard let text = value["text"]?.stringValue, !text.isEmpty else { return nil }
        var cause = RootCause(text: text)
        if let bucket = value["bucket"]?.stringValue {
            guard let parsed = TriageBucket(loosely: bucket) else {
                throw .input("root_cause.bucket is not a triage bucket; use one of \(TriageBucket.names)")
            }
            cause.bucket = parsed
        }
        if let category = value["mismatch_category"]?.stringValue {
            guard let parsed = MismatchCategory(loosely: category) else {
                throw .input("root_cause.mismatch_category is not a category; use one of \(MismatchCategory.names)")
            }
            cause.mismatchCategory = parsed
        }
        cause.recordedAt = value["recorded_at"]?.stringValue.flatMap(Timestamp.parse)
        return cause
    }

    private static func fix(_ value: JSONValue) -> Fix? {
        if let text = value.stringValue { return text.isEmpty ? nil : Fix(text: text) }
        guard let text = value["text"]?.stringValue, !text.isEmpty else { return nil }
        let kind = value["kind"]?.stringValue.flatMap { Fix.Kind(rawValue: $0.lowercased()) } ?? .permanent
        return Fix(text: text, kind: kind, recordedAt: value["recorded_at"]?.stringValue.flatMap(Timestamp.parse))
    }

    private static func action(_ value: JSONValue) -> Action? {
        if let text = value.stringValue { return text.isEmpty ? nil : Action(text: text) }
        guard let text = value["text"]?.stringValue, !text.isEmpty else { return nil }
        var done = false
        if case .bool(let flag)? = value["done"] { done = flag }
        return Action(
            id: value["id"]?.integerValue, text: text, owner: value["owner"]?.stringValue,
            due: value["due"]?.stringValue, done: done,
            doneAt: value["done_at"]?.stringValue.flatMap(Timestamp.parse))
    }

    /// The incident in the incident format, as export writes it.
    public var json: JSONValue { json(withLocalIDs: false) }

    /// The incident in the incident format; with `withLocalIDs`, actions carry the numbers this knowledge base
    /// gave them (for `casebook action done ID`), which another knowledge base would not share.
    public func json(withLocalIDs: Bool) -> JSONValue {
        var members = extra
        func put(_ key: String, _ text: String?) { if let text { members[key] = .string(text) } }
        func put(_ key: String, _ date: Date?) { if let date { members[key] = .string(Timestamp.format(date)) } }
        put("id", id)
        members["title"] = .string(title)
        put("summary", summary)
        put("service", service)
        put("environment", environment)
        put("severity", severity)
        members["status"] = .string(status)
        put("started_at", startedAt)
        put("detected_at", detectedAt)
        put("clarified_at", clarifiedAt)
        put("resolved_at", resolvedAt)
        members["tags"] = .array(tags.map(JSONValue.string))
        members["evidence"] = .array(evidence.map(\.pack.json))
        if let bucket { members["bucket"] = .string(bucket.rawValue) }
        if let rootCause {
            var cause: [String: JSONValue] = ["text": .string(rootCause.text)]
            if let bucket = rootCause.bucket { cause["bucket"] = .string(bucket.rawValue) }
            if let category = rootCause.mismatchCategory { cause["mismatch_category"] = .string(category.rawValue) }
            if let at = rootCause.recordedAt { cause["recorded_at"] = .string(Timestamp.format(at)) }
            members["root_cause"] = .object(cause)
        }
        let fixObjects = fixes.map { fix -> JSONValue in
            var object: [String: JSONValue] = ["text": .string(fix.text), "kind": .string(fix.kind.rawValue)]
            if let at = fix.recordedAt { object["recorded_at"] = .string(Timestamp.format(at)) }
            return .object(object)
        }
        // `fix` is the permanent fix (or the latest); `fixes` has them all when there is more than one.
        if let main = fixes.lastIndex(where: { $0.kind == .permanent }) ?? fixes.indices.last {
            members["fix"] = fixObjects[main]
        }
        if fixes.count > 1 { members["fixes"] = .array(fixObjects) }
        members["actions"] = .array(
            actions.map { action in
                var object: [String: JSONValue] = ["text": .string(action.text), "done": .bool(action.done)]
                if withLocalIDs, let id = action.id { object["id"] = .integer(id) }
                if let owner = action.owner { object["owner"] = .string(owner) }
                if let due = action.due { object["due"] = .string(due) }
                if let at = action.doneAt { object["done_at"] = .string(Timestamp.format(at)) }
                return .object(object)
            })
        members["timeline"] = .array(
            timeline.map { entry in
                var object: [String: JSONValue] = [
                    "at": .string(Timestamp.format(entry.at)), "event": .string(entry.event),
                ]
                if let detail = entry.detail { object["detail"] = .string(detail) }
                return .object(object)
            })
        return .object(members)
    }
}
