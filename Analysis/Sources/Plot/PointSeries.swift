/// Points with optional vertical errors (a graph: x, y, σy), drawn as markers with error bars.
public struct PointSeries: Sendable, Equatable {
    public var xs: [Double]
    public var ys: [Double]
    public var yErrors: [Double]?
    public var label: String?
    public var color: Color?

    public init(xs: [Double], ys: [Double], yErrors: [Double]? = nil, label: String? = nil, color: Color? = nil) throws {
        guard !xs.isEmpty else { throw PlotError.invalidInput("points \(label ?? ""): no points") }
        guard xs.count == ys.count else {
            throw PlotError.invalidInput("points \(label ?? ""): \(xs.count) x values but \(ys.count) y values")
        }
        if let yErrors, yErrors.count != xs.count {
            throw PlotError.invalidInput("points \(label ?? ""): \(yErrors.count) errors for \(xs.count) points")
        }
        self.xs = xs
        self.ys = ys
        self.yErrors = yErrors
        self.label = label
        self.color = color
    }
}
