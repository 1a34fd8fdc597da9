/// A value of a payload with the role its parser gave it.
///
/// The format parsers (``HTTPMessage``, ``CurlCommand``, ``CurlVerbose``, ``URLParts``, ``FormFields``) do not
/// decide what to mask: they say which bytes are the value of which header, query parameter, curl option or body,
/// and the engine applies its key policies and detectors to each value. ``value`` maps every decoded byte back to
/// its offset in the input, so a mask lands exactly where the value was written, whatever its quoting.
struct Field: Sendable {
    /// What a value is to its payload.
    enum Role: Sendable, Equatable {
        /// A header's value; the name as written (HTTP/2 pseudo-headers such as `:path` too).
        case header(name: String)
        /// An absolute URL or an origin-form target (`/path?query`): split it with ``URLParts``.
        case url
        /// A query or form parameter's value, percent-decoded (`.percent` encoding), or as written when the
        /// payload holds it unencoded (curl's `--data-urlencode name=value`, `.verbatim` encoding).
        case queryParameter(name: String)
        /// The password of `scheme://user:password@host` or of curl's `-u user:password`.
        case userinfoPassword
        /// The user of `scheme://user:password@host` or of curl's `-u user:password`.
        case userinfoUser
        /// A message body or curl's `-d` data, with the Content-Type that applies to it as written.
        case body(contentType: String?)
        /// A curl option's value, by the option's canonical long name: `user`, `oauth2-bearer`, `form`, `pass`.
        case option(name: String)
        /// Bytes with no known structure: scan them as free text.
        case text
    }

    var role: Role
    var value: DecodedText

    /// The input bytes the value spans, from its first byte to the end of its last.
    var range: Range<Int> { value.containerRange }
}
