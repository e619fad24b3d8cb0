/// Slows down password guessing: after failed logins from an address, its next attempts wait 200 ms, doubling with
/// each further failure up to 25 s. A success from the address clears it; failures are forgotten after an hour.
public final class LoginThrottle: Sendable {
    private struct Record { var failures: Int; var lastFailure: Int64 }
    private let records = Mutex<[String: Record]>([:])
    private let clock: WallClock
    public static let maxDelay: Duration = .seconds(25)
    public static let forgetAfter: Int64 = 3600

    public init(clock: WallClock = .system) { self.clock = clock }

    /// How long an attempt from `address` must wait before its credentials are checked.
    public func delay(for address: String) -> Duration {
        let now = clock.seconds()
        let failures: Int = records.withLock { table in
            guard let record = table[address] else { return 0 }
            if now - record.lastFailure > Self.forgetAfter {
                table[address] = nil
                return 0
            }
            return record.failures
        }
        guard failures > 0 else { return .zero }
        let millis = 200.0 * Double(1 << min(failures - 1, 16))
        return min(.milliseconds(Int64(millis)), Self.maxDelay)
    }

    public func recordFailure(_ address: String) {
        let now = clock.seconds()
        records.withLock { table in
            if table.count > 100_000 { table = table.filter { now - $0.value.lastFailure <= Self.forgetAfter } }
            table[address, default: Record(failures: 0, lastFailure: now)].failures += 1
            table[address]?.lastFailure = now
        }
    }

    public func recordSuccess(_ address: String) {
        records.withLock { _ = $0.removeValue(forKey: address) }
    }
}
