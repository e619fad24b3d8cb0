import Foundation

/// Linear or logarithmic mapping of one data axis.
public enum AxisKind: String, Sendable, Codable {
    case linear
    case log
}

/// Maps data values on [lo, hi] to pixels on [pixelLo, pixelHi] (pixelHi < pixelLo for y, which grows down).
struct AxisScale: Sendable {
    var kind: AxisKind
    var lo: Double
    var hi: Double
    var pixelLo: Double
    var pixelHi: Double

    /// Pixel of `value`. On a log axis, zero and negative values land a little beyond the low end
    /// (outside the clip rectangle), so step outlines drop to the axis instead of vanishing.
    func pixel(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear:
            t = (value - lo) / (hi - lo)
        case .log:
            if value <= 0 || !value.isFinite {
                t = value.isFinite || value < 0 ? -0.05 : 1.05
            } else {
                t = (Foundation.log10(value) - Foundation.log10(lo)) / (Foundation.log10(hi) - Foundation.log10(lo))
            }
        }
        // Keep far-off points finite and near the canvas; the clip path hides them.
        let clamped = min(max(t, -2), 3)
        return pixelLo + (pixelHi - pixelLo) * clamped
    }

    func contains(_ value: Double) -> Bool {
        let tolerance = (hi - lo) * 1e-9
        return value >= lo - tolerance && value <= hi + tolerance
    }

    func ticks(targetCount: Int) -> AxisTicks {
        switch kind {
        case .linear: return TickGenerator.linear(lo: lo, hi: hi, targetCount: targetCount)
        case .log: return TickGenerator.log(lo: lo, hi: hi)
        }
    }
}
