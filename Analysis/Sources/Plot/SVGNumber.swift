/// Deterministic number text for SVG coordinates and JSON: same value, same bytes, on every platform
/// (no locale, no platform `printf`).
enum SVGNumber {
    /// A coordinate rounded to 2 decimals with trailing zeros dropped ("12.5", "-3", "0.07").
    static func coordinate(_ value: Double) -> String {
        fixed(value, decimals: 2)
    }

    /// `value` with exactly up to `decimals` decimals, trailing zeros trimmed; never "-0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "0" : (value > 0 ? "1e9" : "-1e9") }
        // Coordinates far outside any canvas are clamped so the integer maths below cannot overflow.
        let clamped = min(max(value, -1e12), 1e12)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (clamped * scale).rounded()
        let negative = scaled < 0
        let magnitude = UInt64(abs(scaled))
        let unit = UInt64(scale)
        let whole = magnitude / unit
        var fraction = magnitude % unit
        var text = negative && magnitude != 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            var digits = Array(repeating: Character("0"), count: decimals)
            var index = decimals - 1
            while index >= 0 {
                digits[index] = Character(String(fraction % 10))
                fraction /= 10
                index -= 1
            }
            while digits.last == "0" { digits.removeLast() }
            text += "." + String(digits)
        }
        return text
    }
}
