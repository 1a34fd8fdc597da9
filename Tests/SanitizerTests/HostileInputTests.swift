import Foundation
import Testing

@testable import Sanitizer

/// Input that is not what any parser expects: it never crashes or hangs, and text is still scanned.
@Suite struct HostileInputTests {
    @Test(arguments: PayloadFormat.allCases)
    func emptyInput(format: PayloadFormat) throws {
        let result = try sanitizer.sanitize([], format: format)
        #expect(result.output.isEmpty)
    }

    @Test func nulBytesAndInvalidUTF8AreKeptAroundMasks() throws {
        var input: [UInt8] = [0, 0xFF, 0xFE, 0xC3]
        input += Array(" password=Hx7kQ2vLm9Tz \0 ".utf8)
        input += [0xED, 0xA0, 0x80, 0]
        let result = try sanitizer.sanitize(input)
        #expect(result.output.count == input.count)
        #expect(Array(result.output.prefix(4)) == [0, 0xFF, 0xFE, 0xC3])
        #expect(Array(result.output.suffix(4)) == [0xED, 0xA0, 0x80, 0])
        #expect(!String(decoding: result.output, as: UTF8.self).contains("Hx7kQ2vLm9Tz"))
    }

    @Test func randomBinary() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for format in PayloadFormat.allCases {
                _ = try sanitizer.sanitize(bytes, format: format)
            }
        }
    }

    @Test func deeplyNestedJSON() throws {
        let depth = 100_000
        let input =
            String(repeating: "[", count: depth) + "\"password=Hx7kQ2vLm9Tz\"" + String(repeating: "]", count: depth)
        let result = try sanitizer.sanitize(Array(input.utf8))
        #expect(result.output.count == input.utf8.count)
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        _ = try sanitizer.sanitize(Array(objects.utf8))
        let unclosed = String(repeating: "{\"token\":", count: depth)
        _ = try sanitizer.sanitize(Array(unclosed.utf8))
    }

    @Test func longLineAndHugeHeader() throws {
        let line = String(repeating: "abcd efgh=1234 ", count: 400_000) + "password=Hx7kQ2vLm9Tz\n"
        let result = try sanitizer.sanitize(Array(line.utf8))
        #expect(!String(decoding: result.output, as: UTF8.self).contains("Hx7kQ2vLm9Tz"))
        let header =
            "GET / HTTP/1.1\r\nX-Junk: " + String(repeating: "a", count: 2_000_000)
            + "\r\nAuthorization: Bearer Hx7kQ2vLm9TzQ\r\n\r\n"
        let out = try sanitizer.sanitize(Array(header.utf8))
        #expect(!String(decoding: out.output, as: UTF8.self).contains("Hx7kQ2vLm9TzQ"))
    }

    /// Findings that overlap one after another (emails written back to back) become one masked union, made once:
    /// eight times the input takes about eight times as long, not sixty-four.
    @Test func overlappingFindingsStayLinear() throws {
        func seconds(_ count: Int) throws -> Double {
            let input = Array(String(repeating: "x@example.com", count: count).utf8)
            let elapsed = try ContinuousClock().measure { _ = try sanitizer.sanitize(input, format: .text) }
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        _ = try seconds(100)  // warm up
        var small = Double.infinity
        var large = Double.infinity
        for _ in 0..<3 {
            small = min(small, try seconds(500))
            large = min(large, try seconds(4_000))
        }
        #expect(large < max(small, 0.002) * 24, "500 emails: \(small) s, 4,000 emails: \(large) s")
        let result = try sanitize(String(repeating: "a@b.co", count: 50))
        #expect(!result.text.contains("a@b.co"))
    }

    @Test func truncatedHAR() throws {
        let har =
            #"{"log": {"version": "1.2", "entries": [{"request": {"headers": [{"name": "Authorization", "value": "Bearer Tk8mW3xQ9zL2vB7n"#
        let result = try sanitizer.sanitize(Array(har.utf8))
        #expect(!String(decoding: result.output, as: UTF8.self).contains("Tk8mW3xQ9zL2vB7n"))
    }

    @Test func streamingMatchesWholeInput() throws {
        var text = ""
        for i in 0..<4000 {
            text +=
                "2026-06-19T09:12:\(i % 60)Z INFO req=\(i) user=u\(i)@corp.example.com password=Pw\(i)xQ9zL2vB7n ok\n"
        }
        let whole = try sanitizer.sanitize(Array(text.utf8), format: .text)
        var input = Array(text.utf8)[...]
        var streamed: [UInt8] = []
        let findings = try sanitizer.sanitizeStream(
            read: {
                guard !input.isEmpty else { return nil }
                let chunk = Array(input.prefix(7_777))
                input = input.dropFirst(7_777)
                return chunk
            }, write: { streamed += $0 }, chunkSize: 20_000)
        #expect(streamed == whole.output)
        #expect(findings.count == whole.findings.count)
        #expect(findings.last?.line == whole.findings.last?.line)
    }

    /// A reader that fills the stream's buffer a little at a time, as a pipe does, gives the same output.
    @Test func streamingFromShortReads() throws {
        var text = ""
        for i in 0..<3000 {
            text +=
                "ts=\(i) email=u\(i)@corp.example.com card=4111 1111 1111 1111 token=ghp_\(String(repeating: "a", count: 36))\n"
        }
        let bytes = Array(text.utf8)
        let whole = try sanitizer.sanitize(bytes, format: .text)
        var offset = 0
        var generator = SystemRandomNumberGenerator()
        var streamed: [UInt8] = []
        let findings = try sanitizer.sanitizeStream(
            read: { space in
                let count = min(space.count, bytes.count - offset, Int.random(in: 1...5000, using: &generator))
                bytes.withUnsafeBytes {
                    space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count]))
                }
                offset += count
                return count
            }, write: { streamed += $0 }, chunkSize: 16_384)
        #expect(streamed == whole.output)
        #expect(findings.count == whole.findings.count)
    }
}
