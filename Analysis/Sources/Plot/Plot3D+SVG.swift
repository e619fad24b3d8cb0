import Foundation

extension Plot3D: Figure {
    public func svgDocument() throws -> SVGElement {
        let z = try zRange()
        let projection = IsometricProjection.fitting(left: 130, top: style.marginTop + 20, width: style.width - 230,
                                                     height: style.height - style.marginTop - 110, heightRatio: 0.75)
        let xLo = grid.xEdges[0], xHi = grid.xEdges[grid.nx]
        let yLo = grid.yEdges[0], yHi = grid.yEdges[grid.ny]
        let u = { (x: Double) in (x - xLo) / (xHi - xLo) }
        let v = { (y: Double) in (y - yLo) / (yHi - yLo) }
        let w = { (value: Double) in min(max((value - z.0) / (z.1 - z.0), 0), 1) }

        let zTicks = TickGenerator.linear(lo: z.0, hi: z.1, targetCount: 5)
        let data: SVGElement
        switch kind {
        case .lego: data = legoBars(projection: projection, u: u, v: v, w: w)
        case .surface: data = try surfaceMesh(projection: projection, u: u, v: v, w: w)
        }
        var children: [SVGElement] = [
            backWalls(projection: projection, zTicks: zTicks, w: w),
            data,
            axis3D(id: "axis-x", projection: projection, ticks: TickGenerator.linear(lo: xLo, hi: xHi, targetCount: 5),
                   position: { (u($0), 0, 0) }, tickDirection: (-0.5, 0.866), labelOffset: (-16, 30), anchor: "middle",
                   title: xTitle, titleAt: (0.5, 0, 0), titleOffset: (-34, 62), rotation: 30),
            axis3D(id: "axis-y", projection: projection, ticks: TickGenerator.linear(lo: yLo, hi: yHi, targetCount: 5),
                   position: { (1, v($0), 0) }, tickDirection: (0.5, 0.866), labelOffset: (12, 24), anchor: "start",
                   title: yTitle, titleAt: (1, 0.5, 0), titleOffset: (40, 62), rotation: -30),
            axis3D(id: "axis-z", projection: projection, ticks: zTicks, position: { (0, 0, w($0)) },
                   tickDirection: (-1, 0), labelOffset: (-12, 6), anchor: "end", title: zTitle, titleAt: (0, 0, 1),
                   titleOffset: (-12 - 8 - AxisRenderer.widestLabel(zTicks, fontSize: style.tickLabelFontSize) - 12, 0),
                   rotation: -90),
        ]
        if !title.isEmpty {
            children.append(RichText(parsing: title).element(x: style.marginLeft, y: style.marginTop - 12,
                                                             fontSize: style.titleFontSize,
                                                             attributes: [("class", "title")]))
        }
        return SVGDocument.root(style: style, title: title.isEmpty ? "3D plot" : title, kind: "plot-3d " + kind.rawValue,
                                children: children)
    }

    private func polygon(_ points: [(x: Double, y: Double)], fill: Color, attributes: [(String, String)] = []) -> SVGElement {
        let text = points.map { SVGNumber.coordinate($0.x) + "," + SVGNumber.coordinate($0.y) }.joined(separator: " ")
        return SVGElement("polygon", [("points", text), ("fill", fill.hexString)] + attributes)
    }

    /// Boxes drawn far to near; each shows its top and the two faces turned to the viewer (+u, −v).
    private func legoBars(projection p: IsometricProjection, u: (Double) -> Double, v: (Double) -> Double,
                          w: (Double) -> Double) -> SVGElement {
        var bins: [(ix: Int, iy: Int)] = []
        for iy in 0..<grid.ny {
            for ix in 0..<grid.nx where grid.value(ix, iy).isFinite && grid.value(ix, iy) != 0 {
                bins.append((ix, iy))
            }
        }
        // Far to near: smaller ix − iy first; ties cannot overlap in this projection, order them by ix.
        bins.sort { ($0.ix - $0.iy, $0.ix) < ($1.ix - $1.iy, $1.ix) }
        var bars: [SVGElement] = []
        for (ix, iy) in bins {
            let u0 = u(grid.xEdges[ix]), u1 = u(grid.xEdges[ix + 1])
            let v0 = v(grid.yEdges[iy]), v1 = v(grid.yEdges[iy + 1])
            let top = w(grid.value(ix, iy))
            let base = w(0)
            let color = colormap.color(at: top)
            let front = [p.point(u0, v0, base), p.point(u1, v0, base), p.point(u1, v0, top), p.point(u0, v0, top)]
            let side = [p.point(u1, v0, base), p.point(u1, v1, base), p.point(u1, v1, top), p.point(u1, v0, top)]
            let lid = [p.point(u0, v0, top), p.point(u1, v0, top), p.point(u1, v1, top), p.point(u0, v1, top)]
            bars.append(.group(class: "bar", [("data-bin", "\(ix),\(iy)")], children: [
                polygon(front, fill: color.shaded(0.78)),
                polygon(side, fill: color.shaded(0.6)),
                polygon(lid, fill: color),
            ]))
        }
        return .group(id: "data", class: "data lego", [("stroke", "#000000"), ("stroke-opacity", "0.35"),
                                                       ("stroke-width", "0.6"), ("stroke-linejoin", "round")],
                      children: bars)
    }

    /// Quads between neighbouring bin centres, far to near, coloured by mean height and shaded by the
    /// angle between the quad's normal and a light from the upper left front.
    private func surfaceMesh(projection p: IsometricProjection, u: (Double) -> Double, v: (Double) -> Double,
                             w: (Double) -> Double) throws -> SVGElement {
        guard grid.nx >= 2, grid.ny >= 2 else {
            throw PlotError.invalidInput("surface plot needs at least 2×2 bins (got \(grid.nx)×\(grid.ny))")
        }
        let centersX = (0..<grid.nx).map { u((grid.xEdges[$0] + grid.xEdges[$0 + 1]) / 2) }
        let centersY = (0..<grid.ny).map { v((grid.yEdges[$0] + grid.yEdges[$0 + 1]) / 2) }
        var quads: [(ix: Int, iy: Int)] = []
        for iy in 0..<(grid.ny - 1) {
            for ix in 0..<(grid.nx - 1) { quads.append((ix, iy)) }
        }
        quads.sort { ($0.ix - $0.iy, $0.ix) < ($1.ix - $1.iy, $1.ix) }
        // Light direction (unit vector) in the box's (u, v, w) space, w scaled like the screen.
        let light = (x: -0.4, y: -0.5, z: 0.77)
        let verticalScale = p.height / p.edge
        var faces: [SVGElement] = []
        for (ix, iy) in quads {
            let heights = [grid.value(ix, iy), grid.value(ix + 1, iy), grid.value(ix + 1, iy + 1), grid.value(ix, iy + 1)]
            guard heights.allSatisfy(\.isFinite) else { continue }
            let ws = heights.map(w)
            let us = [centersX[ix], centersX[ix + 1], centersX[ix + 1], centersX[ix]]
            let vs = [centersY[iy], centersY[iy], centersY[iy + 1], centersY[iy + 1]]
            // Normal from the cross product of the two diagonals.
            let d1 = (us[2] - us[0], vs[2] - vs[0], (ws[2] - ws[0]) * verticalScale)
            let d2 = (us[3] - us[1], vs[3] - vs[1], (ws[3] - ws[1]) * verticalScale)
            var normal = (d1.1 * d2.2 - d1.2 * d2.1, d1.2 * d2.0 - d1.0 * d2.2, d1.0 * d2.1 - d1.1 * d2.0)
            if normal.2 < 0 { normal = (-normal.0, -normal.1, -normal.2) }
            let length = (normal.0 * normal.0 + normal.1 * normal.1 + normal.2 * normal.2).squareRoot()
            let lambert = length > 0 ? max(0, (normal.0 * light.x + normal.1 * light.y + normal.2 * light.z) / length) : 1
            let color = colormap.color(at: ws.reduce(0, +) / 4).shaded(0.55 + 0.45 * lambert)
            let points = (0..<4).map { p.point(us[$0], vs[$0], ws[$0]) }
            faces.append(polygon(points, fill: color, attributes: [("stroke", color.hexString)]))
        }
        return .group(id: "data", class: "data surface", [("stroke-width", "0.5"), ("stroke-linejoin", "round")],
                      children: faces)
    }

    /// The two back walls (u = 0 and v = 1) and the floor, with grid lines at the z ticks.
    private func backWalls(projection p: IsometricProjection, zTicks: AxisTicks, w: (Double) -> Double) -> SVGElement {
        let wallColor = Color(hex: 0xF4F4F4)
        let edge = [("stroke", "#000000"), ("stroke-width", "1")]
        var children: [SVGElement] = [
            polygon([p.point(0, 0, 0), p.point(0, 1, 0), p.point(0, 1, 1), p.point(0, 0, 1)], fill: wallColor,
                    attributes: edge),
            polygon([p.point(0, 1, 0), p.point(1, 1, 0), p.point(1, 1, 1), p.point(0, 1, 1)], fill: wallColor,
                    attributes: edge),
            polygon([p.point(0, 0, 0), p.point(1, 0, 0), p.point(1, 1, 0), p.point(0, 1, 0)], fill: Color(hex: 0xFAFAFA),
                    attributes: edge),
        ]
        var grid = ""
        for tick in zTicks.majorValues {
            let level = w(tick)
            guard level > 0 && level < 1 else { continue }
            let a = p.point(0, 0, level), b = p.point(0, 1, level), c = p.point(1, 1, level)
            grid += (grid.isEmpty ? "" : " ") + "M" + SVGNumber.coordinate(a.x) + " " + SVGNumber.coordinate(a.y)
                + " L" + SVGNumber.coordinate(b.x) + " " + SVGNumber.coordinate(b.y)
                + " L" + SVGNumber.coordinate(c.x) + " " + SVGNumber.coordinate(c.y)
        }
        if !grid.isEmpty {
            children.append(SVGElement("path", [("class", "grid"), ("d", grid), ("fill", "none"),
                                                ("stroke", Color.gridGray.hexString), ("stroke-width", "0.8"),
                                                ("stroke-dasharray", "4 3")]))
        }
        return .group(id: "box", class: "box", children: children)
    }

    /// An axis along a box edge: tick marks pointing out of the box, labels, and a title rotated
    /// along the edge.
    private func axis3D(id: String, projection p: IsometricProjection, ticks: AxisTicks,
                        position: (Double) -> (Double, Double, Double), tickDirection: (Double, Double),
                        labelOffset: (Double, Double), anchor: String, title: String,
                        titleAt: (Double, Double, Double), titleOffset: (Double, Double), rotation: Double) -> SVGElement {
        let c = SVGNumber.coordinate
        var children: [SVGElement] = []
        for tick in ticks.major {
            let (tu, tv, tw) = position(tick.value)
            guard tu >= -1e-9, tu <= 1 + 1e-9, tv >= -1e-9, tv <= 1 + 1e-9, tw >= -1e-9, tw <= 1 + 1e-9 else { continue }
            let at = p.point(tu, tv, tw)
            let end = (at.x + tickDirection.0 * style.majorTickLength, at.y + tickDirection.1 * style.majorTickLength)
            children.append(.group(class: "tick major", [("data-value", tick.label)], children: [
                SVGElement("line", [("x1", c(at.x)), ("y1", c(at.y)), ("x2", c(end.0)), ("y2", c(end.1)),
                                    ("stroke", "#000000"), ("stroke-width", c(style.majorTickStrokeWidth))]),
                RichText(parsing: tick.label).element(x: at.x + labelOffset.0, y: at.y + labelOffset.1,
                                                      fontSize: style.tickLabelFontSize - 1, anchor: anchor,
                                                      attributes: [("class", "tick-label")]),
            ]))
        }
        if !title.isEmpty {
            let anchorPoint = p.point(titleAt.0, titleAt.1, titleAt.2)
            let x = anchorPoint.x + titleOffset.0, y = anchorPoint.y + titleOffset.1
            children.append(RichText(parsing: title).element(
                x: x, y: y, fontSize: style.axisTitleFontSize, anchor: id == "axis-z" ? "end" : "middle",
                attributes: [("class", "axis-title"),
                             ("transform", "rotate(" + c(rotation) + " " + c(x) + " " + c(y) + ")")]))
        }
        return .group(id: id, class: "axis " + id, children: children)
    }

    public func jsonValue() -> JSONValue {
        .object([
            ("kind", .string("plot3d")), ("view", .string(kind.rawValue)), ("title", .string(title)),
            ("xTitle", .string(xTitle)), ("yTitle", .string(yTitle)), ("zTitle", .string(zTitle)),
            ("colormap", .string(colormap.rawValue)), ("xEdges", .numbers(grid.xEdges)),
            ("yEdges", .numbers(grid.yEdges)), ("values", .numbers(grid.values)),
        ])
    }

    public func text() -> String {
        let finite = grid.values.filter(\.isFinite)
        return "3D \(kind.rawValue) plot" + (title.isEmpty ? "" : " \"" + RichText(parsing: title).plain + "\"") + "\n"
            + "  x: \(RichText(parsing: xTitle).plain) \(grid.nx) bins, y: \(RichText(parsing: yTitle).plain) \(grid.ny) bins\n"
            + "  z: \(RichText(parsing: zTitle).plain) min \(finite.min() ?? 0), max \(finite.max() ?? 0)\n"
    }
}
