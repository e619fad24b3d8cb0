import Foundation

/// Tick choice: "nice" 1-2-5 steps on linear axes, decades labelled 10^n on log axes, with minor ticks.
public enum TickGenerator {
    /// The smallest step of the form {1, 2, 5} × 10^k that is at least `span / targetCount`.
    public static func niceStep(span: Double, targetCount: Int) -> Double {
        precondition(span > 0 && span.isFinite, "niceStep needs a positive finite span")
        let raw = span / Double(max(targetCount, 1))
        var magnitude = power10(exponent10(raw))
        // Guard against floating error making 0.1 look like 0.0999….
        if raw / magnitude >= 10 - 1e-9 { magnitude *= 10 }
        for mantissa in [1.0, 2.0, 5.0, 10.0] where mantissa * magnitude >= raw * (1 - 1e-9) {
            return mantissa * magnitude
        }
        return 10 * magnitude
    }

    /// Linear ticks over [lo, hi] with about `targetCount` intervals.
    public static func linear(lo: Double, hi: Double, targetCount: Int = 6) -> AxisTicks {
        guard hi > lo, lo.isFinite, hi.isFinite else {
            return AxisTicks(major: [.init(value: lo, label: label(lo, decimals: 0, exponent: nil))],
                             minor: [], multiplierExponent: nil)
        }
        let step = niceStep(span: hi - lo, targetCount: targetCount)
        let stepExponent = exponent10(step)
        let mantissa = (step / power10(stepExponent)).rounded()
        let minorStep = step / (mantissa == 2 ? 4 : 5)
        let tolerance = step * 1e-9

        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        var values: [Double] = []
        if first <= last {
            for k in Int(first)...Int(last) { values.append(Double(k) * step) }
        }
        let largest = values.map(abs).max() ?? 0
        var exponent: Int? = nil
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            exponent = exponent10(largest)
        }
        let decimals = max(0, (exponent ?? 0) - stepExponent)
        let major = values.map { AxisTicks.Major(value: abs($0) < tolerance ? 0 : $0,
                                                  label: label($0, decimals: decimals, exponent: exponent)) }

        var minor: [Double] = []
        let minorFirst = (lo / minorStep - 1e-9).rounded(.up)
        let minorLast = (hi / minorStep + 1e-9).rounded(.down)
        if minorFirst <= minorLast {
            for k in Int(minorFirst)...Int(minorLast) {
                let value = Double(k) * minorStep
                if !values.contains(where: { abs($0 - value) < tolerance }) { minor.append(value) }
            }
        }
        return AxisTicks(major: major, minor: minor, multiplierExponent: exponent)
    }

    /// Log ticks over [lo, hi] (both > 0): decades labelled `10^{n}`, minor ticks at 2…9 × 10^n.
    /// Many decades label every k-th decade; less than a decade also labels 2× and 5× ticks.
    public static func log(lo: Double, hi: Double, maxLabels: Int = 8) -> AxisTicks {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else {
            return AxisTicks(major: [], minor: [], multiplierExponent: nil)
        }
        let firstDecade = Int((log10(lo) - 1e-9).rounded(.up))
        let lastDecade = Int((log10(hi) + 1e-9).rounded(.down))
        let decadeCount = max(0, lastDecade - firstDecade + 1)
        let stride = max(1, (decadeCount + maxLabels - 1) / maxLabels)
        var major: [AxisTicks.Major] = []
        var minor: [Double] = []
        if firstDecade <= lastDecade {
            for n in firstDecade...lastDecade {
                // Labelled decades are multiples of the stride (10^0, 10^3, … rather than wherever the range starts).
                if ((n % stride) + stride) % stride == 0 {
                    major.append(.init(value: power10(n), label: decadeLabel(n)))
                } else {
                    minor.append(power10(n))
                }
            }
        }
        // 2…9 × 10^n minor ticks, when decades are not too crowded to show them.
        if stride == 1 {
            for n in (firstDecade - 1)...lastDecade {
                for m in 2...9 {
                    let value = Double(m) * power10(n)
                    if value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9) { minor.append(value) }
                }
            }
        }
        if major.count < 2 {
            // A narrow range: label 2× and 5× too, in plain numbers, so the axis can still be read.
            let promoted = minor.filter { value in
                let m = (value / power10(exponent10(value))).rounded()
                return m == 2 || m == 5
            }
            for value in promoted {
                let exponent = exponent10(value)
                major.append(.init(value: value, label: label(value, decimals: max(0, -exponent), exponent: nil)))
            }
            minor.removeAll { value in promoted.contains(value) }
            major.sort { $0.value < $1.value }
        }
        minor.sort()
        return AxisTicks(major: major, minor: minor, multiplierExponent: nil)
    }

    static func decadeLabel(_ n: Int) -> String {
        "10^{" + signed(String(abs(n)), negative: n < 0) + "}"
    }

    /// A tick label: `decimals` fixed decimals, in units of 10^exponent, typographic minus sign.
    static func label(_ value: Double, decimals: Int, exponent: Int?) -> String {
        let scaled = value / power10(exponent ?? 0)
        let padded = padDecimals(SVGNumber.fixed(abs(scaled), decimals: decimals), decimals)
        let isZero = !padded.contains(where: { $0 != "0" && $0 != "." })
        return signed(padded, negative: scaled < 0 && !isZero)
    }

    /// Gives "0.5" and "1.0" the same decimals within one axis ("1" → "1.0" when decimals is 1).
    private static func padDecimals(_ text: String, _ decimals: Int) -> String {
        guard decimals > 0 else { return text }
        guard let dot = text.firstIndex(of: ".") else { return text + "." + String(repeating: "0", count: decimals) }
        let have = text.distance(from: dot, to: text.endIndex) - 1
        return text + String(repeating: "0", count: max(0, decimals - have))
    }

    private static func signed(_ text: String, negative: Bool) -> String {
        negative ? "\u{2212}" + text : text
    }

    static func power10(_ n: Int) -> Double {
        var result = 1.0
        if n >= 0 { for _ in 0..<n { result *= 10 } } else { for _ in 0..<(-n) { result /= 10 } }
        return result
    }

    /// The decade of `value` (> 0): floor(log10 value), robust to 0.1 being stored as 0.09999….
    static func exponent10(_ value: Double) -> Int { Int((log10(value) + 1e-9).rounded(.down)) }
}
