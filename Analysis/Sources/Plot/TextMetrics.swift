/// Advance widths of DejaVu Sans (the font the SVG asks for first), in thousandths of an em, measured
/// from the font with cairo. Layout (legend and fit-box widths, label clearance) uses these, so the
/// SVG does not depend on the fonts installed where it is generated.
enum TextMetrics {
    private static let ascii: [Int] = [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
        636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
        1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
        500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
        635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ]

    /// Width of one character in em.
    static func advance(_ scalar: Unicode.Scalar) -> Double {
        let value = Int(scalar.value)
        if value >= 32 && value < 127 { return Double(ascii[value - 32]) / 1000 }
        switch scalar {
        case "±", "×", "−", "≤", "≥", "∞": return 0.838
        case "²", "³", "¹": return 0.401
        case "·": return 0.318
        default: return 0.636  // Greek letters and most symbols are close to a digit's width.
        }
    }

    /// Width in pixels of plain `text` at `fontSize`.
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance($1) } * fontSize
    }
}
