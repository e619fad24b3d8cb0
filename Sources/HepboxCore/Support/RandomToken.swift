import Synchronization

/// Random identifiers from the system's secure generator, and etags.
public enum RandomToken {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func hex(bytes: Int) -> String {
        // Built as bytes: every change makes a new etag per ancestor, so this is on every write's path.
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes * 2)
        var remaining = bytes
        while remaining > 0 {
            appendHex(generator.next(), bytes: min(8, remaining), to: &out)
            remaining -= 8
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The low `bytes` bytes of `word` as hex digits, lowest byte first.
    private static func appendHex(_ word: UInt64, bytes: Int, to out: inout [UInt8]) {
        var word = word
        for _ in 0..<bytes {
            out.append(hexDigits[Int(word >> 4 & 0xF)])
            out.append(hexDigits[Int(word & 0xF)])
            word >>= 8
        }
    }

    public static func alphanumeric(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphanumerics.randomElement(using: &generator) ?? "x" })
    }

    public static func uuid() -> String {
        let h = Array(hex(bytes: 16))
        return "\(String(h[0..<8]))-\(String(h[8..<12]))-\(String(h[12..<16]))-\(String(h[16..<20]))-\(String(h[20..<32]))"
    }

    /// A new etag value (unquoted), 16 hex digits. Etags must never repeat but need not be unpredictable: a counter
    /// from a random start, scrambled by a bijection (SplitMix64's finaliser), so every write does not pay one
    /// `getrandom` per ancestor. Distinct within a process; across restarts the random start keeps them apart.
    public static func etag() -> String {
        var word = etagCounter.add(1, ordering: .relaxed).newValue
        word = (word ^ (word >> 30)) &* 0xBF58_476D_1CE4_E5B9
        word = (word ^ (word >> 27)) &* 0x94D0_49BB_1331_11EB
        word ^= word >> 31
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendHex(word, bytes: 8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let etagCounter = Atomic<UInt64>(UInt64.random(in: .min ... .max))
}
