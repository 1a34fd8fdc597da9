/// Writes a realistic mixed service log, one event at a time: application lines, logfmt, JSON logs, nginx access
/// lines, Java, Python and Node stack traces, HTTP header dumps and `curl -v` transcripts, with secrets and personal
/// data on a small share of the lines, as they leak into real logs.
///
/// The same seed gives the same bytes, so throughput numbers from different machines describe the same input.
struct LogGenerator {
    /// The kinds of secret and personal data the generator plants, for the summary.
    enum Plant: String, CaseIterable, Codable {
        case email, publicIP = "public-ip", bearerJWT = "bearer-jwt", awsKey = "aws-key", githubToken = "github-token"
        case password, phone, cardNumber = "card-number", sessionCookie = "session-cookie"
    }

    /// The share of events that carry a secret or personal value; with multi-line events this makes about 2% of
    /// lines.
    var plantRate = 0.03

    private(set) var lines = 0
    private(set) var planted: [Plant: Int] = [:]
    private var random: SeededGenerator
    private var clock = LogClock()
    private var requestID = ""
    private var traceID = ""

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// Appends one event (one line, or a few for traces and transcripts) to `out`.
    mutating func appendEvent(to out: inout [UInt8]) {
        clock.advance(by: random.int(0...40))
        // A request's id and trace id recur on a few consecutive events, as in a real log.
        if requestID.isEmpty || random.chance(0.35) {
            requestID = random.uuid()
            traceID = random.hex(32)
        }
        if random.chance(plantRate) {
            appendPlanted(random.pick(Plant.allCases), to: &out)
            return
        }
        switch random.int(0...999) {
        case 0..<300: appendApplicationLine(to: &out)
        case 300..<500: appendLogfmtLine(to: &out)
        case 500..<680: appendJSONLine(to: &out)
        case 680..<830: appendAccessLine(client: FakeData.privateIPv4(&random), to: &out)
        case 830..<900: appendSpringLine(to: &out)
        case 900..<912: appendJavaTrace(to: &out)
        case 912..<920: appendPythonTrace(to: &out)
        case 920..<928: appendNodeTrace(to: &out)
        case 928..<965: appendHeaderDump(extra: [], to: &out)
        default: appendCurlVerbose(requestExtra: [], responseExtra: [], to: &out)
        }
    }

    // MARK: - Ordinary lines

    private mutating func line(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
        out.append(0x0A)
        lines += 1
    }

    private static let services = ["orders-api", "checkout", "payments", "inventory", "notifications", "gateway"]
    private static let versions = ["4.18.2", "4.18.3", "2.7.0-rc.1", "1.42.0", "3.0.11"]
    private static let paths = [
        "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/orders/{id}/items", "/api/v2/cart", "/api/v1/products/{id}",
        "/api/v1/payments/{id}/capture", "/healthz", "/metrics", "/api/v1/users/me", "/api/v1/search",
    ]
    private static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "okhttp/4.12.0", "python-requests/2.31.0", "curl/8.5.0", "Go-http-client/2.0", "kube-probe/1.29",
    ]

    private var level: String {
        mutating get {
            switch random.int(0...99) {
            case 0..<70: "INFO"
            case 70..<85: "DEBUG"
            case 85..<95: "WARN"
            default: "ERROR"
            }
        }
    }

    private mutating func path() -> String {
        random.pick(Self.paths).replacingOccurrences(of: "{id}", with: "\(random.int(1000...999_999))")
    }

    private mutating func duration() -> String {
        let ms = random.int(1...2500)
        return random.chance(0.5) ? "\(ms)ms" : "\(ms / 1000).\(ms % 1000 / 100)\(ms % 100 / 10)s"
    }

    private mutating func message() -> String {
        switch random.int(0...9) {
        case 0: "order A-\(random.int(10000...99999)) placed in \(duration())"
        case 1: "GET \(path()) completed status=200 duration=\(duration())"
        case 2: "cache miss for key product:\(random.int(1...50000)), loading from database"
        case 3: "connected to postgres at \(FakeData.privateIPv4(&random)):5432 pool=\(random.int(1...20))/20"
        case 4: "starting \(random.pick(Self.services)) version \(random.pick(Self.versions)) build \(random.hex(7))"
        case 5: "retrying call to payments-service attempt=\(random.int(1...5)) backoff=\(random.int(50...3200))ms"
        case 6: "upstream responded 503 after \(duration()); circuit breaker half-open"
        case 7: "processed batch of \(random.int(1...500)) events from orders.v1 partition \(random.int(0...11))"
        case 8: "feature flag new_checkout=\(random.chance(0.5)) for tenant t-\(random.hex(6))"
        default: "slow query took \(duration()): SELECT id, status FROM orders WHERE customer_id = $1 LIMIT 50"
        }
    }

    private mutating func appendApplicationLine(to out: inout [UInt8]) {
        let logger = random.pick(["OrderService", "CheckoutController", "PaymentClient", "CacheLoader", "Outbox"])
        line(
            "\(clock.iso8601) \(level) [\(random.pick(Self.services)),\(requestID),\(traceID)] \(logger) - "
                + message(),
            to: &out)
    }

    private mutating func appendSpringLine(to out: inout [UInt8]) {
        line(
            "\(clock.logback)  \(level) 1 --- [nio-8080-exec-\(random.int(1...20))] c.a.o.web.OrderController"
                + "        : \(message())",
            to: &out)
    }

    private mutating func appendLogfmtLine(to out: inout [UInt8], extra: String = "") {
        let status = random.pick([200, 200, 200, 201, 204, 304, 400, 404, 409, 429, 500, 502, 503])
        let method = random.pick(["GET", "GET", "GET", "POST", "PUT", "DELETE"])
        line(
            "time=\(clock.iso8601) level=\(level.lowercased()) msg=\"request completed\" "
                + "service=\(random.pick(Self.services)) method=\(method) path=\(path()) status=\(status) "
                + "duration=\(duration()) request_id=\(requestID) trace_id=\(traceID) bytes=\(random.int(0...90000)) "
                + "version=\(random.pick(Self.versions))\(extra)",
            to: &out)
    }

    private mutating func appendJSONLine(to out: inout [UInt8], extra: String = "") {
        let status = random.pick([200, 201, 400, 404, 500, 502])
        let message: String
        switch random.int(0...3) {
        case 0: message = #"Order \"A-\#(random.int(10000...99999))\" created"#
        case 1: message = #"upstream failed:\n  cause: timeout after 30000ms\n  host: payments.internal"#
        case 2: message = #"loaded config from C:\\srv\\orders\\application.yml (caf\u00e9 mode)"#
        default: message = #"query \"SELECT * FROM orders WHERE id = $1\" returned 0 rows"#
        }
        line(
            #"{"timestamp":"\#(clock.iso8601)","level":"\#(level)","logger":"com.acme.orders.OrderService","#
                + #""thread":"http-nio-8080-exec-\#(random.int(1...20))","message":"\#(message)","#
                + #""context":{"requestId":"\#(requestID)","traceId":"\#(traceID)","spanId":"\#(random.hex(16))","#
                + #""http":{"method":"POST","path":"\#(path())","status":\#(status),"#
                + #""durationMs":\#(random.int(1...3000)).\#(random.int(0...9))}\#(extra)},"#
                + #""service":{"name":"\#(random.pick(Self.services))","version":"\#(random.pick(Self.versions))"}}"#,
            to: &out)
    }

    private mutating func appendAccessLine(client: String, forwardedFor: String = "-", to out: inout [UInt8]) {
        let status = random.pick([200, 200, 200, 204, 301, 304, 400, 401, 404, 499, 502])
        let method = random.pick(["GET", "GET", "POST", "PUT"])
        let query = random.chance(0.3) ? "?page=\(random.int(1...20))&limit=50" : ""
        let time = Double(random.int(1...3000)) / 1000
        line(
            "\(client) - - [\(clock.nginx)] \"\(method) \(path())\(query) HTTP/1.1\" \(status) "
                + "\(random.int(0...90000)) "
                + "\"https://shop.acme-widgets.test/cart\" \"\(random.pick(Self.userAgents))\" \"\(forwardedFor)\" "
                + "rt=\(time) uct=\"0.000\" urt=\"\(time)\"",
            to: &out)
    }

    // MARK: - Stack traces

    private mutating func appendJavaTrace(to out: inout [UInt8]) {
        line("\(clock.iso8601) ERROR [orders-api,\(requestID),\(traceID)] OrderController - Request failed", to: &out)
        line("java.lang.IllegalStateException: Order A-\(random.int(10000...99999)) is already paid", to: &out)
        let frames = [
            "com.acme.orders.service.OrderService.pay(OrderService.java:214)",
            "com.acme.orders.web.OrderController.pay(OrderController.java:88)",
            "jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
            "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
            "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
            "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
            "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:138)",
            "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1740)",
            "java.base/java.lang.Thread.run(Thread.java:1583)",
        ]
        for frame in frames.prefix(random.int(4...frames.count)) { line("\tat \(frame)", to: &out) }
        line(
            "Caused by: org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint "
                + "\"orders_pkey\"",
            to: &out)
        line("  Detail: Key (id)=(\(random.int(1000...99999))) already exists.", to: &out)
        line(
            "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)", to: &out)
        line(
            "\tat com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)",
            to: &out)
        line("\t... \(random.int(40...120)) more", to: &out)
    }

    private mutating func appendPythonTrace(to out: inout [UInt8]) {
        line("\(clock.logback) ERROR orders.views: create_order failed request_id=\(requestID)", to: &out)
        line("Traceback (most recent call last):", to: &out)
        line("  File \"/app/orders/views.py\", line \(random.int(40...300)), in create_order", to: &out)
        line("    order = service.create(payload)", to: &out)
        line("  File \"/app/orders/service.py\", line \(random.int(40...300)), in create", to: &out)
        line("    charge = self.payments.charge(order.total, order.currency)", to: &out)
        line("  File \"/usr/local/lib/python3.12/site-packages/requests/adapters.py\", line 519, in send", to: &out)
        line("    raise ConnectionError(e, request=request)", to: &out)
        line(
            "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='payments.internal', port=443): Max "
                + "retries exceeded with url: /v1/charges (Caused by NewConnectionError('<urllib3.connection."
                + "HTTPSConnection object at 0x7f\(random.hex(10))>: Failed to establish a new connection: [Errno 111] "
                + "Connection refused'))",
            to: &out)
    }

    private mutating func appendNodeTrace(to out: inout [UInt8]) {
        line("\(clock.iso8601) error: unhandled error in POST /api/v2/cart (\(requestID))", to: &out)
        line("TypeError: Cannot read properties of undefined (reading 'id')", to: &out)
        line(
            "    at CartController.add (/app/dist/controllers/cart.controller.js:\(random.int(10...200)):31)", to: &out)
        line("    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)", to: &out)
        line("    at next (/app/node_modules/express/lib/router/route.js:149:13)", to: &out)
        line("    at async Promise.all (index 0)", to: &out)
        line("    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)", to: &out)
    }

    // MARK: - HTTP

    private mutating func appendHeaderDump(extra: [String], to out: inout [UInt8]) {
        line(
            "\(clock.iso8601) DEBUG [gateway,\(requestID),\(traceID)] RequestLoggingFilter - POST /api/v1/orders",
            to: &out)
        var headers = [
            "Host: api.acme-widgets.test", "User-Agent: \(random.pick(Self.userAgents))", "Accept: application/json",
            "Content-Type: application/json", "Content-Length: \(random.int(40...4000))", "X-Request-Id: \(requestID)",
            "X-Forwarded-For: \(FakeData.privateIPv4(&random))", "traceparent: 00-\(traceID)-\(random.hex(16))-01",
        ]
        headers.insert(contentsOf: extra, at: 3)
        for header in headers { line(header, to: &out) }
    }

    private mutating func appendCurlVerbose(requestExtra: [String], responseExtra: [String], to out: inout [UInt8]) {
        let address = FakeData.privateIPv4(&random)
        line("*   Trying \(address):443...", to: &out)
        line("* Connected to payments.internal (\(address)) port 443", to: &out)
        line("* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS", to: &out)
        line("> POST /v1/charges HTTP/2", to: &out)
        line("> Host: payments.internal", to: &out)
        line("> user-agent: curl/8.5.0", to: &out)
        for header in requestExtra { line("> \(header)", to: &out) }
        line("> accept: */*", to: &out)
        line("> content-type: application/json", to: &out)
        line(">", to: &out)
        let status = random.pick([200, 201, 400, 402, 502, 504])
        line("< HTTP/2 \(status)", to: &out)
        line("< content-type: application/json", to: &out)
        line("< date: \(clock.httpDate)", to: &out)
        line("< x-request-id: \(requestID)", to: &out)
        for header in responseExtra { line("< \(header)", to: &out) }
        line("<", to: &out)
        line(#"{"id":"ch_\#(random.hex(24))","status":\#(status),"error":null,"request_id":"\#(requestID)"}"#, to: &out)
        line("* Connection #0 to host payments.internal left intact", to: &out)
    }

    // MARK: - Secrets and personal data

    /// Writes an event that carries one value of `plant`, in one of the places such values turn up.
    private mutating func appendPlanted(_ plant: Plant, to out: inout [UInt8]) {
        planted[plant, default: 0] += 1
        switch plant {
        case .email:
            let email = FakeData.email(&random)
            if random.chance(0.5) {
                line(
                    "\(clock.iso8601) INFO [auth,\(requestID),\(traceID)] LoginService - user signed in email=\(email) "
                        + "method=password mfa=false",
                    to: &out)
            } else {
                appendJSONLine(to: &out, extra: #","customer":{"email":"\#(email)","tier":"gold"}"#)
            }
        case .publicIP:
            let client = FakeData.publicIPv4(&random)
            if random.chance(0.5) {
                appendAccessLine(client: client, to: &out)
            } else {
                appendAccessLine(client: FakeData.privateIPv4(&random), forwardedFor: client, to: &out)
            }
        case .bearerJWT:
            let token = FakeData.jwt(&random, issuedAt: clock.seconds)
            switch random.int(0...2) {
            case 0: appendHeaderDump(extra: ["Authorization: Bearer \(token)"], to: &out)
            case 1: appendCurlVerbose(requestExtra: ["authorization: Bearer \(token)"], responseExtra: [], to: &out)
            default:
                line(
                    "\(clock.iso8601) WARN [gateway,\(requestID),\(traceID)] AuthFilter - token rejected: expired "
                        + "token=\(token)",
                    to: &out)
            }
        case .awsKey:
            let key = FakeData.awsAccessKeyID(&random)
            if random.chance(0.5) {
                appendLogfmtLine(to: &out, extra: " aws_access_key_id=\(key) region=eu-west-1")
            } else {
                line(
                    "\(clock.logback)  WARN 1 --- [main] c.a.o.config.S3Config : using static credentials \(key)",
                    to: &out)
            }
        case .githubToken:
            let token = FakeData.githubToken(&random)
            if random.chance(0.5) {
                line(
                    "\(clock.iso8601) INFO [ci] git - cloning "
                        + "https://x-access-token:\(token)@github.com/acme/orders.git",
                    to: &out)
            } else {
                line("\(clock.iso8601) DEBUG [ci] env - GITHUB_TOKEN=\(token) RUNNER_OS=Linux", to: &out)
            }
        case .password:
            let password = FakeData.password(&random)
            if random.chance(0.5) {
                appendLogfmtLine(to: &out, extra: " db_user=orders_rw password=\(password) db_host=10.0.4.12")
            } else {
                line(
                    "\(clock.iso8601) DEBUG [orders-api,\(requestID),\(traceID)] DataSource - "
                        + "jdbc:postgresql://10.0.4.12:5432/orders?user=orders_rw&password=\(password)",
                    to: &out)
            }
        case .phone:
            let phone = FakeData.phone(&random)
            if random.chance(0.5) {
                appendJSONLine(to: &out, extra: #","customer":{"phone":"\#(phone)","sms_opt_in":true}"#)
            } else {
                line(
                    "\(clock.iso8601) INFO [notifications,\(requestID),\(traceID)] SmsSender - sms sent to \(phone)",
                    to: &out)
            }
        case .cardNumber:
            let card = FakeData.visaCardNumber(&random)
            if random.chance(0.5) {
                appendJSONLine(to: &out, extra: #","payment":{"card_number":"\#(card)","exp":"09/29"}"#)
            } else {
                line(
                    "\(clock.iso8601) ERROR [payments,\(requestID),\(traceID)] ChargeService - charge declined "
                        + "card=\(card) amount=42.50 EUR",
                    to: &out)
            }
        case .sessionCookie:
            let cookie = "session_id=\(FakeData.sessionID(&random)); Path=/; HttpOnly; Secure; SameSite=Lax"
            appendCurlVerbose(requestExtra: [], responseExtra: ["set-cookie: \(cookie)"], to: &out)
        }
    }
}
