/// Isometric view of the unit box [0,1]³ (u along x, v along y, w up): the nearest corner is
/// (u=1, v=0), x runs down-right along the front-left edge, y up-right along the front-right edge.
struct IsometricProjection: Sendable {
    /// Screen position of (u, v, w) = (0, 0, 0).
    var originX: Double
    var originY: Double
    /// Length of a floor edge (before the 30° foreshortening) and of the vertical axis, in pixels.
    var edge: Double
    var height: Double

    static let cos30 = 0.866_025_403_784_438_6
    static let sin30 = 0.5

    func point(_ u: Double, _ v: Double, _ w: Double) -> (x: Double, y: Double) {
        (originX + (u + v) * Self.cos30 * edge, originY + (u - v) * Self.sin30 * edge - w * height)
    }

    /// Fits the projected box into `frame`: floor edge `edge`, vertical axis `heightRatio` × edge.
    static func fitting(left: Double, top: Double, width: Double, height: Double, heightRatio: Double) -> IsometricProjection {
        // Projected box: width 2·cos30·edge, height edge·(2·sin30) + heightRatio·edge.
        let edge = min(width / (2 * cos30), height / (2 * sin30 + heightRatio))
        let usedWidth = 2 * cos30 * edge
        let usedHeight = (2 * sin30 + heightRatio) * edge
        let originX = left + (width - usedWidth) / 2
        // (0,0,0) sits sin30·edge above the lowest floor corner (1,0,0).
        let originY = top + (height - usedHeight) / 2 + heightRatio * edge + sin30 * edge
        return IsometricProjection(originX: originX, originY: originY, edge: edge, height: heightRatio * edge)
    }
}
