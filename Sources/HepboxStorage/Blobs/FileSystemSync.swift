#if canImport(Glibc)
import Glibc
#endif
import CSystemZlib
import HepboxCore

/// Group durability for small replicas on one file system: one `syncfs` makes every replica written before it
/// started durable (data, inode and directory entry), so concurrent small uploads share one write-out and one disk
/// flush instead of each paying two fsyncs (file and directory), each with its own disk flush.
///
/// Correctness rests on two points:
/// - A caller joins a round only after its file is written and renamed into place, and a round's `syncfs` starts
///   after every one of its callers joined (callers arriving during a round wait for the next one).
/// - Write-back errors: since Linux 5.8 `syncfs` reports any error recorded on the file system since the previous
///   `syncfs` on the same descriptor, so the descriptor is opened once, before any replica is written. An error may
///   surface in an earlier round than the replica it belongs to; therefore after the first error the group stops
///   batching for good and every later caller fsyncs its own file and directory (whose error state is their own).
final class FileSystemSync: @unchecked Sendable {
    // @unchecked: `state` is only touched with its mutex held; the other properties never change.
    private struct Waiter {
        let fd: Int32
        let path: String
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        var running = false
        var broken = false
        var rounds = 0
    }

    private let descriptor: Int32
    private let root: String
    private let offload: Offload
    private let state = Mutex(State())

    /// `descriptor`: open on the file system's directory `root`, before any file the group will cover is written.
    init(descriptor: Int32, root: String, offload: Offload) {
        self.descriptor = descriptor
        self.root = root
        self.offload = offload
    }

    /// The group of the file system holding `root` (one per device, shared by the node directories on it); nil
    /// where `syncfs` cannot report errors (Linux before 5.8): callers then fsync each file.
    static func group(forDevice device: UInt64, root: String, offload: Offload) -> FileSystemSync? {
        guard reportsErrors else { return nil }
        return groups.withLock { groups in
            if let existing = groups[device] { return existing }
            guard let fd = try? POSIX.open(root, O_RDONLY | O_DIRECTORY) else { return nil }
            let group = FileSystemSync(descriptor: fd, root: root, offload: offload)
            groups[device] = group
            return group
        }
    }

    private static let groups = Mutex<[UInt64: FileSystemSync]>([:])

    /// `syncfs` returns write-back errors from Linux 5.8 on.
    private static let reportsErrors: Bool = {
        var name = utsname()
        guard uname(&name) == 0 else { return false }
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard parts.count == 2 else { return false }
        return (parts[0], parts[1]) >= (5, 8)
    }()

    /// Returns once the file behind `fd`, already renamed into place at `path`, and its name are durable.
    func makeDurable(fd: Int32, path: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { state -> Bool in
                state.waiting.append(Waiter(fd: fd, path: path, continuation: continuation))
                if state.running { return false }
                state.running = true
                return true
            }
            if start { Task { await self.runRounds() } }
        }
    }

    /// Rounds run so far, and whether the group still batches (false after an error).
    var roundsRun: Int { state.withLock { $0.rounds } }
    var isBatching: Bool { state.withLock { !$0.broken } }

    private func runRounds() async {
        while let (round, broken) = nextRound() {
            let outcome = await run(round, broken: broken)
            for waiter in round { waiter.continuation.resume(with: outcome) }
        }
    }

    private func nextRound() -> ([Waiter], Bool)? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.running = false
                return nil
            }
            defer { state.waiting = [] }
            state.rounds += 1
            return (state.waiting, state.broken)
        }
    }

    private func run(_ round: [Waiter], broken: Bool) async -> Result<Void, any Error> {
        let (descriptor, root) = (self.descriptor, self.root)
        do {
            try await offload.run {
                if broken {
                    for waiter in round {
                        try POSIX.fsync(waiter.fd, path: waiter.path)
                        try POSIX.fsyncDirectory(String(waiter.path[..<(waiter.path.lastIndex(of: "/") ?? waiter.path.endIndex)]))
                    }
                } else if syncfs(descriptor) != 0 {
                    throw POSIX.error("syncfs", root)
                }
            }
            return .success(())
        } catch {
            if !broken { state.withLock { $0.broken = true } }
            return .failure(error)
        }
    }
}
