import Foundation
import GRDB
import GRDBSQLite

/// One result row of a statement stepped with SQLite's C API, read by column position.
///
/// GRDB's `Row` builds a dictionary of the lower-cased column names for every query it runs; for the point
/// lookups on the request path (a node by name, a blob by id) that costs more than the query itself.
struct RawRow {
    fileprivate let handle: OpaquePointer
    /// Where this row's columns start in the statement's result (rows of a join are read part by part).
    private var base: Int32 = 0

    fileprivate init(handle: OpaquePointer) { self.handle = handle }

    /// The same row, read from column `offset` on.
    func shifted(by offset: Int32) -> RawRow {
        var row = self
        row.base += offset
        return row
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, base + column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, base + column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func int(_ column: Int32) -> Int { Int(int64(column)) }

    func bool(_ column: Int32) -> Bool { int64(column) != 0 }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, base + column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, base + column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, base + column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, base + column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}

extension Database {
    /// Runs a cached query, handing each row to `body` until it returns false.
    func forEachRow(_ sql: String, _ arguments: StatementArguments, _ body: (RawRow) throws -> Bool) throws {
        let statement = try cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        // Reset at once: a statement left mid-result would keep its read snapshot.
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                let message = sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
            if try !body(RawRow(handle: handle)) { return }
        }
    }

    /// The first row of a cached query, decoded; nil when there is none.
    func firstRow<T>(_ sql: String, _ arguments: StatementArguments, _ decode: (RawRow) throws -> T) throws -> T? {
        var value: T?
        try forEachRow(sql, arguments) { row in
            value = try decode(row)
            return false
        }
        return value
    }

    /// Every row of a cached query, decoded.
    func allRows<T>(_ sql: String, _ arguments: StatementArguments = [], _ decode: (RawRow) throws -> T) throws -> [T] {
        var values: [T] = []
        try forEachRow(sql, arguments) { row in
            values.append(try decode(row))
            return true
        }
        return values
    }
}
