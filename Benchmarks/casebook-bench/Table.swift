import Foundation

/// A small text table for the terminal: a title, a header row and left-aligned columns.
struct Table {
    var title: String
    var header: [String]
    private(set) var rows: [[String]] = []

    init(title: String, header: [String]) {
        self.title = title
        self.header = header
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let all = [header] + rows
        let widths = (0..<header.count).map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { column, cell in
                column < widths.count ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
        return ([title, line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// A job's result, printable as a table or as JSON.
protocol TableReport: Encodable {
    var table: Table { get }
}

/// Number formatting for the tables.
enum Format {
    static func decimal(_ value: Double, places: Int) -> String { String(format: "%.\(places)f", value) }

    /// Bytes in MB (10^6), one decimal.
    static func megabytes(_ bytes: Int) -> String { decimal(Double(bytes) / 1e6, places: 1) }
}
