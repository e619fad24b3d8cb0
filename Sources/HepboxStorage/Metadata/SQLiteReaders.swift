import GRDB
import Synchronization

/// Read-only connections to the metadata file, handed out without waiting.
///
/// GRDB's `DatabasePool` guards its readers with a semaphore, a dispatch group and a queue hop on every read, which
/// cost as much CPU as the queries of a small GET. Reads here take an idle connection from a list under a lock
/// (opening one when none is idle, so a read never waits for another) and run on the calling thread. WAL mode lets
/// these connections read while the pool's writer commits, as any other reader of the file does.
final class SQLiteReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    private let keepIdle: Int
    private let idle = Mutex<[DatabaseQueue]>([])

    init(path: String, configuration: Configuration, keepIdle: Int) {
        var readOnly = configuration
        readOnly.readonly = true
        self.path = path
        self.configuration = readOnly
        self.keepIdle = keepIdle
    }

    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        let reader = try idle.withLock { $0.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        // Connections beyond `keepIdle` (a burst of concurrent reads) close when dropped.
        defer { idle.withLock { if $0.count < keepIdle { $0.append(reader) } } }
        return try reader.inDatabase(body)
    }
}
