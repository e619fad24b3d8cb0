import Foundation

/// A 2D histogram or function as a 3D view: lego bars or a shaded surface, in an isometric projection
/// drawn back to front (painter's algorithm), coloured by height with the colour map and shaded by face.
public struct Plot3D: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// One box per bin, height = content (empty bins are not drawn).
        case lego
        /// A mesh through the bin centres.
        case surface
    }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var zTitle: String
    public var grid: Grid2D
    public var kind: Kind
    public var colormap: Colormap
    public var style: PlotStyle

    public init(title: String = "", xTitle: String = "", yTitle: String = "", zTitle: String = "", grid: Grid2D,
                kind: Kind = .lego, colormap: Colormap = .viridis, style: PlotStyle = PlotStyle()) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.zTitle = zTitle
        self.grid = grid
        self.kind = kind
        self.colormap = colormap
        self.style = style
    }

    /// z range: from 0 (lego) or the minimum (surface) to the maximum.
    func zRange() throws -> (Double, Double) {
        let finite = grid.values.filter(\.isFinite)
        guard let minimum = finite.min(), let maximum = finite.max() else {
            throw PlotError.invalidInput("3D plot: no finite values")
        }
        let lo = kind == .lego ? min(0, minimum) : minimum
        return maximum > lo ? (lo, maximum) : (lo, lo + 1)
    }
}
