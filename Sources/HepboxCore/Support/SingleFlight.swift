/// Concurrent calls with the same key share one run of the work.
///
/// When a remembered password check expires under a busy client, its parallel requests (a sync client keeps several
/// connections) would otherwise each pay bcrypt's ~0.1–0.3 s of CPU for the same answer, all at once.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let running = Mutex<[Key: Task<Value, Never>]>([:])

    public init() {}

    public func run(_ key: Key, _ work: @escaping @Sendable () async -> Value) async -> Value {
        let (task, started) = running.withLock { running -> (Task<Value, Never>, Bool) in
            if let task = running[key] { return (task, false) }
            let task = Task { await work() }
            running[key] = task
            return (task, true)
        }
        let value = await task.value
        if started { running.withLock { _ = $0.removeValue(forKey: key) } }
        return value
    }
}
