import Foundation

/// Wall-clock seconds, injectable so tests can move time (lock timeouts).
public struct WallClock: Sendable {
    private let now: @Sendable () -> Int64
    public init(_ now: @escaping @Sendable () -> Int64) { self.now = now }
    public static let system = WallClock { Int64(Date().timeIntervalSince1970) }
    public func seconds() -> Int64 { now() }
}
