import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Parses SVG text as XML (so a test fails if the SVG is not well-formed) and finds elements by
/// id/class the way the plot tests need.
struct SVGInspector {
    let document: XMLDocument

    init(_ svg: String) throws {
        document = try XMLDocument(xmlString: svg, options: [])
    }

    var root: XMLElement? { document.rootElement() }

    /// All elements in document order.
    func elements() -> [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement { result.append(element) }
            for child in node.children ?? [] { walk(child) }
        }
        if let root { walk(root) }
        return result
    }

    func element(id: String) -> XMLElement? {
        elements().first { Self.attribute($0, "id") == id }
    }

    /// Elements under `scope` (or the whole document) whose class list contains every name in `classes`.
    func elements(class classes: String, in scope: XMLElement? = nil) -> [XMLElement] {
        let wanted = classes.split(separator: " ").map(String.init)
        var result: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement {
                let have = (Self.attribute(element, "class") ?? "").split(separator: " ").map(String.init)
                if wanted.allSatisfy(have.contains) { result.append(element) }
            }
            for child in node.children ?? [] { walk(child) }
        }
        if let start = scope ?? root { walk(start) }
        return result
    }

    /// The tick labels (their markup, from `data-value`) of the major ticks of axis `id`.
    func majorTickLabels(axis id: String) -> [String] {
        guard let axis = element(id: id) else { return [] }
        return elements(class: "tick major", in: axis).compactMap { Self.attribute($0, "data-value") }
    }

    func minorTickCount(axis id: String) -> Int {
        guard let axis = element(id: id) else { return 0 }
        return elements(class: "tick minor", in: axis).count
    }

    /// Text content of every `<text>` under `scope`, scripts flattened.
    func texts(in scope: XMLElement?) -> [String] {
        guard let scope else { return [] }
        var result: [String] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement, element.name == "text" { result.append(element.stringValue ?? "") }
            else { for child in node.children ?? [] { walk(child) } }
        }
        walk(scope)
        return result
    }

    /// An attribute's value. (Looked up in `attributes`: FoundationXML's `attribute(forName:)` on Linux
    /// returns nil for attributes of elements in a default namespace, which every SVG has.)
    static func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }
}
