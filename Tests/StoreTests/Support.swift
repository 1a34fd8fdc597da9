import Evidence
import Foundation
import Sanitizer
import Store
import TestSupport

/// A knowledge base in a fresh temporary folder, removed with the folder.
struct TestBase {
    let folder: TemporaryFolder
    let base: KnowledgeBase
    var path: String { base.path }

    init() throws {
        folder = try TemporaryFolder()
        base = try KnowledgeBase(path: folder.url.appendingPathComponent("kb/casebook.sqlite").path)
    }

    /// Every byte of the database and its WAL and shared-memory files.
    func bytesOnDisk() throws -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            all += try Data(contentsOf: URL(fileURLWithPath: path + suffix))
        }
        return all
    }
}

func date(_ text: String) -> Date { Timestamp.parse(text)! }

/// A JSON Lines text as an input for `importIncidents(from:)`.
func jsonLines(_ text: String) -> PayloadSource { PayloadSource(name: "test input", bytes: Array(text.utf8)) }
