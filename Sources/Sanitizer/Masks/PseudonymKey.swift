import Crypto
import Foundation

/// The secret key behind every pseudonym.
///
/// Pseudonyms are HMAC-SHA256 of the value under this key, so the same value always gets the same pseudonym
/// under one key, and no one without the key can find a value by guessing and comparing.
public struct PseudonymKey: Sendable {
    let symmetricKey: SymmetricKey

    /// A fresh random key, for a run that keeps no pseudonyms.
    public static func random() -> PseudonymKey {
        PseudonymKey(symmetricKey: SymmetricKey(size: .bits256))
    }

    /// A key from its 64 hexadecimal digits, as a key file holds it.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8).filter { !ASCII.isWhitespace($0) }
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = ASCII.hexValue(digits[i]), let low = ASCII.hexValue(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        symmetricKey = SymmetricKey(data: bytes)
    }

    init(symmetricKey: SymmetricKey) {
        self.symmetricKey = symmetricKey
    }

    /// The key as 64 hexadecimal digits.
    public var hex: String {
        symmetricKey.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }

    /// Reads the key file at `path`, or creates it with a fresh key (mode 0600, and its folder) if it is missing.
    ///
    /// - Throws: ``SanitizerError`` when the file exists but holds no key, or cannot be read or written.
    public static func loadOrCreate(at path: String) throws -> PseudonymKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SanitizerError.keyFile(path: path, reason: "cannot be read")
            }
            guard let key = PseudonymKey(hex: text) else {
                throw SanitizerError.keyFile(path: path, reason: "does not hold a key (64 hexadecimal digits)")
            }
            return key
        }
        let key = PseudonymKey.random()
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            guard
                manager.createFile(
                    atPath: path, contents: Data((key.hex + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw SanitizerError.keyFile(path: path, reason: "cannot be created")
        }
        return key
    }
}
