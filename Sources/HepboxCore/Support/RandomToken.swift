/// Random identifiers and etags from the system's secure generator.
public enum RandomToken {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func hex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        out.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }
        return out
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
