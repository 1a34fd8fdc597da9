import Evidence
import Foundation
import GRDB
import Sanitizer

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
    /// Each line is sanitized as JSON before it is read, so nothing raw is stored; its evidence packs are
    /// classified and fingerprinted as ``addEvidence(_:to:now:)`` does. An incident whose `id` is already there
    /// replaces the stored one (importing the same file twice changes nothing); one without an `id` gets a new
    /// reference. A line that cannot be read is reported by number and skipped; the rest is imported. A batch is
    /// stored whole or not at all, so a crash leaves every batch complete or absent.
    ///
    /// Reading a batch (sanitizing, parsing, triage, fingerprints) runs on every core, at a lower priority, while
    /// the batches before it are written: the database writer, the slower side, rarely waits for a batch or for a
    /// core.
    ///
    /// - Parameters:
    ///   - source: the JSON Lines input.
    ///   - progress: called after each batch is read and handed to the writer, with the number of lines read so
    ///     far.
    /// - Throws: ``StoreError``: (input) when the input cannot be read to its end, saying how many incidents the
    ///   lines before the failure stored; (database) when the knowledge base cannot be written.
    public func importIncidents(
        from source: PayloadSource, batchSize: Int = 5000, now: Date = Date(), progress: ((Int) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        var report = ImportReport()
        let writer = BatchWriter(base: self, now: now)
        var lines = LineReader(source)
        var batch: [LineReader.Line] = []
        func submit() throws(StoreError) {
            guard !batch.isEmpty else { return }
            let items = batch
            batch.removeAll(keepingCapacity: true)
            let prepared = BackgroundMap.map(items) { line in self.prepare(line, now: now) }
            var incidents: [PreparedIncident] = []
            for (line, result) in zip(items, prepared) {
                switch result {
                case .success(let incident): incidents.append(incident)
                case .failure(let error): report.skipped.append((line.number, error.description))
                }
            }
            try writer.enqueue(incidents)
            progress?(lines.linesRead)
        }
        do throws(StoreError) {
            while let line = try Self.nextLine(&lines, writer: writer) {
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
        progress?(lines.linesRead)
        return report
    }

    /// The next line of an import; on a read error, the error once the batches before it are written, with how
    /// many incidents they stored.
    private static func nextLine(_ lines: inout LineReader, writer: BatchWriter) throws(StoreError) -> LineReader.Line?
    {
        do {
            return try lines.next()
        } catch {
            let stored = (try? writer.finish()).map { $0.added + $0.updated } ?? 0
            throw .input(
                "\(error.description) after line \(lines.linesRead); \(stored) incident(s) from the lines before it "
                    + "were imported and the rest were not: import the file again once it reads (an import is "
                    + "idempotent by reference)")
        }
    }

    /// One line, ready to store: sanitized as JSON, read as an incident, its evidence triaged and fingerprinted.
    private func prepare(_ line: LineReader.Line, now: Date) -> Result<PreparedIncident, StoreError> {
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
                incident.evidence[index].bucket = triage.classify(incident.evidence[index].pack).bucket
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
            try row.update(db)
        } else {
            // Given references raised the counter before the batch (``BatchWriter``), so this one is new.
            if incident.id == nil { row.reference = try ReferenceCounter.next(db) }
            row.id = try row.bulkInsert(db)
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
            try RootCauseRow(incident: id, cause, recordedAt: cause.recordedAt ?? incident.clarifiedAt ?? now)
                .bulkInsert(db)
        }
        for evidence in prepared.evidence {
            var row = evidence
            row.incidentId = id
            try row.bulkInsert(db)
        }
        for fix in incident.fixes {
            try FixRow(
                incident: id, text: fix.text, kind: fix.kind, recordedAt: fix.recordedAt ?? incident.resolvedAt ?? now
            ).bulkInsert(db)
        }
        for action in incident.actions {
            try ActionRow(incident: id, action, createdAt: now).bulkInsert(db)
        }
        if incident.timeline.isEmpty {
            try TimelineRow(incident: id, at: now, event: "imported", detail: nil).bulkInsert(db)
        }
        for entry in incident.timeline {
            try TimelineRow(incident: id, at: entry.at, event: entry.event, detail: entry.detail).bulkInsert(db)
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
