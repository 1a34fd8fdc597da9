import Foundation

/// The playbooks Casebook knows: the built-in ones (the files of `playbooks/`, compiled into the binary) and the
/// user's own, from `$XDG_CONFIG_HOME/casebook/playbooks/` (`~/.config/casebook/playbooks/` when unset), where a
/// file with a built-in playbook's name replaces it.
public struct PlaybookLibrary: Sendable {
    /// Bucket playbooks first, then mismatch playbooks, each in the order of their bucket or category.
    public private(set) var playbooks: [Playbook]

    public init(_ playbooks: [Playbook]) {
        self.playbooks = playbooks.sorted(by: Self.precedes)
    }

    /// The built-in playbooks, read once. They are tested to load; should one ever fail, it is left out rather
    /// than stopping every command.
    public static let builtIn = PlaybookLibrary(
        builtInFiles.compactMap { file in
            try? Playbook.read(markdown: String(decoding: file.bytes, as: UTF8.self), source: "built-in:\(file.name)")
        })

    /// The built-in playbooks with the user's own over them.
    ///
    /// - Parameter folder: the user's playbook folder; a folder that is not there holds no playbooks.
    /// - Throws: ``PlaybookError`` naming the user's file (and line) that cannot be read.
    public static func load(userFolder folder: String? = defaultUserFolder()) throws(PlaybookError)
        -> PlaybookLibrary
    {
        var library = builtIn
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return library
        }
        for name in names.sorted() where name.hasSuffix(".md") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw PlaybookError(source: path, line: nil, reason: "cannot be read as UTF-8 text")
            }
            library.add(try Playbook.read(markdown: text, source: path))
        }
        return library
    }

    /// `$XDG_CONFIG_HOME/casebook/playbooks`, else `~/.config/casebook/playbooks`.
    public static func defaultUserFolder(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return configHome + "/casebook/playbooks"
    }

    /// Adds a playbook, replacing the one of the same name.
    public mutating func add(_ playbook: Playbook) {
        playbooks.removeAll { $0.name == playbook.name }
        playbooks.append(playbook)
        playbooks.sort(by: Self.precedes)
    }

    /// The playbook called `name`, in any case.
    public func playbook(named name: String) -> Playbook? {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "_")
        return playbooks.first { $0.name.lowercased().replacingOccurrences(of: "-", with: "_") == key }
    }

    /// The playbook of a bucket or category: the first one for it.
    public func playbook(for subject: Playbook.Subject) -> Playbook? {
        playbooks.first { $0.subject == subject }
    }

    private static func precedes(_ lhs: Playbook, _ rhs: Playbook) -> Bool {
        let (left, right) = (order(lhs.subject), order(rhs.subject))
        return left != right ? left < right : lhs.name < rhs.name
    }

    private static func order(_ subject: Playbook.Subject) -> Int {
        switch subject {
        case .bucket(let bucket): TriageBucket.allCases.firstIndex(of: bucket) ?? 0
        case .mismatch(let category): 10 + (MismatchCategory.allCases.firstIndex(of: category) ?? 0)
        }
    }
}

extension PlaybookLibrary {
    /// The name of the built-in playbook of a bucket or category (`upstream`, `auth-mismatch`).
    public static func playbookName(for subject: Playbook.Subject) -> String {
        if let playbook = builtIn.playbook(for: subject) { return playbook.name }
        if case .mismatch(.auth) = subject { return "auth-mismatch" }
        return subject.value
    }
}

extension PlaybookLibrary {
    /// The built-in playbook files, by name. SwiftPM's `.embedInCode("playbooks")` turns each file into a static
    /// `[UInt8]` of `PackageResources`, named after the file with `.` and `-` as `_`: a new file needs one line here.
    static let builtInFiles: [(name: String, bytes: [UInt8])] = [
        ("client.md", PackageResources.client_md),
        ("auth.md", PackageResources.auth_md),
        ("rate_limit.md", PackageResources.rate_limit_md),
        ("upstream.md", PackageResources.upstream_md),
        ("server.md", PackageResources.server_md),
        ("configuration.md", PackageResources.configuration_md),
        ("networking.md", PackageResources.networking_md),
        ("auth-mismatch.md", PackageResources.auth_mismatch_md),
        ("data.md", PackageResources.data_md),
        ("dependencies.md", PackageResources.dependencies_md),
        ("runtime.md", PackageResources.runtime_md),
        ("scale.md", PackageResources.scale_md),
    ]
}
