import Foundation

/// `casebook-bench incidents`: a deterministic knowledge base's worth of incidents as JSON Lines, in the incident
/// format `casebook import` reads.
///
/// Incidents are built from the failure families a production API really has (a dependency timing out, a key
/// rotated, a limiter firing, a client sending the wrong content type, a null in a legacy row), over 40 services
/// and two years, each with an evidence pack (request, response, timing, environment, log lines), and most with
/// a root cause, fixes and actions. About one in five carries a secret or personal value for the sanitizer to mask.
struct IncidentCorpus {
    var count: Int
    var path: String
    var seed: UInt64

    struct Report: Codable {
        var path: String
        var incidents: Int
        var bytes: Int
    }

    func run() throws -> Report {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw UsageError("cannot write \(path); check the folder exists") }
        defer { try? handle.close() }
        var random = SeededGenerator(seed: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = Data()
        var bytes = 0
        for number in 1...count {
            buffer += try encoder.encode(Self.incident(number, &random))
            buffer.append(0x0A)
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer)
                bytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        bytes += buffer.count
        return Report(path: path, incidents: count, bytes: bytes)
    }

    /// A failure family: what the evidence shows and what the cause turned out to be.
    struct Family {
        var bucket: String
        var mismatch: String
        var status: Int?
        var errorCode: String
        var message: String
        var log: String
        var cause: String
        var fix: String
        var action: String
    }

    static let families: [Family] = [
        Family(
            bucket: "upstream", mismatch: "networking", status: 504, errorCode: "UPSTREAM_TIMEOUT",
            message: "upstream request timeout", log: "ERROR call to payments.internal:8443 timed out after 30000 ms",
            cause: "The payments dependency slowed down after its connection pool shrank",
            fix: "Raise the pool size and add a circuit breaker", action: "Alert on dependency p99 latency"),
        Family(
            bucket: "upstream", mismatch: "networking", status: 502, errorCode: "BAD_GATEWAY",
            message: "connection refused", log: "ERROR dial tcp 10.20.3.4:5432: connect: connection refused",
            cause: "A security group change blocked egress to the database subnet",
            fix: "Restore the egress rule", action: "Test security group changes in staging first"),
        Family(
            bucket: "upstream", mismatch: "runtime", status: 503, errorCode: "TLS_HANDSHAKE",
            message: "x509: certificate signed by unknown authority",
            log: "ERROR tls: failed to verify certificate: x509: certificate signed by unknown authority",
            cause: "The container image lacked the corporate CA in its trust store",
            fix: "Add the CA bundle to the base image", action: "Check trust stores in the image build"),
        Family(
            bucket: "auth", mismatch: "auth", status: 401, errorCode: "INVALID_TOKEN", message: "jwt expired",
            log: "WARN token rejected: jwt expired (clock skew 94s)",
            cause: "Clock skew on two nodes made fresh tokens look expired", fix: "Enable NTP on the node pool",
            action: "Monitor clock drift"),
        Family(
            bucket: "auth", mismatch: "configuration", status: 403, errorCode: "ACCESS_DENIED",
            message: "AccessDenied: not authorized to perform s3:GetObject",
            log: "ERROR AccessDenied when calling GetObject on bucket invoices-prod",
            cause: "The production IAM role missed a permission the local profile had",
            fix: "Grant s3:GetObject to the service role", action: "Generate IAM policies from code"),
        Family(
            bucket: "rate_limit", mismatch: "scale", status: 429, errorCode: "RATE_LIMITED",
            message: "Too Many Requests", log: "WARN rate limit exceeded for key partner-17, retry after 30s",
            cause: "A retry storm from the mobile app exhausted the partner's quota",
            fix: "Add jittered exponential backoff", action: "Cap client retries"),
        Family(
            bucket: "client", mismatch: "dependencies", status: 415, errorCode: "UNSUPPORTED_MEDIA_TYPE",
            message: "Content type text/plain is not supported", log: "WARN rejected request: unsupported media type",
            cause: "The new SDK release sends text/plain", fix: "Pin the content type in the client",
            action: "Contract test for content types"),
        Family(
            bucket: "client", mismatch: "data", status: 422, errorCode: "VALIDATION_FAILED",
            message: "field 'currency' must be an ISO 4217 code", log: "WARN validation failed on field currency",
            cause: "Legacy accounts store currency in lower case", fix: "Normalize currency codes on read",
            action: "Backfill legacy rows"),
        Family(
            bucket: "server", mismatch: "data", status: 500, errorCode: "INTERNAL",
            message: "Internal Server Error",
            log: "ERROR java.lang.NullPointerException: Cannot invoke \"Address.getZip()\" because \"address\" is null",
            cause: "Legacy customers have no shipping address and the new code assumed one",
            fix: "Handle a missing address", action: "Add a legacy-row fixture to the test suite"),
        Family(
            bucket: "server", mismatch: "configuration", status: 500, errorCode: "INTERNAL",
            message: "feature flag misconfigured", log: "ERROR new_pricing flag enabled without its config section",
            cause: "A flag was flipped in production before its configuration shipped",
            fix: "Ship the config, then the flag", action: "Validate flag dependencies at deploy"),
        Family(
            bucket: "upstream", mismatch: "networking", status: nil, errorCode: "",
            message: "Could not resolve host", log: "ERROR getaddrinfo ENOTFOUND ledger.internal",
            cause: "A DNS zone was not replicated to the new region", fix: "Replicate the private zone",
            action: "Add DNS checks to region bootstrap"),
    ]

    static let services = (0..<40).map {
        "svc-\(["orders", "payments", "auth", "search", "ledger", "catalog", "cart", "shipping"][$0 % 8])-\($0)"
    }
    static let resources = ["orders", "payments", "users", "invoices", "carts", "shipments", "refunds", "sessions"]
    static let regions = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"]

    static func incident(_ number: Int, _ random: inout SeededGenerator) -> [String: AnyCodable] {
        let family = random.pick(families)
        let service = random.pick(services)
        let resource = random.pick(resources)
        let region = random.pick(regions)
        let start = 1_719_792_000 + random.int(0...63_000_000)  // mid-2024 to mid-2026
        let detected = start + random.int(60...3_600)
        let clarified = detected + random.int(300...7_200)
        let resolved = clarified + random.int(600...36_000)
        let path = "/v\(random.int(1...3))/\(resource)/\(random.int(1000...999_999))"
        let withSecret = random.chance(0.2)
        var logs = [
            "\(iso(start)) INFO request_id=\(random.uuid()) POST \(path) region=\(region)",
            "\(iso(start + 1)) \(family.log)",
        ]
        if withSecret {
            logs.append("\(iso(start + 2)) DEBUG retrying with Authorization: Bearer \(FakeData.githubToken(&random))")
            logs.append("\(iso(start + 2)) INFO customer=\(FakeData.email(&random)) phone=\(FakeData.phone(&random))")
        }
        var response: [String: AnyCodable] = [
            "status": family.status.map { .int($0) } ?? .null,
            "headers": .object(["Content-Type": .string("application/json")]),
        ]
        if family.status == nil {
            response["failure"] = .string(family.message)
        } else {
            response["error_code"] = .string(family.errorCode)
            response["body"] = .object(["error": .string(family.errorCode), "message": .string(family.message)])
        }
        let evidence: [String: AnyCodable] = [
            "request": .object([
                "method": .string(random.pick(["GET", "POST", "PUT", "DELETE"])),
                "url": .string("https://api.example.com\(path)?include=items&page=\(random.int(1...9))"),
                "headers": .object([
                    "Content-Type": .string("application/json"), "X-Request-Id": .string(random.uuid()),
                ]),
                "body": .object(["amount": .int(random.int(1...9_999)), "currency": .string("EUR")]),
            ]),
            "response": .object(response),
            "timing": .object([
                "latency_ms": .int(random.int(20...31_000)), "timeout_ms": .int(30_000),
            ]),
            "environment": .object([
                "region": .string(region),
                "release": .string("\(service) \(random.int(1...9)).\(random.int(0...30)).\(random.int(0...9))"),
                "commit": .string(random.hex(7)), "gateway": .string("envoy 1.29"),
            ]),
            "logs": .array(logs.map(AnyCodable.string)),
            "user_journey_step": .string("\(resource): submit"),
            "impact": .string(
                "\(random.int(1...40))% of requests to \(path.split(separator: "/").prefix(2).joined(separator: "/")) fail"
            ),
        ]
        var incident: [String: AnyCodable] = [
            "id": .string(String(format: "INC-%06d", number)),
            "title": .string("\(family.message.prefix(60)) on \(service) \(resource)"),
            "summary": .string("\(family.status.map { "HTTP \($0)" } ?? "No response") from \(path) in \(region)."),
            "service": .string(service), "environment": .string("production"),
            "severity": .string("SEV\(random.int(1...4))"),
            "started_at": .string(iso(start)), "detected_at": .string(iso(detected)),
            "tags": .array([.string(resource), .string(region)]),
            "evidence": .array([.object(evidence)]),
        ]
        if random.chance(0.85) {
            incident["clarified_at"] = .string(iso(clarified))
            incident["root_cause"] = .object([
                "text": .string(family.cause), "bucket": .string(family.bucket),
                "mismatch_category": .string(family.mismatch),
            ])
            incident["fix"] = .object(["text": .string(family.fix), "kind": .string("permanent")])
            incident["actions"] = .array([
                .object([
                    "text": .string(family.action), "owner": .string("team-\(service.split(separator: "-")[1])"),
                    "done": .bool(random.chance(0.5)),
                ])
            ])
        }
        let resolvedIncident = random.chance(0.8)
        incident["status"] = .string(resolvedIncident ? "resolved" : "open")
        if resolvedIncident { incident["resolved_at"] = .string(iso(resolved)) }
        return incident
    }

    static func iso(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }
}

/// A JSON value to build documents with.
indirect enum AnyCodable: Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([AnyCodable])
    case object([String: AnyCodable])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension IncidentCorpus.Report: TableReport {
    var table: Table {
        var table = Table(title: "incidents: generated", header: ["file", "incidents", "MB"])
        table.add([path, String(incidents), Format.megabytes(bytes)])
        return table
    }
}
