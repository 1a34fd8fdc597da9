/// What a curl command line says about the request it sends, read as curl reads it: for Casebook's evidence
/// parser, which needs the request's method, URL, headers and data rather than where each byte is.
///
/// The parse is ``CurlCommand``'s, so quoting, escapes, line continuations and attached or combined short options
/// are handled once, for the sanitizer and the evidence parser alike.
package struct CurlRequestParts: Sendable, Equatable {
    /// `-X`'s method, as written.
    package var method: String?
    /// Every URL of the command (curl requests each).
    package var urls: [String] = []
    /// `-H`, `-A`, `-b` and kin, in order, with names as written.
    package var headers: [Header] = []
    /// `-d`, `--data*` and `--json` values, in order.
    package var data: [String] = []
    /// Whether the data is JSON (`--json`, or a JSON `Content-Type` header).
    package var isJSON = false
    /// Whether `-u user[:password]` was given.
    package var hasUser = false
    /// `--data-urlencode` and `--url-query` names.
    package var formNames: [String] = []
    /// Any other option with an argument, by its long name (`max-time`, `connect-timeout`).
    package var options: [String: String] = [:]

    package struct Header: Sendable, Equatable {
        package var name: String
        package var value: String
    }

    /// The parts of the first curl command in `input`, or nil when `input` holds no curl command.
    package static func parse(_ input: [UInt8]) -> CurlRequestParts? {
        input.withUnsafeBufferPointer { buffer -> CurlRequestParts? in
            guard CurlCommand.looksLike(buffer) || CurlVerbose.looksLike(buffer) else { return nil }
            var parts = CurlRequestParts()
            var sawCurlField = false
            for field in CurlCommand.fields(in: buffer) {
                let value = String(decoding: field.value.bytes, as: UTF8.self)
                switch field.role {
                case .header(let name):
                    sawCurlField = true
                    parts.headers.append(Header(name: name, value: value))
                case .url:
                    sawCurlField = true
                    parts.urls.append(value)
                case .body(let contentType):
                    sawCurlField = true
                    parts.data.append(value)
                    if contentType?.contains("json") == true { parts.isJSON = true }
                case .queryParameter(let name):
                    sawCurlField = true
                    parts.formNames.append(name)
                case .userinfoUser:
                    parts.hasUser = true
                case .userinfoPassword:
                    break
                case .option(let name):
                    sawCurlField = true
                    if name == "request" { parts.method = value } else { parts.options[name] = value }
                case .text:
                    break
                }
            }
            return sawCurlField || parts.hasUser ? parts : nil
        }
    }
}
