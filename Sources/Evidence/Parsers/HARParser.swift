import Foundation

/// Reads an HTTP Archive 1.2 (`log.entries[]`), one pack per entry.
///
/// A HAR records every request of a page; the evidence is in the ones that failed, so by default only entries
/// with status 400 or more, or with no response at all (status 0, as browsers record a refused connection or a
/// blocked request), become packs.
enum HARParser {
    /// The packs of the failed entries, or of entry `entry` (1-based) alone.
    static func packs(from input: [UInt8], entry: Int?) throws(EvidenceError) -> [EvidencePack] {
        try packs(from: try JSONText.parse(input, what: "the HAR file"), entry: entry)
    }

    /// The packs of an already parsed HAR document.
    static func packs(from document: JSONValue, entry: Int?) throws(EvidenceError) -> [EvidencePack] {
        guard case .array(let entries)? = document["log"]?["entries"], !entries.isEmpty else {
            throw EvidenceError(
                "the HAR file has no entries; export it again from the browser's Network panel (\"Save all as HAR "
                    + "with content\") after reproducing the failure")
        }
        if let entry {
            guard entry >= 1, entry <= entries.count else {
                throw EvidenceError.entryOutOfRange(entry, count: entries.count, of: "HAR file")
            }
            return [pack(entries[entry - 1], number: entry, of: entries.count)]
        }
        let failed = entries.indices.filter { isFailed(entries[$0]) }
        guard !failed.isEmpty else {
            throw EvidenceError(
                "none of the HAR file's \(entries.count) entries failed (no status 400 or above, no missing "
                    + "response); pick one with --entry N (1 to \(entries.count))")
        }
        return failed.map { pack(entries[$0], number: $0 + 1, of: entries.count) }
    }

    /// Whether an entry's response is an error (400 and above) or missing (status 0, or no response at all).
    static func isFailed(_ entry: JSONValue) -> Bool {
        guard let status = entry["response"]?["status"]?.integerValue else { return true }
        return status == 0 || status >= 400
    }

    /// One entry as a pack.
    static func pack(_ entry: JSONValue, number: Int, of count: Int) -> EvidencePack {
        var pack = EvidencePack()
        let request = entry["request"]
        let requestHeaders = headers(request?["headers"])
        pack.request = RequestFacts(
            method: request?["method"]?.stringValue, url: request?["url"]?.stringValue,
            headers: requestHeaders.isEmpty ? nil : requestHeaders.dictionary, body: postData(request?["postData"]))

        let response = entry["response"]
        let status = response?["status"]?.integerValue.flatMap { Int(exactly: $0) }
        let responseHeaders = headers(response?["headers"])
        let content = response?["content"]
        var body: JSONValue?
        var notes = ["HAR entry \(number) of \(count)"]
        if let text = content?["text"]?.stringValue {
            let mimeType = content?["mimeType"]?.stringValue ?? responseHeaders.first("Content-Type")
            if content?["encoding"]?.stringValue?.lowercased() == "base64" {
                if let decoded = decodedText(base64: text) {
                    body = MessageBody.value(decoded, contentType: mimeType)
                } else {
                    notes.append("response body is binary or not valid base64; not kept")
                }
            } else {
                body = MessageBody.value(text, contentType: mimeType)
            }
        }
        let error = [entry["_error"], response?["_error"]].compactMap { $0?.stringValue }.first { !$0.isEmpty }
        if let status, status > 0 {
            pack.response = ResponseFacts(
                status: status, errorCode: body.flatMap(ErrorFacts.code(in:)),
                headers: responseHeaders.isEmpty ? nil : responseHeaders.dictionary, body: body)
        } else {
            // Status 0: the browser got no response. Its `_error` (`net::ERR_CONNECTION_REFUSED`) says why.
            let statusText = response?["statusText"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            pack.response = ResponseFacts(
                status: nil, headers: responseHeaders.isEmpty ? nil : responseHeaders.dictionary, body: body,
                failure: error ?? statusText ?? "no response recorded (status 0)")
        }

        var timing = Timing()
        if let time = entry["time"]?.doubleValue, time >= 0 { timing.latencyMs = time }
        // HAR uses -1 for a phase that does not apply.
        if let wait = entry["timings"]?["wait"]?.doubleValue, wait >= 0 {
            timing.serverMs = wait
        } else if let server = HeaderFacts.serverMilliseconds(responseHeaders) {
            timing.serverMs = server
        }
        if !timing.isEmpty { pack.timing = timing }

        var environment = EnvironmentFacts()
        if let address = entry["serverIPAddress"]?.stringValue, !address.isEmpty {
            environment.other = ["server_ip": .string(address)]
        }
        environment.gateway = HeaderFacts.gateway(responseHeaders)
        if environment != EnvironmentFacts() { pack.environment = environment }
        if let started = entry["startedDateTime"]?.stringValue, !started.isEmpty {
            notes[0] += ", started \(started)"
        }
        pack.notes = notes
        return pack
    }

    /// A HAR header list (`[{"name": ..., "value": ...}]`) without HTTP/2 pseudo-headers, which browsers record
    /// as headers but are the request line.
    static func headers(_ list: JSONValue?) -> HeaderFields {
        var fields = HeaderFields()
        guard case .array(let items)? = list else { return fields }
        for item in items {
            guard let name = item["name"]?.stringValue, !name.hasPrefix(":"), let value = item["value"] else {
                continue
            }
            fields.append(name, value.stringValue ?? Lenient.text(value) ?? "")
        }
        return fields
    }

    /// `postData`: its `text` read by its `mimeType`, or its `params` as an object when there is no text.
    static func postData(_ data: JSONValue?) -> JSONValue? {
        guard let data else { return nil }
        if let text = data["text"]?.stringValue, !text.isEmpty {
            return MessageBody.value(text, contentType: data["mimeType"]?.stringValue)
        }
        guard case .array(let params)? = data["params"], !params.isEmpty else { return nil }
        var members: [String: JSONValue] = [:]
        for param in params {
            guard let name = param["name"]?.stringValue else { continue }
            members[name] = .string(param["value"]?.stringValue ?? "")
        }
        return members.isEmpty ? nil : .object(members)
    }

    /// Base64 content as text, or nil when it does not decode or decodes to binary (images, fonts).
    static func decodedText(base64 text: String) -> String? {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
        let bytes = [UInt8](data)
        guard !bytes.contains(0), let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
        return decoded
    }
}
