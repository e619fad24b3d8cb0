import Foundation

/// Assembles the `<svg>` root and writes it out.
enum SVGDocument {
    /// Stands in for the document's unique id prefix in `clipPath`/gradient ids until the text is
    /// final; it is then replaced by a hash of the document, so equal plots give equal bytes and
    /// different plots inlined into one HTML page do not share ids.
    static let idToken = "@@plot@@"

    static func root(style: PlotStyle, title: String, kind: String, children: [SVGElement]) -> SVGElement {
        var elements: [SVGElement] = [
            SVGElement("title", text: RichText(parsing: title).plain),
            SVGElement("rect", [("class", "background"), ("x", "0"), ("y", "0"),
                                ("width", SVGNumber.coordinate(style.width)),
                                ("height", SVGNumber.coordinate(style.height)), ("fill", "#ffffff")]),
        ]
        elements += children
        return SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
            ("width", SVGNumber.coordinate(style.width)), ("height", SVGNumber.coordinate(style.height)),
            ("viewBox", "0 0 " + SVGNumber.coordinate(style.width) + " " + SVGNumber.coordinate(style.height)),
            ("class", "hepbox-plot " + kind), ("font-family", style.fontFamily),
        ], children: elements)
    }

    /// Standalone SVG text (with XML declaration).
    static func render(_ root: SVGElement) -> String {
        var body = root.xml
        let hash = fnv1a(body)
        body = body.replacingOccurrences(of: idToken, with: "p" + String(hash, radix: 16))
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body
    }

    static func clipID(_ name: String) -> String { idToken + "-" + name }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash & 0xFFFF_FFFF
    }
}
