/// Random identifiers and etags from the system's secure generator.
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
            var word = generator.next() as UInt64
            for _ in 0..<min(8, remaining) {
                out.append(hexDigits[Int(word >> 4 & 0xF)])
                out.append(hexDigits[Int(word & 0xF)])
                word >>= 8
            }
            remaining -= 8
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func alphanumeric(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphanumerics.randomElement(using: &generator) ?? "x" })
    }

    public static func uuid() -> String {
        let h = Array(hex(bytes: 16))
        return "\(String(h[0..<8]))-\(String(h[8..<12]))-\(String(h[12..<16]))-\(String(h[16..<20]))-\(String(h[20..<32]))"
    }

    /// A new etag value (unquoted).
    public static func etag() -> String { hex(bytes: 8) }
}
