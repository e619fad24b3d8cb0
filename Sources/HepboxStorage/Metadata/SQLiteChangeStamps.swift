import Glibc

/// Tells whether the database file changed (a commit from any connection, in this process or another) without
/// opening a transaction: one `pread` of the WAL-index header.
///
/// In WAL mode SQLite keeps the WAL-index header at the start of the `-shm` file (https://www.sqlite.org/walformat.html,
/// "The WAL-Index Header"). Every commit rewrites it: a change counter, the last valid frame of the WAL, the WAL's salts
/// and checksums; a new reader takes its snapshot from it. The header is kept twice: a writer stores the second copy,
/// then the first, so a reading whose two copies differ is mid-update and gives no stamp.
final class SQLiteChangeStamps: Sendable {
    /// The first copy of the header (48 bytes); equal stamps mean no commit happened between the two readings.
    struct Stamp: Equatable, Sendable {
        let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4 && lhs.words.5 == rhs.words.5
        }
    }

    private static let headerBytes = 48
    /// `isInit` (byte 12 of a copy) is 1 once a connection has built the index.
    private static let isInitOffset = 12
    private let descriptor: Int32

    /// nil when the database has no `-shm` file (not in WAL mode, or not opened yet).
    init?(databasePath: String) {
        let descriptor = Glibc.open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { Glibc.close(descriptor) }

    /// The header as it is now; nil while a writer is updating it or before it is initialised.
    func current() -> Stamp? {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * Self.headerBytes / 8) { words in
            let count = pread(descriptor, words.baseAddress, 2 * Self.headerBytes, 0)
            guard count == 2 * Self.headerBytes else { return nil }
            let half = Self.headerBytes / 8
            for index in 0..<half where words[index] != words[index + half] { return nil }
            let isInit = UnsafeRawBufferPointer(words).load(fromByteOffset: Self.isInitOffset, as: UInt8.self)
            guard isInit == 1 else { return nil }
            return Stamp(words: (words[0], words[1], words[2], words[3], words[4], words[5]))
        }
    }
}
