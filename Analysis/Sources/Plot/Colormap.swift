/// A perceptually uniform colour map for 2D plots, colour bars and 3D bars.
public enum Colormap: String, Sendable, CaseIterable {
    case viridis
    case plasma

    /// Colour at `t` in [0, 1] (clamped), interpolated between published anchor colours of the map.
    public func color(at t: Double) -> Color {
        let anchors = self.anchors
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(anchors.count - 1)
        let lower = min(Int(position), anchors.count - 2)
        return Color.mix(Color(hex: anchors[lower]), Color(hex: anchors[lower + 1]), position - Double(lower))
    }

    /// Eleven evenly spaced samples (t = 0, 0.1, …, 1) of each map.
    private var anchors: [UInt32] {
        switch self {
        case .viridis:
            return [0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
                    0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725]
        case .plasma:
            return [0x0D0887, 0x41049D, 0x6A00A8, 0x8F0DA4, 0xB12A90, 0xCC4778,
                    0xE16462, 0xF2844B, 0xFCA636, 0xFCCE25, 0xF0F921]
        }
    }
}
