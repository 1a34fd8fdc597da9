import Foundation

/// Fake secrets and personal data in the real formats, built from random parts: every checksum a format carries is
/// computed (Luhn for cards, CRC32 for GitHub tokens), so a detector that validates them is measured doing so.
///
/// Names and domains are fictional and use reserved top-level domains (`.test`, `.example`), so no value here
/// belongs to a real person or service.
enum FakeData {
    static let firstNames = [
        "Marguerite", "Theodore", "Rosalind", "Bartholomew", "Ingrid", "Cornelius", "Philippa", "Anselm", "Tamsin",
        "Leopold", "Ottilie", "Ambrose", "Henrietta", "Lucian", "Wilhelmina", "Caspian", "Beatrix", "Evander",
    ]
    static let lastNames = [
        "Fontaine", "Blackwood", "Pemberton", "Quince", "Sjostrom", "Hawthorne", "Ravensworth", "Ashcombe",
        "Kingsley", "Whitlock", "Thistlewood", "Marchbanks", "Oakenshaw", "Pendleton", "Vantongeren",
    ]
    static let mailDomains = ["mailbox.test", "acme-widgets.test", "post.example", "inbox.example", "corp-mail.test"]

    /// `first.last@domain` or a variant, lowercase.
    static func email(_ random: inout SeededGenerator) -> String {
        let first = random.pick(firstNames).lowercased()
        let last = random.pick(lastNames).lowercased()
        let local: String
        switch random.int(0...3) {
        case 0: local = "\(first).\(last)"
        case 1: local = "\(first.prefix(1))\(last)"
        case 2: local = "\(first)_\(last)\(random.int(1...99))"
        default: local = "\(first)+orders"
        }
        return "\(local)@\(random.pick(mailDomains))"
    }

    static func personName(_ random: inout SeededGenerator) -> String {
        "\(random.pick(firstNames)) \(random.pick(lastNames))"
    }

    /// A public IPv4 address: first octets of ordinary provider ranges, never private, loopback or reserved.
    static func publicIPv4(_ random: inout SeededGenerator) -> String {
        let first = random.pick([23, 31, 37, 45, 62, 78, 81, 89, 91, 109, 151, 176, 185, 188, 193, 212, 217])
        return "\(first).\(random.int(0...255)).\(random.int(0...255)).\(random.int(1...254))"
    }

    /// An address in the private ranges, what most internal logs are full of.
    static func privateIPv4(_ random: inout SeededGenerator) -> String {
        switch random.int(0...2) {
        case 0: "10.\(random.int(0...255)).\(random.int(0...255)).\(random.int(1...254))"
        case 1: "172.\(random.int(16...31)).\(random.int(0...255)).\(random.int(1...254))"
        default: "192.168.\(random.int(0...255)).\(random.int(1...254))"
        }
    }

    /// A phone number in one of the common spellings of North American, UK, German and French numbers, with
    /// random digits. Not in the 555-01xx range kept for fiction: the sanitizer's own phone masks live there, so
    /// it rightly leaves such numbers alone, and a benchmark full of them would not measure phone masking.
    static func phone(_ random: inout SeededGenerator) -> String {
        let area = random.int(2...9) * 100 + random.int(0...99)
        var exchange = random.int(200...999)
        if exchange == 555 || exchange % 100 == 11 { exchange += 1 }
        let line = String(format: "%04d", random.int(0...9999))
        switch random.int(0...6) {
        case 0: return "+1 \(area)-\(exchange)-\(line)"
        case 1: return "(\(area)) \(exchange)-\(line)"
        case 2: return "+1\(area)\(exchange)\(line)"
        case 3: return "\(area).\(exchange).\(line)"
        case 4: return "+44 7\(random.int(100...999)) \(random.int(100_000...999_999))"
        case 5: return "+49 15\(random.int(1...9)) \(random.int(1_000_000...9_999_999))\(random.int(0...9))"
        default:
            let pairs = (0..<4).map { _ in String(format: "%02d", random.int(0...99)) }.joined(separator: " ")
            return "+33 6 \(pairs)"
        }
    }

    /// A 16-digit Visa number whose Luhn check passes.
    static func visaCardNumber(_ random: inout SeededGenerator) -> String {
        var digits = [4] + (0..<14).map { _ in random.int(0...9) }
        digits.append(luhnCheckDigit(digits))
        let text = digits.map(String.init).joined()
        guard random.chance(0.5) else { return text }
        // Half of them grouped by four, as people type them.
        return stride(from: 0, to: 16, by: 4).map { start in
            String(text.dropFirst(start).prefix(4))
        }.joined(separator: " ")
    }

    /// The digit that makes `payload` followed by it pass the Luhn check.
    static func luhnCheckDigit(_ payload: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in payload.reversed().enumerated() {
            // The check digit will sit at offset 0, so the payload's rightmost digit is doubled.
            let value = offset % 2 == 0 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return (10 - sum % 10) % 10
    }

    /// An AWS access key id: `AKIA` and 16 base32 characters, never the documentation's `...EXAMPLE`.
    static func awsAccessKeyID(_ random: inout SeededGenerator) -> String {
        "AKIA" + random.string(16, from: Alphabet.base32)
    }

    /// A GitHub classic token: `ghp_`, 30 random base62 characters and their CRC32 in 6 base62 characters.
    static func githubToken(_ random: inout SeededGenerator) -> String {
        let body = random.string(30, from: Alphabet.base62)
        return "ghp_" + body + base62Checksum(Array(body.utf8))
    }

    static func base62Checksum(_ bytes: [UInt8]) -> String {
        var value = crc32(bytes)
        var digits = [UInt8](repeating: 0x30, count: 6)
        for i in stride(from: 5, through: 0, by: -1) {
            digits[i] = Alphabet.base62[Int(value % 62)]
            value /= 62
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// zlib's CRC-32, bit by bit: only a few thousand tokens are made, so no table is needed.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// A password as people choose them: words, digits and a symbol.
    static func password(_ random: inout SeededGenerator) -> String {
        let word = random.pick(["Summer", "Winter", "Dragon", "Sunshine", "Monkey", "Falcon", "Orchid", "Harbor"])
        return "\(word)\(random.int(1970...2026))\(random.pick(["!", "#", "$", "?", "%"]))\(random.hex(4))"
    }

    /// A session cookie value: 32 to 48 random base64url characters.
    static func sessionID(_ random: inout SeededGenerator) -> String {
        random.string(random.int(32...48), from: Alphabet.base64URL)
    }

    /// A signed-looking JWT: a real base64url JSON header and payload with identity claims, and a random
    /// signature of the length the algorithm gives.
    static func jwt(_ random: inout SeededGenerator, issuedAt: Int) -> String {
        let (alg, signatureLength) = random.pick([("HS256", 43), ("RS256", 342), ("ES256", 86)])
        let header = #"{"alg":"\#(alg)","typ":"JWT","kid":"\#(random.hex(8))"}"#
        let payload = """
            {"iss":"https://auth.acme-widgets.test/","aud":"orders-api","sub":"\(random.uuid())",\
            "email":"\(email(&random))","name":"\(personName(&random))","scope":"orders:read orders:write",\
            "iat":\(issuedAt),"exp":\(issuedAt + 3600),"jti":"\(random.hex(16))"}
            """
        let signature = random.string(signatureLength, from: Alphabet.base64URL)
        return "\(base64URL(Array(header.utf8))).\(base64URL(Array(payload.utf8))).\(signature)"
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
