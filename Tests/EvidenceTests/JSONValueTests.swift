import Evidence
import Foundation
import Testing

@Suite struct JSONValueTests {
    @Test(arguments: [
        (
            #"{"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}}"#,
            #"{"a":[1,-2.5,300,true,false,null],"b":{"c":"d"}}"#
        ),
        (#""tab\tquote\"slash\/back\\nl\n""#, #""tab\tquote\"slash/back\\nl\n""#),
        (#""\u00e9\u2028\ud83d\ude00""#, "\"é\u{2028}😀\""),
        (#""\ud800 lone""#, "\"\u{FFFD} lone\""),
        ("  [ ]  ", "[]"),
        (#"{"k": 9223372036854775807}"#, #"{"k":9223372036854775807}"#),
        (#"{"z": 1, "a": 2}"#, #"{"a":2,"z":1}"#),
        ("\"\u{01}\"".replacingOccurrences(of: "\u{01}", with: "\\u0001"), #""\u0001""#),
    ])
    func readsAndWritesJSON(input: String, compact: String) throws {
        let value = try #require(JSONValue.parse(input))
        #expect(value.jsonText == compact)
        // What it writes, Foundation reads back to the same value.
        let foundation = try JSONSerialization.jsonObject(with: Data(compact.utf8), options: .fragmentsAllowed)
        let again = try JSONSerialization.data(withJSONObject: foundation, options: [.fragmentsAllowed, .sortedKeys])
        #expect(JSONValue.parse(Array(again))?.jsonText == compact)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"unterminated", "\"raw\u{0A}newline\"", "[1] 2",
        "{\"a\": 1,}", "\"\\x\"", "NaN",
    ])
    func rejectsWhatIsNotJSON(input: String) {
        #expect(JSONValue.parse(input) == nil)
    }

    @Test func refusesNestingDeeperThanTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONValue.parse(deep) == nil)
        let allowed =
            String(repeating: "[", count: JSONValue.maximumDepth)
            + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(JSONValue.parse(allowed) != nil)
        // Why it was refused, for an error message; brackets inside strings do not count.
        #expect(throws: JSONValue.ReadFailure.nestedTooDeep) { try JSONValue.read(Array(deep.utf8)).get() }
        let quoted = "[\"" + String(repeating: "[", count: 1_000) + "\"]"
        #expect((try? JSONValue.read(Array(quoted.utf8)).get()) != nil)
        #expect(throws: JSONValue.ReadFailure.malformed) { try JSONValue.read(Array("[[1]".utf8)).get() }
    }

    @Test func aPackRoundTripsThroughItsJSON() throws {
        let pack = EvidencePack(
            request: RequestFacts(method: "POST", url: "https://api.example.com/v1/orders/7?x=1", headers: ["A": "b"]),
            response: ResponseFacts(status: nil, failure: "Connection refused"),
            timing: Timing(latencyMs: 31_000.5, timeoutMs: 30_000),
            environment: EnvironmentFacts(
                region: "eu-west-1", featureFlags: ["new": .bool(true)], other: ["pod": .string("p-1")]),
            logs: ["line 1", "line 2"], stackTrace: "trace", notes: ["n"], source: "json")
        let text = pack.json.jsonBytes()
        #expect(try EvidencePack(json: #require(JSONValue.parse(text))) == pack)
        // A missing status is written as null: "no response" is a fact.
        #expect(String(decoding: text, as: UTF8.self).contains(#""status":null"#))
    }
}
