import Crypto

/// Principals of recently accepted Basic credentials, keyed by a SHA-256 of name and password (never the password
/// itself). Entries live `lifetime` seconds; `invalidate()` (password change, deletion, revocation in this process)
/// forgets them all, and an answer computed before an invalidation is never stored after it (`generation`).
final class CredentialCache: Sendable {
    /// Short, because a change made by another process (the `hepbox admin` CLI) is only noticed when it expires.
    static let lifetime: Int64 = 3
    static let capacity = 10_000

    private struct State {
        var generation: UInt64 = 0
        var entries: [SHA256Digest: (principal: Principal, expires: Int64)] = [:]
    }
    private let state = Mutex(State())
    private let clock: WallClock

    init(clock: WallClock) { self.clock = clock }

    func generation() -> UInt64 { state.withLock { $0.generation } }

    func lookup(_ key: SHA256Digest) -> Principal? {
        let now = clock.seconds()
        return state.withLock { state in
            guard let hit = state.entries[key] else { return nil }
            if hit.expires > now { return hit.principal }
            state.entries[key] = nil
            return nil
        }
    }

    /// Stores an answer computed from data read after `generation()` returned `generation`.
    func remember(_ principal: Principal, for key: SHA256Digest, generation: UInt64) {
        let expires = clock.seconds() + Self.lifetime
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll() }
            state.entries[key] = (principal, expires)
        }
    }

    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
        }
    }
}
