import Evidence
import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// Incidents that were not in the knowledge base.
    public var added = 0
    /// Incidents whose reference was already there, replaced by the imported version.
    public var updated = 0
    /// Lines that could not be imported, by line number, with the reason (never the line's content).
    public var skipped: [(line: Int, reason: String)] = []

    public static func == (lhs: ImportReport, rhs: ImportReport) -> Bool {
        lhs.added == rhs.added && lhs.updated == rhs.updated
            && lhs.skipped.map(\.line) == rhs.skipped.map(\.line)
            && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason)
    }
}

extension KnowledgeBase {
    /// Writes every incident, oldest reference first, one JSON document per call of `write` (JSON Lines).
    public func export(pageSize: Int = 500, _ write: ([UInt8]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page = try read { db in
                let ids = try Int64.fetchAll(
                    db, sql: "SELECT id FROM incident WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, pageSize])
                return (ids.last, try Self.incidents(ids: ids, in: db))
            }
            guard let last = page.0 else { return }
            after = last
            for incident in page.1 { try write(incident.json.jsonBytes()) }
        }
    }

    /// Imports incidents from JSON Lines, in transactions of `batchSize` lines.
    ///
    /// Each line is sanitized as JSON before it is read, so nothing raw is stored. An incident whose `id` is
    /// already there replaces the stored one (importing the same file twice changes nothing); one without an
    /// `id` gets a new reference. A line that cannot be read is reported by number and skipped; the rest is
    /// imported. A batch is stored whole or not at all, so a crash leaves every batch complete or absent.
    ///
    /// Reading a batch (sanitizing, parsing, triage, fingerprints) runs on every core, at a lower priority, while
    /// the batches before it are written: the database writer, the slower side, rarely waits for a batch or for a
    /// core.
    ///
    /// - Parameters:
    ///   - lines: the input's lines with their numbers (1-based).
    ///   - classify: the triage bucket of an imported evidence pack.
    ///   - progress: called after each batch is read and handed to the writer, with the number of lines read so
    ///     far.
    public func importIncidents(
        _ lines: some Sequence<(number: Int, bytes: [UInt8])>, batchSize: Int = 5000, now: Date = Date(),
        classify: @escaping @Sendable (EvidencePack) -> TriageBucket? = { _ in nil },
        progress: ((Int) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        var report = ImportReport()
        let writer = BatchWriter(base: self, now: now)
        var batch: [(number: Int, bytes: [UInt8])] = []
        var read = 0
        func submit() throws(StoreError) {
            guard !batch.isEmpty else { return }
            let lines = batch
            batch.removeAll(keepingCapacity: true)
            let prepared = BackgroundMap.map(lines) { line in self.prepare(line, now: now, classify: classify) }
            var incidents: [PreparedIncident] = []
            for (line, result) in zip(lines, prepared) {
                switch result {
                case .success(let incident): incidents.append(incident)
                case .failure(let error): report.skipped.append((line.number, error.description))
                }
            }
            try writer.enqueue(incidents)
            progress?(read)
        }
        do throws(StoreError) {
            for line in lines {
                read += 1
                guard line.bytes.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { continue }
                batch.append(line)
                if batch.count >= batchSize { try submit() }
            }
            try submit()
        } catch {
            // A batch failed: let the writer settle before returning, so nothing writes after the caller is told.
            _ = try? writer.finish()
            throw error
        }
        report.count(try writer.finish())
        try emptyWriteAheadLog()
        progress?(read)
        return report
    }

    /// One line, ready to store: sanitized as JSON, read as an incident, its evidence triaged and fingerprinted.
    private func prepare(
        _ line: (number: Int, bytes: [UInt8]), now: Date, classify: (EvidencePack) -> TriageBucket?
    ) -> Result<PreparedIncident, StoreError> {
        do throws(StoreError) {
            let clean = try sanitized(json: line.bytes)
            let json: JSONValue
            switch JSONValue.read(clean) {
            case .success(let value): json = value
            case .failure(.nestedTooDeep):
                throw .input(
                    "nests arrays or objects deeper than \(JSONValue.maximumDepth) levels; flatten that field")
            case .failure(.malformed):
                throw .input(
                    "not a JSON object (check for a missing brace or quote, or a line break inside a string)")
            }
            var incident = try Incident(json: json)
            for index in incident.evidence.indices {
                incident.evidence[index].bucket = classify(incident.evidence[index].pack)
            }
            let evidence = try incident.evidence.map { item throws(StoreError) in
                try EvidenceRow(pack: item.pack, bucket: item.bucket, recordedAt: item.recordedAt ?? Date())
            }
            return .success(
                PreparedIncident(
                    incident: incident, row: try IncidentRow(importing: incident, evidence: evidence, now: now),
                    evidence: evidence))
        } catch {
            return .failure(error)
        }
    }

    /// Stores an imported incident, replacing the one with the same reference, with triggers turned off: the
    /// caller writes the search documents of new incidents. Returns whether it was new.
    static func store(_ prepared: PreparedIncident, _ db: Database, now: Date) throws -> Bool {
        let incident = prepared.incident
        let existing = try incident.id.flatMap { reference in
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM incident WHERE reference = ?"), arguments: [reference])
        }
        var row = prepared.row
        row.id = existing
        if let existing {
            for table in ["evidence", "root_cause", "fix", "action", "timeline"] {
                try db.run("DELETE FROM \(table) WHERE incident_id = ?", [existing])
            }
            try row.updateRow(db)
        } else {
            // Given references raised the counter before the batch (``BatchWriter``), so this one is new.
            if incident.id == nil { row.reference = try ReferenceCounter.next(db) }
            try row.insertRow(db)
        }
        guard let id = row.id else { return existing == nil }
        try insertChildren(of: prepared, id: id, db, now: now)
        // The batch writes the documents of new incidents at its end; a replaced one's is rewritten now.
        if let existing { try SearchIndexing.reindexIncident(existing, db) }
        return existing == nil
    }

    private static func insertChildren(of prepared: PreparedIncident, id: Int64, _ db: Database, now: Date) throws {
        let incident = prepared.incident
        if let cause = incident.rootCause {
            try db.run(
                "INSERT INTO root_cause(incident_id, text, bucket, mismatch_category, recorded_at) VALUES (?, ?, ?, ?, ?)",
                [
                    id, cause.text, cause.bucket?.rawValue, cause.mismatchCategory?.rawValue,
                    Timestamp.format(cause.recordedAt ?? incident.clarifiedAt ?? now),
                ])
        }
        for evidence in prepared.evidence {
            var row = evidence
            row.incidentId = id
            try row.insertRow(db)
        }
        for fix in incident.fixes {
            try db.run(
                "INSERT INTO fix(incident_id, text, kind, recorded_at) VALUES (?, ?, ?, ?)",
                [
                    id, fix.text, fix.kind.rawValue, Timestamp.format(fix.recordedAt ?? incident.resolvedAt ?? now),
                ])
        }
        for action in incident.actions {
            try db.run(
                "INSERT INTO action(incident_id, text, owner, due, done, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    id, action.text, action.owner, action.due, action.done, action.doneAt.map(Timestamp.format),
                    Timestamp.format(now),
                ])
        }
        if incident.timeline.isEmpty {
            try TimelineRow.record(db, incident: id, at: now, event: "imported", detail: nil)
        }
        for entry in incident.timeline {
            try TimelineRow.record(db, incident: id, at: entry.at, event: entry.event, detail: entry.detail)
        }
    }
}

/// An incident read from an import line, with its evidence rows built, waiting to be written.
struct PreparedIncident: Sendable {
    var incident: Incident
    /// The incident's row, without its id; its reference is empty when the line gave none.
    var row: IncidentRow
    var evidence: [EvidenceRow]
}

extension IncidentRow {
    /// The row of an imported incident, made `now`, with the bucket of its root cause or else of its latest
    /// triaged evidence.
    init(importing incident: Incident, evidence: [EvidenceRow], now: Date) throws(StoreError) {
        self.init(
            id: nil, reference: incident.id ?? "", title: incident.title, summary: incident.summary,
            service: incident.service, environment: incident.environment, severity: incident.severity,
            status: incident.status, tags: try KnowledgeBase.tagsJSON(incident.tags),
            startedAt: incident.startedAt.map(Timestamp.format), detectedAt: incident.detectedAt.map(Timestamp.format),
            clarifiedAt: incident.clarifiedAt.map(Timestamp.format),
            resolvedAt: incident.resolvedAt.map(Timestamp.format), createdAt: Timestamp.format(now),
            extra: incident.extra.isEmpty ? nil : JSONValue.object(incident.extra).jsonText,
            bucket: incident.rootCause?.bucket?.rawValue ?? evidence.last { $0.bucket != nil }?.bucket)
    }
}

extension ImportReport {
    mutating func count(_ stored: (added: Int, updated: Int)) {
        added += stored.added
        updated += stored.updated
    }
}

/// Writes import batches one after another on a queue of its own, each in one transaction, while the caller
/// prepares the next ones.
///
/// Up to two batches wait or are being written at once: the caller goes on reading while the writer is busy, and
/// the writer finds the next batch ready when it is done, so both cores stay busy whichever side is slower at the
/// time. After a batch fails, none after it is written.
final class BatchWriter: @unchecked Sendable {
    private let base: KnowledgeBase
    private let now: Date
    private let queue = DispatchQueue(label: "casebook.import.writer")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    // Guarded by `lock`.
    private var stored = (added: 0, updated: 0)
    private var failure: StoreError?

    init(base: KnowledgeBase, now: Date) {
        self.base = base
        self.now = now
    }

    /// Hands `incidents` to the writer, once fewer than two batches are waiting; throws the error of a batch that
    /// failed before.
    func enqueue(_ incidents: [PreparedIncident]) throws(StoreError) {
        slots.wait()
        if let failure = lock.withLock({ failure }) {
            slots.signal()
            throw failure
        }
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do throws(StoreError) {
                let added = try write(incidents)
                lock.withLock {
                    stored.added += added
                    stored.updated += incidents.count - added
                }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits for every batch handed over, and returns how many incidents they added and updated.
    func finish() throws(StoreError) -> (added: Int, updated: Int) {
        queue.sync {}
        if let failure = lock.withLock({ failure }) { throw failure }
        return lock.withLock { stored }
    }

    /// Writes one batch in one transaction, and returns how many incidents it added.
    private func write(_ incidents: [PreparedIncident]) throws(StoreError) -> Int {
        try base.writeWithoutTriggers { db in
            // A batch dirties more pages than the usual cache holds: spilled to the -wal file before the commit, a
            // page that changes again is written again. 128 MiB keeps a batch's index pages (measured at 100,000
            // incidents with 4 KiB pages: 11% fewer page writes, 29% fewer reads; 256 MiB made no difference).
            try db.execute(sql: "PRAGMA cache_size = -131072")
            // Numbers the batch brings are taken before any incident of it gets a new one.
            let given = incidents.compactMap { $0.incident.id.flatMap { ReferenceCounter.number(in: $0) } }
            if let highest = given.max() { try ReferenceCounter.raise(to: highest, db) }
            // What the triggers would do, done once for the batch: each incident's row carries its bucket, and the
            // documents of new incidents are written and indexed together at the end.
            let since = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM incident") ?? 0
            let added = try incidents.reduce(0) { count, item in
                count + (try KnowledgeBase.store(item, db, now: now) ? 1 : 0)
            }
            try SearchIndexing.indexIncidents(after: since, db)
            return added
        }
    }
}

/// `map` over every core, for work that shares nothing, at a lower priority than the rest of the process.
///
/// The import's writer is the side that keeps it waiting: at normal priority it gets a whole core whenever it has
/// a batch to write, and the map's threads take whatever the processor has left, rather than slowing the writer by
/// a third each time all three want a core.
enum BackgroundMap {
    /// Items a worker takes at a time: few enough that the workers finish together, enough that taking them costs
    /// nothing.
    static let chunk = 16

    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / chunk))
        var results = [R?](repeating: nil, count: items.count)
        let next = Counter()
        let done = DispatchGroup()
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            // Workers take the next chunk until none is left, so one that gets less of the processor takes fewer,
            // rather than keeping the others waiting at the end. No two write the same element.
            for _ in 0..<workers {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    Self.lowerThisThreadsPriority()
                    while true {
                        let start = next.take(chunk)
                        guard start < items.count else { return }
                        for index in start..<min(start + chunk, items.count) {
                            output[index] = transform(items[index])
                        }
                    }
                }
            }
            done.wait()
        }
        return results.compactMap { $0 }
    }

    /// The next free index, shared by the workers.
    private final class Counter: Sendable {
        private let next = Atomic(0)
        func take(_ count: Int) -> Int { next.wrappingAdd(count, ordering: .relaxed).oldValue }
    }

    /// Makes the calling thread yield to the process's other threads: a nice value of 10 on Linux, where it is a
    /// thread's own and `0` names the calling thread; the utility class elsewhere.
    private static func lowerThisThreadsPriority() {
        #if canImport(Glibc)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #else
            Thread.current.qualityOfService = .utility
        #endif
    }
}
