import Foundation
import RootIO

/// Where a Dataset's columns come from: a ROOT tree, or columns built in memory.
public protocol ColumnSource: Sendable {
    var entryCount: Int { get }
    var columnNames: [String] { get }
    /// The whole column (called at most once per column while it stays cached). Must be safe to
    /// call from several threads at once.
    func readColumn(_ name: String) throws -> ColumnBuffer
    /// The same, returning one of `offsetsHints` instead of building equal jagged offsets (and
    /// adding new ones to it); sources that cannot share ignore the hints.
    func readColumn(_ name: String, offsetsHints: OffsetsHints) throws -> ColumnBuffer
}

extension ColumnSource {
    public func readColumn(_ name: String, offsetsHints: OffsetsHints) throws -> ColumnBuffer { try readColumn(name) }
}

/// Columns held in memory (tests, derived data, other file formats).
public struct InMemoryColumnSource: ColumnSource {
    public let entryCount: Int
    public let columnNames: [String]
    private let columns: [String: ColumnBuffer]

    public init(_ columns: [(String, ColumnBuffer)]) throws {
        let count = columns.first?.1.entryCount ?? 0
        for (name, column) in columns where column.entryCount != count {
            throw ColumnarError.invalidColumn("column '\(name)' has \(column.entryCount) entries, '\(columns[0].0)' has \(count)")
        }
        var byName: [String: ColumnBuffer] = [:]
        for (name, column) in columns {
            guard byName[name] == nil else { throw ColumnarError.invalidColumn("column '\(name)' given twice") }
            byName[name] = column
        }
        self.entryCount = count
        self.columnNames = columns.map(\.0)
        self.columns = byName
    }

    public func readColumn(_ name: String) throws -> ColumnBuffer {
        guard let c = columns[name] else { throw ColumnarError.source("no column '\(name)'") }
        return c
    }
}
