/// A minimal SVG/XML element tree. Attributes keep insertion order, so output is byte-for-byte
/// deterministic; all text and attribute values are escaped when written.
public struct SVGElement: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    /// Text content (escaped on output). Elements with text have no children.
    public var text: String?

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// A `<g>` group with an optional id and class, the unit tests and CSS look for.
    static func group(id: String? = nil, class className: String? = nil, _ extra: [(String, String)] = [],
                      children: [SVGElement]) -> SVGElement {
        var attributes: [(String, String)] = []
        if let id { attributes.append(("id", id)) }
        if let className { attributes.append(("class", className)) }
        attributes += extra
        return SVGElement("g", attributes, children: children)
    }

    func write(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        out += pad + "<" + name
        for (key, value) in attributes {
            out += " " + key + "=\"" + XMLEscape.text(value) + "\""
        }
        if let text {
            out += ">" + XMLEscape.text(text) + "</" + name + ">\n"
        } else if children.isEmpty {
            out += "/>\n"
        } else if name == "text" {
            // Whitespace between <tspan>s would render as spaces, so text content stays on one line.
            out += ">"
            for child in children { out += child.xml.dropLast() }
            out += "</" + name + ">\n"
        } else {
            out += ">\n"
            for child in children { child.write(into: &out, indent: indent + 1) }
            out += pad + "</" + name + ">\n"
        }
    }

    /// The element and its subtree as XML text.
    public var xml: String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }
}
