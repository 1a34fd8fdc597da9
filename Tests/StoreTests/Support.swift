import Evidence
import Foundation
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

/// Lines of a JSON Lines text, numbered from 1, as `importIncidents` takes them.
func numberedLines(_ text: String) -> [(number: Int, bytes: [UInt8])] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
        ($0.offset + 1, Array($0.element.utf8))
    }
}
