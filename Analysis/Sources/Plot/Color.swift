/// An sRGB colour.
public struct Color: Equatable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    /// `#rrggbb`, the form SVG attributes use.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for component in [red, green, blue] {
            let byte = Int((min(max(component, 0), 1) * 255).rounded())
            text.append(digits[byte / 16])
            text.append(digits[byte % 16])
        }
        return text
    }

    /// The colour scaled towards black (`factor` < 1), used to shade the faces of 3D bars.
    func shaded(_ factor: Double) -> Color {
        Color(red: red * factor, green: green * factor, blue: blue * factor)
    }

    /// Linear interpolation between two colours.
    static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        Color(red: a.red + (b.red - a.red) * t, green: a.green + (b.green - a.green) * t,
              blue: a.blue + (b.blue - a.blue) * t)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    static let gridGray = Color(hex: 0xB0B0B0)

    /// Series colours, in order: the matplotlib/mplhep "tab10" cycle, readable and distinct in print.
    public static let cycle: [Color] = [
        Color(hex: 0x1F77B4), Color(hex: 0xFF7F0E), Color(hex: 0x2CA02C), Color(hex: 0xD62728),
        Color(hex: 0x9467BD), Color(hex: 0x8C564B), Color(hex: 0xE377C2), Color(hex: 0x7F7F7F),
        Color(hex: 0xBCBD22), Color(hex: 0x17BECF),
    ]
}
