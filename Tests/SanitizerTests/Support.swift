import Foundation

@testable import Sanitizer

/// One key for every test, so pseudonyms are stable across a test's steps.
let testKey = PseudonymKey(hex: String(repeating: "5a", count: 32))!
let sanitizer = Sanitizer(key: testKey)

/// Sanitizes a string and returns the output as a string, with the findings.
func sanitize(_ input: String, format: PayloadFormat = .auto) throws -> (text: String, findings: [Finding]) {
    let result = try sanitizer.sanitize(Array(input.utf8), format: format)
    return (String(decoding: result.output, as: UTF8.self), result.findings)
}

/// Builds a fake secret from obviously fake parts, so no real credential sits in the repository.
func fake(_ prefix: String, _ length: Int, alphabet: String = "AbCdEfGhJkMnPqRsTuVwXyZ23456789") -> String {
    let characters = Array(alphabet)
    var state: UInt64 = 0x1234_5678 &+ UInt64(prefix.utf8.count) &* 7 &+ UInt64(length)
    var out = prefix
    for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        out.append(characters[Int((state >> 33) % UInt64(characters.count))])
    }
    return out
}
