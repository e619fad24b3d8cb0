/// Values on a 2D grid of bins: `values[iy * nx + ix]` (x fastest, as ROOT stores TH2 contents),
/// without under/overflow.
public struct Grid2D: Sendable, Equatable {
    public var xEdges: [Double]
    public var yEdges: [Double]
    public var values: [Double]

    public var nx: Int { xEdges.count - 1 }
    public var ny: Int { yEdges.count - 1 }

    public init(xEdges: [Double], yEdges: [Double], values: [Double]) throws {
        for (name, edges) in [("x", xEdges), ("y", yEdges)] {
            guard edges.count >= 2 else { throw PlotError.invalidInput("2D grid: \(name) needs at least 2 edges") }
            guard edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw PlotError.invalidInput("2D grid: \(name) edges must be finite and increasing")
            }
        }
        guard values.count == (xEdges.count - 1) * (yEdges.count - 1) else {
            throw PlotError.invalidInput(
                "2D grid: \(values.count) values for \(xEdges.count - 1)×\(yEdges.count - 1) bins")
        }
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.values = values
    }

    /// Samples `function` at the centres of an `nx` × `ny` grid over the given ranges.
    public init(function: (Double, Double) -> Double, x: ClosedRange<Double>, y: ClosedRange<Double>,
                nx: Int = 40, ny: Int = 40) throws {
        guard nx >= 1, ny >= 1, x.lowerBound < x.upperBound, y.lowerBound < y.upperBound else {
            throw PlotError.invalidInput("function grid: empty range or no samples")
        }
        let xEdges = (0...nx).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(nx) }
        let yEdges = (0...ny).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(ny) }
        var values: [Double] = []
        values.reserveCapacity(nx * ny)
        for iy in 0..<ny {
            for ix in 0..<nx {
                values.append(function((xEdges[ix] + xEdges[ix + 1]) / 2, (yEdges[iy] + yEdges[iy + 1]) / 2))
            }
        }
        try self.init(xEdges: xEdges, yEdges: yEdges, values: values)
    }

    public func value(_ ix: Int, _ iy: Int) -> Double { values[iy * nx + ix] }
}
