import Foundation

/// `casebook-bench paste`: the wall time of `casebook sanitize` on a typical paste, as a person running it feels
/// it (process start, key file, rules, sanitizing, exit), against starting `/bin/true` the same way.
struct PasteLatency {
    var binary: String
    var runs: Int

    struct Report: Codable {
        var binary: String
        var pasteBytes: Int
        var runs: Int
        var medianMilliseconds: Double
        var p90Milliseconds: Double
        var baselineMedianMilliseconds: Double
        var baselineP90Milliseconds: Double
    }

    func run() throws -> Report {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("casebook-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paste = folder.appendingPathComponent("paste.txt")
        let keyFile = folder.appendingPathComponent("casebook.key").path
        let (text, signature) = Self.paste()
        try Data(text.utf8).write(to: paste)
        let arguments = ["sanitize", paste.path, "--key-file", keyFile]

        // The first run creates the key file and shows the command works; it is not timed.
        let output = try Launch.run(binary, arguments, capturing: true)
        guard !output.isEmpty, !output.contains(signature) else {
            throw UsageError("\(binary) sanitize printed nothing or left the paste's JWT signature in place")
        }
        var sanitizeTimes: [Double] = []
        var trueTimes: [Double] = []
        // Interleaved, so a burst of load elsewhere on the machine hits both alike.
        for _ in 0..<runs {
            trueTimes.append(try Stopwatch.seconds { try Launch.run("/bin/true", []) } * 1000)
            sanitizeTimes.append(
                try Stopwatch.seconds { try Launch.run(binary, arguments) } * 1000)
        }
        return Report(
            binary: binary, pasteBytes: text.utf8.count, runs: runs,
            medianMilliseconds: Statistics.median(sanitizeTimes),
            p90Milliseconds: Statistics.percentile(90, of: sanitizeTimes),
            baselineMedianMilliseconds: Statistics.median(trueTimes),
            baselineP90Milliseconds: Statistics.percentile(90, of: trueTimes))
    }

    // MARK: - The paste

    /// What a person pastes when asking for help with a failing call: the request with its headers and JSON body,
    /// the response, and the service's log lines around it. About 3 KB, the same on every run.
    ///
    /// - Returns: the paste, and its JWT's signature, which must not survive sanitizing.
    static func paste() -> (text: String, signature: String) {
        var random = SeededGenerator(seed: 2026)
        let signature = random.string(342, from: Alphabet.base64URL)
        let cardDigits = [4] + (0..<14).map { _ in random.int(0...9) }
        let card = (cardDigits + [FakeData.luhnCheckDigit(cardDigits)]).map(String.init).joined()
        let groupedCard = stride(from: 0, to: 16, by: 4).map { String(card.dropFirst($0).prefix(4)) }
            .joined(separator: " ")
        let phone = FakeData.phone(&random)
        let header = FakeData.base64URL(Array(#"{"alg":"RS256","typ":"JWT","kid":"bench-2026-03"}"#.utf8))
        let claims = FakeData.base64URL(
            Array(
                """
                {"iss":"https://auth.acme-widgets.test/","aud":"orders-api",\
                "sub":"7d4c1f52-9a0e-4b8d-a3c6-2e1f0b9d8c7a",\
                "email":"philippa.ashcombe@mailbox.test","name":"Philippa Ashcombe","scope":"orders:write",\
                "iat":1773479523,"exp":1773483123}
                """.utf8))
        let jwt = "\(header).\(claims).\(signature)"
        let text = """
            Hi team, checkout fails for one customer since this morning's deploy, every retry gets a 502. \
            Request and response below, plus the logs. Any idea?

            POST /api/v1/orders HTTP/1.1
            Host: api.acme-widgets.test
            Authorization: Bearer \(jwt)
            Content-Type: application/json
            Accept: application/json
            User-Agent: AcmeShop/5.2.1 (iPhone; iOS 17.4)
            X-Request-Id: 3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93
            Cookie: session_id=Qm9ndXMtc2Vzc2lvbi1mb3ItYmVuY2gtMDAwMQ; cart=8842
            X-Forwarded-For: 81.143.27.201

            {
              "customer": {
                "id": "cus_4821",
                "email": "philippa.ashcombe@mailbox.test",
                "phone": "\(phone)",
                "shipping": {"name": "Philippa Ashcombe", "city": "Springfield", "zip": "62704"}
              },
              "items": [
                {"sku": "WID-1042", "qty": 2, "price": 19.99},
                {"sku": "WID-2210", "qty": 1, "price": 4.50}
              ],
              "payment": {"method": "card", "card_number": "\(groupedCard)", "exp": "09/29"},
              "coupon": null
            }

            HTTP/1.1 502 Bad Gateway
            Content-Type: application/json
            Date: Sat, 14 Mar 2026 09:12:33 GMT
            X-Request-Id: 3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93
            Set-Cookie: session_id=Qm9ndXMtc2Vzc2lvbi1mb3ItYmVuY2gtMDAwMg; Path=/; HttpOnly; Secure

            {"error":"upstream_error","message":"payments-service: connection reset by peer","request_id":"3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93"}

            2026-03-14T09:12:03.118Z INFO  [orders-api,3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93,4bf92f3577b34da6a3ce929d0e0e4736] OrderController - POST /api/v1/orders customer=cus_4821 items=2
            2026-03-14T09:12:03.204Z DEBUG [orders-api,3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93,4bf92f3577b34da6a3ce929d0e0e4736] PaymentClient - charging card=\(card) amount=44.48 EUR
            2026-03-14T09:12:33.209Z ERROR [orders-api,3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93,4bf92f3577b34da6a3ce929d0e0e4736] PaymentClient - call failed after 30005ms: Connection reset
            java.net.SocketException: Connection reset
            \tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:318)
            \tat com.acme.orders.payments.PaymentClient.charge(PaymentClient.java:142)
            \tat com.acme.orders.service.OrderService.place(OrderService.java:97)
            2026-03-14T09:12:33.212Z WARN  [orders-api,3f0c9a7e-51d2-4b6f-9e84-0a2b7c1d5e93,4bf92f3577b34da6a3ce929d0e0e4736] OrderController - responding 502 to philippa.ashcombe@mailbox.test

            """
        return (text, signature)
    }
}

extension PasteLatency.Report: TableReport {
    var table: Table {
        var table = Table(
            title: "paste: \(runs) runs of casebook sanitize on \(pasteBytes) bytes",
            header: ["", "median ms", "p90 ms"])
        table.add([
            "casebook sanitize", Format.decimal(medianMilliseconds, places: 1),
            Format.decimal(p90Milliseconds, places: 1),
        ])
        table.add([
            "/bin/true", Format.decimal(baselineMedianMilliseconds, places: 1),
            Format.decimal(baselineP90Milliseconds, places: 1),
        ])
        return table
    }
}
