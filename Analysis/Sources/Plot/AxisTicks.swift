/// Tick positions and labels for one axis. Labels use `RichText` markup (`10^{3}`).
public struct AxisTicks: Equatable, Sendable {
    public struct Major: Equatable, Sendable {
        public var value: Double
        public var label: String
    }

    public var major: [Major]
    public var minor: [Double]
    /// When set, labels are in units of 10^exponent and the axis shows "×10^{exponent}" (large or tiny numbers).
    public var multiplierExponent: Int?

    public var majorValues: [Double] { major.map(\.value) }
    public var labels: [String] { major.map(\.label) }
}
