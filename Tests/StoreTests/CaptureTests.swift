import Evidence
import Foundation
import Sanitizer
import Store
import Testing

/// Capture as one library call: sanitize, read, classify, store.
@Suite struct CaptureTests {
    /// A token made at run time, so no file in the repository holds one.
    static let token = "ghp_" + "R7kLm2Xq9Tz4Vb8Nc1Wd" + "5Hj3Pf6Gs0Ya2Ue"

    static let transcript = """
        $ curl -v -H 'Authorization: Bearer \(token)' https://api.shop.example.com/v2/orders/8812
        *   Trying 10.0.3.7:443...
        * Connected to api.shop.example.com (10.0.3.7) port 443
        > GET /v2/orders/8812 HTTP/1.1
        > Host: api.shop.example.com
        > Authorization: Bearer \(token)
        >
        < HTTP/1.1 503 Service Unavailable
        < content-type: application/json
        <
        {"error": "UPSTREAM_UNAVAILABLE", "detail": "inventory: dial tcp 10.0.9.4:5432: connect: connection refused"}
        """

    @Test func capturesClassifiesAndStoresAPackInOneCall() throws {
        let kb = try TestBase()
        let reference = try kb.base.open(NewIncident(title: "Orders fail with 503", service: "orders-api"))
        let capture = try kb.base.addEvidence(Array(Self.transcript.utf8), to: "inc-1")

        #expect(capture.reference == reference)
        #expect(capture.evidence.count == 1)
        let stored = try #require(capture.evidence.first)
        #expect(stored.verdict.bucket == .upstream)
        #expect(stored.verdict.playbook == "upstream")
        #expect(stored.verdict.reasons.contains("a gateway status"))
        #expect(stored.verdict.category == .networking)
        #expect(stored.headline == "GET api.shop.example.com /v2/orders/{id} -> 503 UPSTREAM_UNAVAILABLE")
        #expect(stored.pack.request?.method == "GET")
        #expect(stored.pack.source == "curl-v")

        let incident = try kb.base.incident(reference)
        #expect(incident.evidence.map(\.id) == [stored.id])
        #expect(incident.evidence.first?.bucket == .upstream)
        #expect(incident.bucket == .upstream)
        #expect(incident.timeline.map(\.event) == ["opened", "evidence"])
        #expect(try kb.base.list(IncidentFilter(bucket: .upstream)).map(\.id) == [reference])

        // The token was masked before anything read it: not in the pack, not in the files.
        let storedPack = try #require(incident.evidence.first).pack.json.jsonText
        #expect(storedPack.contains("Authorization"))
        #expect(storedPack.contains(Self.token) == false)
        #expect(try kb.bytesOnDisk().range(of: Data(Self.token.utf8)) == nil)
    }

    @Test func evidenceForAMissingIncidentStoresNothing() throws {
        let kb = try TestBase()
        let error = #expect(throws: StoreError.self) {
            try kb.base.addEvidence(Array(Self.transcript.utf8), to: "INC-0042")
        }
        #expect(error?.kind == .input)
        #expect(error?.description.contains("no incident INC-0042") == true)
        #expect(try kb.base.count() == 0)
    }

    @Test func inputThatHoldsNoEvidenceIsAnInputError() throws {
        let kb = try TestBase()
        let reference = try kb.base.open(NewIncident(title: "x"))
        let error = #expect(throws: StoreError.self) {
            try kb.base.addEvidence([0x00, 0x01, 0x02, 0xFF], to: reference)
        }
        #expect(error?.kind == .input)
        #expect(try kb.base.incident(reference).evidence.isEmpty)
    }

    /// An import triages the packs it brings as a capture does, with no classifier to pass in.
    @Test func anImportClassifiesItsEvidence() throws {
        let kb = try TestBase()
        let lines = [
            #"{"id": "INC-0100", "title": "throttled", "evidence": {"response": {"status": 429, "headers": {"Retry-After": "30"}}}}"#,
            #"{"id": "INC-0101", "title": "refused", "evidence": {"response": {"status": 500}, "logs": ["ERROR connect: connection refused"]}}"#,
        ]
        let report = try kb.base.importIncidents(from: jsonLines(lines.joined(separator: "\n")))
        #expect(report.added == 2)
        #expect(try kb.base.incident("INC-0100").evidence.first?.bucket == .rateLimit)
        #expect(try kb.base.incident("INC-0101").evidence.first?.bucket == .upstream)
        #expect(try kb.base.list(IncidentFilter(bucket: .rateLimit)).map(\.id) == ["INC-0100"])
    }

    /// A read that fails part-way is an error that says what was stored: never a short import reported whole.
    @Test func anImportThatHitsAReadErrorSaysWhatItStored() throws {
        let kb = try TestBase()
        // Lines of 8 KiB, so the input outlasts the first chunk a source reads ahead.
        let padding = String(repeating: "lorem ipsum ", count: 700)
        let lines = (1...200).map {
            #"{"id": "INC-\#(String(format: "%04d", $0))", "title": "n\#($0)", "summary": "\#(padding)"}"#
        }
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        var unread = text[...]
        let source = try PayloadSource(name: "incidents.jsonl") { space in
            guard !unread.isEmpty else { throw POSIXError(.EIO) }
            let count = min(space.count, unread.count)
            space.copyBytes(from: unread.prefix(count))
            unread = unread.dropFirst(count)
            return count
        }
        let error = #expect(throws: StoreError.self) {
            try kb.base.importIncidents(from: source, batchSize: 50)
        }
        // What was read before the failure: the lines wholly inside the first chunk; whole batches of them stored.
        let linesRead = text.prefix(PayloadSource.chunkSize).filter { $0 == 0x0A }.count
        let stored = linesRead / 50 * 50
        #expect(error?.kind == .input)
        let message = error?.description ?? ""
        #expect(message.contains("incidents.jsonl: read failed (Input/output error)"), "\(message)")
        #expect(
            message.contains("after line \(linesRead); \(stored) incident(s) from the lines before it were imported"),
            "\(message)")
        #expect(try kb.base.count() == stored)
        #expect(try kb.base.integrityCheck() == ["ok"])
    }
}
