import Foundation

/// The fit-result box drawn on a plot: one "name  value" line each, like ROOT's statistics box.
public struct FitBox: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// A box with χ²/ndf first (when given), then each parameter as "value ± error" rounded to the
    /// error's two significant digits.
    public init(parameters: [(name: String, value: Double, error: Double)], chi2: Double? = nil, ndf: Int? = nil) {
        var lines: [Line] = []
        if let chi2, let ndf {
            lines.append(Line(name: "χ^{2} / ndf", value: SVGNumber.fixed(chi2, decimals: chi2 < 100 ? 2 : 1)
                                + " / " + String(ndf)))
        }
        for parameter in parameters {
            lines.append(Line(name: parameter.name, value: Self.valueWithError(parameter.value, parameter.error)))
        }
        self.lines = lines
    }

    /// "1.235 ± 0.035"; very large or small magnitudes as "(1.23 ± 0.04)×10^{5}".
    public static func valueWithError(_ value: Double, _ error: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        guard error.isFinite, error > 0 else { return plain(value, significant: 5) }
        let magnitude = max(abs(value), error)
        let exponent = Int(Foundation.log10(magnitude).rounded(.down))
        let useExponent = exponent >= 5 || exponent <= -4
        let scale = useExponent ? TickGenerator.power10(exponent) : 1
        let scaledError = error / scale
        // Two significant digits of the error set the decimals of both numbers.
        let decimals = Self.decimals(forError: scaledError)
        let text = TickGenerator.label(value / scale, decimals: decimals, exponent: nil) + " ± "
            + TickGenerator.label(scaledError, decimals: decimals, exponent: nil)
        return useExponent ? "(" + text + ")×10^{" + TickGenerator.label(Double(exponent), decimals: 0, exponent: nil) + "}" : text
    }

    /// Decimals that keep two significant digits of `error`.
    static func decimals(forError error: Double) -> Int {
        guard error > 0, error.isFinite else { return 2 }
        return max(0, 1 - Int(Foundation.log10(error).rounded(.down)))
    }

    private static func plain(_ value: Double, significant: Int) -> String {
        guard value != 0 else { return "0" }
        let exponent = Int(Foundation.log10(abs(value)).rounded(.down))
        if exponent >= 6 || exponent <= -5 {
            let mantissa = value / TickGenerator.power10(exponent)
            return TickGenerator.label(mantissa, decimals: significant - 1, exponent: nil) + "×10^{"
                + TickGenerator.label(Double(exponent), decimals: 0, exponent: nil) + "}"
        }
        return TickGenerator.label(value, decimals: max(0, significant - 1 - exponent), exponent: nil)
    }
}
