import NIOPosix

/// Where blocking file I/O and long hashing run: a NIO thread pool, so that many uploads each waiting on fsync do
/// not hold the few cooperative threads; `nil` runs inline (the in-memory twin, which never blocks).
struct Offload: Sendable {
    let pool: NIOThreadPool?

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard let pool else { return try body() }
        return try await pool.runIfActive(body)
    }

    /// The default pool of the local blob store. Wider than the core count on purpose: its threads mostly wait in
    /// fsync/pread, and concurrent fsyncs are what lets the file system batch journal commits.
    /// A static let is never deinitialised, which NIOThreadPool requires of a pool that is never shut down.
    static let sharedIOPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 32)
        pool.start()
        return pool
    }()
}
