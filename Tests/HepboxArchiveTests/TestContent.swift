/// File content made on demand, as `zip_oracle.py`'s `pattern_blocks` makes it again: 1 MiB blocks of 0…255
/// repeated, block k rotated left by k % 256, cut at `size`. Only one block exists at a time.
struct PatternContent: AsyncSequence {
    typealias Element = [UInt8]
    static let blockSize = 1 << 20
    let size: Int64

    struct AsyncIterator: AsyncIteratorProtocol {
        private static let base = (0..<blockSize).map { UInt8(truncatingIfNeeded: $0) }
        var remaining: Int64
        var block = 0

        mutating func next() async -> [UInt8]? {
            guard remaining > 0 else { return nil }
            let rotation = block % 256
            var bytes = Array(Self.base[rotation...] + Self.base[..<rotation])
            if remaining < Int64(bytes.count) { bytes.removeLast(bytes.count - Int(remaining)) }
            remaining -= Int64(bytes.count)
            block += 1
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: size) }
}

/// The given chunks, in order.
func chunks(_ parts: [[UInt8]]) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
        for part in parts { continuation.yield(part) }
        continuation.finish()
    }
}

struct ContentFailure: Error, Equatable {}

/// One chunk, then an error: a file that fails to read half way.
struct FailingContent: AsyncSequence {
    typealias Element = [UInt8]
    struct AsyncIterator: AsyncIteratorProtocol {
        var sent = false
        mutating func next() async throws -> [UInt8]? {
            if sent { throw ContentFailure() }
            sent = true
            return [1, 2, 3]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

/// Deterministic pseudo-random bytes (no two test runs differ).
func noise(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    return (0..<count).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
