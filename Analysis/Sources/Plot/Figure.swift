/// Anything that can show itself as plain text, JSON, SVG and an HTML fragment (notebooks, web UI).
public protocol RichRepresentable {
    func text() -> String
    func json() -> String
    func svg() throws -> String
    func html() throws -> String
}

/// A plot: builds its SVG tree; rendering to text formats and PNG comes with it.
public protocol Figure: RichRepresentable, Sendable {
    var style: PlotStyle { get }
    func svgDocument() throws -> SVGElement
    /// A machine-readable description of what is drawn.
    func jsonValue() -> JSONValue
}

public enum ImageFormat: String, Sendable {
    case svg
    case png
    case html

    /// The format named by a path's extension (`.svg`, `.png`, `.html`/`.htm`).
    public init(path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") { self = .svg }
        else if lower.hasSuffix(".png") { self = .png }
        else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { self = .html }
        else { throw PlotError.invalidInput("output \(path): the name must end in .svg, .png or .html") }
    }
}

extension Figure {
    public func svg() throws -> String { SVGDocument.render(try svgDocument()) }

    public func json() -> String { jsonValue().text }

    /// The SVG inline in a `<figure>` (no XML declaration), scaling down to narrow containers.
    public func html() throws -> String {
        let svg = try self.svg()
        var body = svg.hasPrefix("<?xml") ? String(svg[svg.index(after: svg.firstIndex(of: "\n") ?? svg.startIndex)...]) : svg
        if body.hasPrefix("<svg ") {
            body = "<svg style=\"max-width:100%;height:auto\" " + body.dropFirst("<svg ".count)
        }
        return "<figure class=\"hepbox-plot\">\n" + body + "</figure>\n"
    }

    /// PNG bytes (librsvg + cairo); `scale` 2 doubles the resolution for print.
    public func png(scale: Double = 1) throws -> [UInt8] {
        try PNGRasterizer.png(svg: svg(), width: style.width, height: style.height, scale: scale)
    }

    /// Writes the figure to `path` in the format its extension names.
    public func write(to path: String, scale: Double = 1) throws {
        switch try ImageFormat(path: path) {
        case .png:
            try PNGRasterizer.writePNG(svg: svg(), width: style.width, height: style.height, scale: scale, to: path)
        case .svg: try FileText.write(svg(), to: path)
        case .html: try FileText.write(html(), to: path)
        }
    }
}
