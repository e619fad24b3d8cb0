import Dispatch
import HummingbirdBcrypt

/// Slow password hashing (bcrypt). Verification costs ~0.1–0.3 s by design; callers cache successful checks.
///
/// The work runs on a queue of its own: the server's tasks share the event loops' threads, and one bcrypt there
/// would stall every connection of that loop for its whole duration.
public struct PasswordHasher: Sendable {
    public var cost: UInt8
    private let verifications = Counter()

    public init(cost: UInt8 = 10) { self.cost = cost }

    /// How many verifications this hasher (and its copies) ran.
    public var verificationCount: Int { verifications.value.withLock { $0 } }

    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await Self.offLoop { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        verifications.value.withLock { $0 += 1 }
        return await Self.offLoop { Bcrypt.verify(password, hash: hash) }
    }

    private final class Counter: Sendable {
        let value = Mutex(0)
    }

    private static let queue = DispatchQueue(label: "hepbox.password-hashing", qos: .userInitiated, attributes: .concurrent)

    private static func offLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
