extension EvidencePack {
    /// One line that says what failed: `POST /orders/{id} -> 415 UNSUPPORTED_MEDIA_TYPE (31000 ms)`.
    public var headline: String { headline(EvidenceFingerprint(self)) }

    /// ``headline`` with the pack's fingerprint already computed.
    public func headline(_ fingerprint: EvidenceFingerprint) -> String {
        var parts: [String] = []
        if let method = fingerprint.method { parts.append(method) }
        if let route = fingerprint.route { parts.append((fingerprint.host.map { "\($0) " } ?? "") + route) }
        var outcome = response?.status.map(String.init) ?? (response?.failure.map { "no response (\($0))" } ?? "")
        if let code = fingerprint.errorCode { outcome += outcome.isEmpty ? code : " \(code)" }
        if !outcome.isEmpty { parts.append(parts.isEmpty ? outcome : "-> \(outcome)") }
        if let latency = timing?.latencyMs { parts.append("(\(Self.milliseconds(latency)) ms)") }
        if parts.isEmpty, let exception = fingerprint.exception { parts.append(exception) }
        if parts.isEmpty, let signature = fingerprint.errorSignature { parts.append(String(signature.prefix(120))) }
        return parts.isEmpty ? "evidence" : parts.joined(separator: " ")
    }

    /// Everything a person might search the pack for, as plain text: the headline, the URL, header names, the
    /// error message, the bodies, the environment, the logs, the stack trace, the journey step, the impact, notes.
    public var searchableText: String { searchableText(EvidenceFingerprint(self)) }

    /// ``searchableText`` with the pack's fingerprint already computed.
    public func searchableText(_ fingerprint: EvidenceFingerprint) -> String {
        var lines = [headline(fingerprint)]
        if let url = request?.url { lines.append(url) }
        if !fingerprint.headerNames.isEmpty { lines.append(fingerprint.headerNames.joined(separator: " ")) }
        if let message = fingerprint.message { lines.append(message) }
        if let exception = fingerprint.exception { lines.append(exception) }
        for body in [request?.body, response?.body].compactMap({ $0 }) {
            lines.append(String((body.stringValue ?? body.jsonText).prefix(4096)))
        }
        if let environment {
            lines.append(
                [environment.region, environment.release, environment.commit, environment.gateway]
                    .compactMap { $0 }.joined(separator: " "))
            if let flags = environment.featureFlags { lines.append(flags.keys.sorted().joined(separator: " ")) }
        }
        lines += (logs ?? []).prefix(200).map { String($0.prefix(2048)) }
        if let stackTrace { lines.append(String(stackTrace.prefix(8192))) }
        lines += [userJourneyStep, impact].compactMap { $0 }
        lines += notes ?? []
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func milliseconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int64(value)) : String(value)
    }
}
