import Foundation
import GRDB

/// What `casebook stats` reports: where incidents fall, how fast they are detected, clarified and resolved, and
/// which failures keep coming back.
public struct Statistics: Sendable, Equatable, Encodable {
    public var incidents: Int
    public var byStatus: [Count]
    public var byBucket: [Count]
    public var byService: [Count]
    public var byMonth: [Count]
    /// Mean time to detect: from start to detection.
    public var timeToDetect: Duration?
    /// Mean time to clarity: from start until the failing boundary was stated (the root cause recorded).
    public var timeToClarity: Duration?
    /// Mean time to resolve: from start to resolution.
    public var timeToResolve: Duration?
    /// Coarse fingerprints (method, route, status, error code) seen in more than one incident.
    public var recurring: [Recurring]
    /// How new each incident's failure was when it started: by how many earlier incidents had evidence of the
    /// same fine fingerprint.
    public var novelty: Novelty

    /// Incidents by how often their failure had been seen before them: never (the first of its kind), one to
    /// three times (recurring), four times or more (frequent). Incidents whose evidence names no failure are not
    /// counted.
    public struct Novelty: Sendable, Equatable, Encodable {
        public var firstOfItsKind: Int
        public var recurring: Int
        public var frequent: Int

        enum CodingKeys: String, CodingKey {
            case recurring, frequent
            case firstOfItsKind = "first_of_its_kind"
        }
    }

    public struct Count: Sendable, Equatable, Encodable {
        public var name: String
        public var count: Int
    }

    /// Durations in seconds over the incidents that have both timestamps.
    public struct Duration: Sendable, Equatable, Encodable {
        public var meanSeconds: Double
        public var medianSeconds: Double
        public var incidents: Int

        enum CodingKeys: String, CodingKey {
            case meanSeconds = "mean_seconds"
            case medianSeconds = "median_seconds"
            case incidents
        }
    }

    public struct Recurring: Sendable, Equatable, Encodable {
        public var fingerprint: String
        public var summary: String
        public var incidents: [String]
    }

    enum CodingKeys: String, CodingKey {
        case incidents, recurring, novelty
        case byStatus = "by_status"
        case byBucket = "by_bucket"
        case byService = "by_service"
        case byMonth = "by_month"
        case timeToDetect = "mttd"
        case timeToClarity = "mttc"
        case timeToResolve = "mttr"
    }
}

extension KnowledgeBase {
    /// Counts, time to detect, clarify and resolve, and recurring fingerprints, over incidents matching `filter`.
    public func statistics(_ filter: IncidentFilter = IncidentFilter()) throws(StoreError) -> Statistics {
        try read { db in
            let condition = filter.condition
            func counts(_ expression: String, orderByName: Bool = false) throws -> [Statistics.Count] {
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT coalesce(\(expression), '(none)') AS name, count(*) AS n FROM incident i
                        WHERE \(condition.sql) GROUP BY 1 ORDER BY \(orderByName ? "name DESC" : "n DESC, name")
                        """,
                    arguments: condition.arguments
                ).map { Statistics.Count(name: $0["name"], count: $0["n"]) }
            }
            func duration(from start: String, to end: String) throws -> Statistics.Duration? {
                let seconds = try Double.fetchAll(
                    db,
                    sql: """
                        SELECT CAST(strftime('%s', i.\(end)) AS REAL) - CAST(strftime('%s', i.\(start)) AS REAL) FROM incident i
                        WHERE \(condition.sql) AND i.\(start) IS NOT NULL AND i.\(end) IS NOT NULL
                          AND i.\(end) >= i.\(start)
                        ORDER BY 1
                        """,
                    arguments: condition.arguments)
                guard !seconds.isEmpty else { return nil }
                let middle = seconds.count / 2
                let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
                return Statistics.Duration(
                    meanSeconds: seconds.reduce(0, +) / Double(seconds.count), medianSeconds: median,
                    incidents: seconds.count)
            }
            let recurring = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.coarse_fingerprint AS fingerprint, count(DISTINCT e.incident_id) AS n,
                           max(coalesce(e.method, '') || ' ' || coalesce(e.route, '') || ' -> '
                               || coalesce(e.status, 'no response') || ' ' || coalesce(e.error_code, '')) AS summary,
                           group_concat(DISTINCT i.reference) AS refs
                    FROM evidence e JOIN incident i ON i.id = e.incident_id
                    WHERE \(condition.sql)
                    GROUP BY e.coarse_fingerprint HAVING n > 1 ORDER BY n DESC LIMIT 10
                    """,
                arguments: condition.arguments
            ).map { row in
                let references = ((row["refs"] as String?) ?? "").split(separator: ",").map(String.init).sorted()
                return Statistics.Recurring(
                    fingerprint: row["fingerprint"],
                    summary: String(((row["summary"] as String?) ?? "").trimmingWhitespace()),
                    incidents: Array(references.prefix(20)))
            }
            // For each incident, the most earlier incidents any of its failures had been seen in.
            let novelty = try Row.fetchOne(
                db,
                sql: """
                    WITH failure AS (
                        SELECT DISTINCT e.fine_fingerprint AS fingerprint, e.incident_id,
                               coalesce(i.started_at, i.created_at) AS started
                        FROM evidence e JOIN incident i ON i.id = e.incident_id
                        WHERE e.status IS NOT NULL OR e.error_code IS NOT NULL OR e.exception IS NOT NULL
                    ), ranked AS (
                        SELECT incident_id,
                               dense_rank() OVER (PARTITION BY fingerprint ORDER BY started, incident_id) - 1 AS n
                        FROM failure
                    ), earlier AS (SELECT incident_id, max(n) AS n FROM ranked GROUP BY incident_id)
                    SELECT coalesce(sum(n = 0), 0), coalesce(sum(n BETWEEN 1 AND 3), 0), coalesce(sum(n >= 4), 0)
                    FROM earlier JOIN incident i ON i.id = earlier.incident_id WHERE \(condition.sql)
                    """,
                arguments: condition.arguments)
            return Statistics(
                incidents: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM incident i WHERE \(condition.sql)", arguments: condition.arguments)
                    ?? 0,
                byStatus: try counts("i.status"), byBucket: try counts("i.bucket"),
                byService: try counts("i.service"),
                byMonth: try counts("substr(coalesce(i.started_at, i.created_at), 1, 7)", orderByName: true),
                timeToDetect: try duration(from: "started_at", to: "detected_at"),
                timeToClarity: try duration(from: "started_at", to: "clarified_at"),
                timeToResolve: try duration(from: "started_at", to: "resolved_at"),
                recurring: recurring,
                novelty: Statistics.Novelty(
                    firstOfItsKind: novelty?[0] ?? 0, recurring: novelty?[1] ?? 0, frequent: novelty?[2] ?? 0))
        }
    }
}

extension Statistics {
    /// The statistics as text for a terminal.
    public var text: String {
        var lines = ["\(incidents) incident(s)"]
        func section(_ title: String, _ counts: [Count]) {
            guard !counts.isEmpty else { return }
            lines += ["", "\(title):"]
            lines += counts.prefix(24).map {
                "  \($0.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \($0.count)"
            }
        }
        section("By status", byStatus)
        section("By bucket", byBucket)
        section("By service", byService)
        section("By month", byMonth)
        lines += ["", "Time to detect, clarify, resolve (from the start; mean / median):"]
        for (name, duration) in [("MTTD", timeToDetect), ("MTTC", timeToClarity), ("MTTR", timeToResolve)] {
            guard let duration else {
                lines.append("  \(name)  no incident has both timestamps")
                continue
            }
            lines.append(
                "  \(name)  \(Self.words(duration.meanSeconds)) / \(Self.words(duration.medianSeconds))"
                    + "  over \(duration.incidents) incident(s)")
        }
        lines += [
            "", "Novelty (earlier incidents with the same failure):",
            "  first of its kind        \(novelty.firstOfItsKind)",
            "  recurring (1-3 before)   \(novelty.recurring)",
            "  frequent (4 or more)     \(novelty.frequent)",
        ]
        if !recurring.isEmpty {
            lines += ["", "Recurring failures:"]
            lines += recurring.map {
                "  \($0.incidents.count)x  \($0.summary)  (\($0.incidents.joined(separator: ", ")))"
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `1 h 05 min`, `12 min`, `40 s`.
    static func words(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min" }
        if total < 172_800 { return "\(total / 3600) h \(String(format: "%02d", total / 60 % 60)) min" }
        return "\(total / 86_400) days"
    }
}
