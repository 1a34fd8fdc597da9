import Testing

@testable import Evidence

/// Logs and stack traces: the lines, the first trace, and the facts the lines state.
struct LogParserTests {
    @Test(arguments: [
        ("log-java.log", "org.springframework.web.client.ResourceAccessException", "\t... 42 common frames omitted"),
        ("log-python.log", "Traceback (most recent call last):", "client.UpstreamError: 504"),
        ("log-node-text.log", "TypeError: Cannot read properties", "    at async handler (/app/src/routes.js:40:5)"),
        ("log-go.log", "panic: runtime error", "\t/usr/local/go/src/net/http/server.go:2938 +0x8e"),
        // A JSON log line's `stack` field.
        ("log-node.log", "Error: socket hang up", "    at Socket.socketOnEnd (node:_http_client:519:23)"),
    ])
    func findsTheFirstStackTrace(_ fixture: String, _ first: String, _ last: String) throws {
        let pack = try Fixture.pack(fixture)
        #expect(pack.source == "logs")
        let trace = try #require(pack.stackTrace)
        #expect(trace.hasPrefix(first))
        #expect(trace.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) == last)
    }

    @Test(arguments: [
        "ERROR java.lang.IllegalStateException: bad state\nINFO next request",
        "Traceback is a word in this sentence\nat the end",
        "INFO at least one retry\n  at most three",
    ])
    func noFramesNoStackTrace(_ text: String) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(text.utf8), format: .logs).first)
        #expect(pack.stackTrace == nil)
        #expect(pack.logs?.count == 2)
    }

    struct Facts: Sendable, CustomTestStringConvertible {
        var line: String
        var method: String? = nil
        var url: String? = nil
        var status: Int? = nil
        var latencyMs: Double? = nil
        var timeoutMs: Double? = nil
        var region: String? = nil
        var release: String? = nil
        var commit: String? = nil
        var testDescription: String { line }
    }

    @Test(arguments: [
        Facts(
            line: #"10.0.0.1 - - [19/Jun/2026:09:12:03 +0000] "GET /orders/42 HTTP/1.1" 502 157"#, method: "GET",
            url: "/orders/42", status: 502),
        Facts(
            line: #"10.0.0.1 - - [19/Jun/2026:09:12:03 +0000] "GET /orders/42 HTTP/1.1" 200 157"#, method: "GET",
            url: "/orders/42"),
        Facts(line: "level=error msg=failed status=503", status: 503),
        Facts(line: "level=info msg=ok status=200"),
        Facts(
            line: #"{"level":"error","http":{"status_code":504,"method":"POST"},"url":{"path":"/pay"}}"#,
            method: "POST", url: "/pay", status: 504),
        Facts(line: "upstream payments-api returned 504 Gateway Timeout", status: 504),
        Facts(line: "upstream payments-api is healthy"),
        Facts(line: "POST /v1/charges -> 502 in 31.2s", method: "POST", url: "/v1/charges", status: 502),
        Facts(line: "request completed took 30012ms", latencyMs: 30012),
        Facts(line: "request completed took 30012"),
        Facts(line: "duration=31.2s latency_ms=900", latencyMs: 31200),
        Facts(line: "latency_ms=900", latencyMs: 900),
        Facts(line: "read timeout after 30000 ms", timeoutMs: 30000),
        Facts(line: "client config timeout=30s", timeoutMs: 30000),
        Facts(line: "timeout of 5000ms exceeded", timeoutMs: 5000),
        Facts(line: "at 09:12:03 the cache refreshed"),
        Facts(
            line: "boot region=eu-west-1 release=4.18.2 commit=9f2c1ab", region: "eu-west-1", release: "4.18.2",
            commit: "9f2c1ab"),
        Facts(line: "boot version=2.3.1 git_sha=0badc0de", release: "2.3.1", commit: "0badc0de"),
        Facts(line: "boot in eu-west-1 with the new release"),
    ])
    func readsTheFactsALineStates(_ test: Facts) throws {
        let pack = try #require(try EvidenceReader.packs(from: Array(test.line.utf8), format: .logs).first)
        #expect(pack.request?.method == test.method)
        #expect(pack.request?.url == test.url)
        #expect(pack.response?.status == test.status)
        #expect(pack.timing?.latencyMs == test.latencyMs)
        #expect(pack.timing?.timeoutMs == test.timeoutMs)
        #expect(pack.environment?.region == test.region)
        #expect(pack.environment?.release == test.release)
        #expect(pack.environment?.commit == test.commit)
    }

    @Test func factsFromFixtures() throws {
        let java = try Fixture.pack("log-java.log")
        #expect(java.response?.status == 503)
        #expect(java.request?.method == "POST")
        #expect(java.timing?.latencyMs == 30012)
        #expect(java.environment?.region == "eu-west-1")
        let access = try Fixture.pack("log-access.log")
        #expect(access.request?.url == "/orders/42")
        #expect(access.response?.status == 502)
        #expect(access.timing?.latencyMs == 30012)  // nginx's request_time is in seconds
        let logfmt = try Fixture.pack("log-logfmt.log")
        #expect(logfmt.timing == Timing(latencyMs: 31200, timeoutMs: 30000))
        #expect(logfmt.environment?.commit == "1a2b3c4")
    }

    @Test func aLongLogKeepsItsHeadAndTheErrorRegion() throws {
        var lines = (1...5000).map { "2026-06-19T09:00:00Z INFO request \($0) ok status=200" }
        lines[3000] = "2026-06-19T09:12:03Z ERROR payment failed status=503 took 30012ms"
        let pack = try #require(try EvidenceReader.packs(from: Array(lines.joined(separator: "\n").utf8)).first)
        let logs = try #require(pack.logs)
        #expect(logs.count <= 500)
        #expect(Array(logs.prefix(100)) == Array(lines.prefix(100)))
        #expect(logs.contains(lines[2999]) && logs.contains(lines[3000]) && logs.contains(lines[3001]))
        #expect(!logs.contains(lines[4000]))
        #expect(pack.response?.status == 503)
        #expect(pack.notes?.contains { $0.hasPrefix("logs cut to") } == true)
    }

    @Test func aShortLogIsKeptWhole() throws {
        let lines = (1...500).map { "line \($0)" }
        let pack = try #require(try EvidenceReader.packs(from: Array(lines.joined(separator: "\n").utf8)).first)
        #expect(pack.logs == lines)
        #expect(pack.notes == nil)
    }

    @Test(arguments: [
        ("30012ms", 30012.0), ("31.2s", 31200), ("30 s", 30000), ("30001 milliseconds", 30001), ("1m30s", 90000),
        ("250µs", 0.25),
    ])
    func readsDurations(_ text: String, _ milliseconds: Double) {
        #expect(DurationText.milliseconds(Substring(text)) == milliseconds)
    }

    @Test(arguments: ["30012", "09:12:03", "2026-06-19", "ms", "5 more"])
    func aNumberWithoutAUnitIsNoDuration(_ text: String) {
        #expect(DurationText.milliseconds(Substring(text)) == nil)
    }
}
