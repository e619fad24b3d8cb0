import HummingbirdBcrypt

/// Slow password hashing (bcrypt). Verification costs ~0.1–0.3 s by design; callers cache successful checks.
public struct PasswordHasher: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 10) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
