/// Facts that response headers state about timing and the path a request took.
enum HeaderFacts {
    /// The server's own time in milliseconds: `Server-Timing` (its longest `dur`), Envoy's
    /// `x-envoy-upstream-service-time`, `X-Response-Time` (`31000ms`), or Rails' `X-Runtime` (seconds).
    static func serverMilliseconds(_ headers: HeaderFields) -> Double? {
        if let timing = headers.first("Server-Timing") {
            var longest: Double?
            for metric in timing.split(separator: ",") {
                for parameter in metric.split(separator: ";") {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, pair[0].trimmingPrefix(while: { $0 == " " }).lowercased() == "dur",
                        let value = Double(String(pair[1]).trimmingASCIIWhitespace())
                    else { continue }
                    longest = max(longest ?? value, value)
                }
            }
            if let longest { return longest }
        }
        if let envoy = headers.first("x-envoy-upstream-service-time"), let value = Double(envoy) { return value }
        if let response = headers.first("X-Response-Time") {
            if let value = DurationText.milliseconds(Substring(response)) { return value }
            if let value = Double(response) { return value }
        }
        if let runtime = headers.first("X-Runtime"), let seconds = Double(runtime) { return seconds * 1000 }
        return nil
    }

    /// The gateway or proxy that answered: a `Server` that names one, or the `Via` header.
    static func gateway(_ headers: HeaderFields) -> String? {
        if let server = headers.first("Server") {
            let lower = server.lowercased()
            let proxies = [
                "envoy", "nginx", "openresty", "cloudflare", "awselb", "kong", "apigee", "traefik", "haproxy",
                "akamai", "cloudfront", "istio", "varnish", "google frontend", "gfe", "azure",
            ]
            if proxies.contains(where: { lower.contains($0) }) { return server }
        }
        if let via = headers.first("Via"), !via.isEmpty { return via }
        return nil
    }
}
