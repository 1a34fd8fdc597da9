/// A playbook: what an engineer wants open during an incident of one triage bucket or one mismatch category, and
/// the signals that tell the classifier an evidence pack belongs to it.
///
/// A playbook is a Markdown file whose TOML front matter (between `+++` lines) names it and lists its signals:
///
/// ```
/// +++
/// name = "upstream"
/// kind = "bucket"
/// bucket = "upstream"
/// title = "Upstream: a dependency or the network failed first"
/// summary = "Open it for 502, 503, 504, timeouts, DNS, TLS and refused connections."
///
/// [[signal]]
/// status = [502, 503, 504]
/// weight = 4.0
/// +++
/// # Upstream
/// ...
/// ```
public struct Playbook: Sendable, Equatable {
    /// What the playbook is for: a triage bucket, or a local-versus-production mismatch category.
    public enum Subject: Sendable, Hashable {
        case bucket(TriageBucket)
        case mismatch(MismatchCategory)
    }

    /// How it is asked for: `casebook playbook show upstream`.
    public var name: String
    public var subject: Subject
    public var title: String
    public var summary: String
    public var signals: [Signal]
    /// The whole file, front matter and all, as written.
    public var markdown: String
    /// Where it came from: `built-in`, or the path of the user's file.
    public var source: String

    public init(
        name: String, subject: Subject, title: String, summary: String, signals: [Signal], markdown: String,
        source: String
    ) {
        self.name = name
        self.subject = subject
        self.title = title
        self.summary = summary
        self.signals = signals
        self.markdown = markdown
        self.source = source
    }

    /// The Markdown after the front matter.
    public var body: String {
        guard markdown.hasPrefix("+++") else { return markdown }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" })
        else { return markdown }
        return lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}

/// One thing in an evidence pack that points to a playbook, and how much.
public struct Signal: Sendable, Equatable {
    /// What the signal tests.
    public enum Test: Sendable, Equatable {
        /// The response status is one of these.
        case status([Int])
        /// The response has one of these headers (lowercased names), with the value when one is given.
        case header([HeaderTest])
        /// One of these phrases (lowercased) appears in the pack's error text.
        case text([String])
        /// No HTTP response came: refused, reset, DNS or TLS failure.
        case noResponse
        /// The latency reached the timeout.
        case atTimeout
    }

    /// A header by name, and optionally the value it must have (any case).
    public struct HeaderTest: Sendable, Equatable {
        public var name: String
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name.lowercased()
            self.value = value?.lowercased()
        }
    }

    public var test: Test
    /// How much one match counts: 0.5 is a hint, 5 decides on its own.
    public var weight: Double
    /// The words shown in "why", when the playbook gives them.
    public var reason: String?
    /// The line of the playbook file that defines it, for messages.
    public var line: Int

    public init(test: Test, weight: Double, reason: String? = nil, line: Int = 0) {
        self.test = test
        self.weight = weight
        self.reason = reason
        self.line = line
    }
}

extension Playbook.Subject {
    /// `bucket` or `mismatch`.
    public var kind: String {
        switch self {
        case .bucket: "bucket"
        case .mismatch: "mismatch"
        }
    }

    /// The bucket's or category's name.
    public var value: String {
        switch self {
        case .bucket(let bucket): bucket.rawValue
        case .mismatch(let category): category.rawValue
        }
    }
}
