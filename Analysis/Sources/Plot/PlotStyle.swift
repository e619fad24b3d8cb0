/// Sizes, fonts and strokes shared by every plot, in the spirit of matplotlib/mplhep: inward ticks on
/// all four sides, frameless legend, axis titles at the axis ends. Pixel sizes are for an 800×600
/// canvas; text sizes are chosen to stay readable when the figure is printed at column width.
public struct PlotStyle: Sendable, Equatable {
    public var width: Double = 800
    public var height: Double = 600
    public var fontFamily = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif"
    public var titleFontSize = 20.0
    public var axisTitleFontSize = 19.0
    public var tickLabelFontSize = 16.0
    public var legendFontSize = 16.0
    public var frameStrokeWidth = 1.5
    public var majorTickLength = 10.0
    public var minorTickLength = 5.0
    public var majorTickStrokeWidth = 1.2
    public var minorTickStrokeWidth = 1.0
    public var lineStrokeWidth = 2.0
    public var errorBarStrokeWidth = 1.5
    public var markerRadius = 3.5
    public var marginLeft = 95.0
    public var marginRight = 30.0
    public var marginTop = 45.0
    public var marginBottom = 70.0

    public init() {}

    /// The default style at another canvas size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// The plot frame in pixels.
struct Frame: Sendable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }
}
