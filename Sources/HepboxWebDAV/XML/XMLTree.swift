import Foundation
import HepboxCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element with resolved namespaces. Request bodies are small (PROPFIND, PROPPATCH, LOCK), so a tree
/// is the simplest faithful model.
public final class XMLNode: @unchecked Sendable {
    public let namespace: String
    public let name: String
    public var children: [XMLNode] = []
    public var text = ""
    /// Prefix → namespace declarations in scope where this element started (to re-serialise values faithfully).
    var attributes: [String: String] = [:]

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public func child(_ namespace: String, _ name: String) -> XMLNode? {
        children.first { $0.namespace == namespace && $0.name == name }
    }

    public func children(_ namespace: String, _ name: String) -> [XMLNode] {
        children.filter { $0.namespace == namespace && $0.name == name }
    }

    public func isElement(_ namespace: String, _ name: String) -> Bool { self.namespace == namespace && self.name == name }

    /// The element's content re-serialised with explicit namespace declarations, for storing dead properties.
    public func innerXML() -> String {
        var out = XMLText.escape(text)
        for child in children { out += child.outerXML() }
        return out
    }

    func outerXML() -> String {
        let tag = "x:" + name
        var attrs = namespace.isEmpty ? "" : " xmlns:x=\"\(XMLText.escapeAttribute(namespace))\""
        if namespace.isEmpty {
            // An element in no namespace: write it unprefixed and reset the default namespace.
            var plainAttrs = " xmlns=\"\""
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                plainAttrs += " \(key)=\"\(XMLText.escapeAttribute(value))\""
            }
            return "<\(name)\(plainAttrs)>\(innerXML())</\(name)>"
        }
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            attrs += " \(key)=\"\(XMLText.escapeAttribute(value))\""
        }
        return "<\(tag)\(attrs)>\(innerXML())</\(tag)>"
    }
}

/// Parses request bodies. Refuses DTDs and entity declarations outright (no entity expansion, no external
/// fetches), tolerates stray text between elements (owncloudcmd sends some).
public enum XMLBodyParser {
    public static func parse(_ data: Data) throws -> XMLNode {
        if containsDoctype(data) {
            throw HepboxError.badRequest("XML bodies with a DOCTYPE or entity declarations are refused")
        }
        if let prefix = emptyPrefixBinding(data) {
            throw HepboxError.badRequest("the XML body binds the prefix '\(prefix)' to an empty namespace")
        }
        let delegate = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        if let prefix = delegate.invalidPrefix {
            throw HepboxError.badRequest("the XML body binds the prefix '\(prefix)' to an empty namespace")
        }
        // libxml2 through XMLParser reports success for some truncated or mismatched documents: an element left
        // open (or closed by the wrong end tag) is still on the stack, so refuse those ourselves.
        if parsed, !delegate.stack.isEmpty || delegate.mismatched {
            throw HepboxError.badRequest("the XML body is not well-formed: an element is not closed (line \(parser.lineNumber))")
        }
        guard parsed, let root = delegate.root else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw HepboxError.badRequest("the XML body is not well-formed (line \(parser.lineNumber)): \(reason)")
        }
        return root
    }

    /// Namespaces in XML 1.0 forbids `xmlns:p=""`; libxml2 lets it through, so look for it in the text.
    static func emptyPrefixBinding(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let regex = try? NSRegularExpression(pattern: #"xmlns:([A-Za-z_][A-Za-z0-9._-]*)\s*=\s*(""|'')"#) else { return nil }
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    static func containsDoctype(_ data: Data) -> Bool {
        let markers: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { return false }
        for start in 0..<(bytes.count - 7) where bytes[start] == UInt8(ascii: "<") && bytes[start + 1] == UInt8(ascii: "!") {
            for marker in markers where start + marker.count <= bytes.count {
                var match = true
                for (offset, expected) in marker.enumerated() {
                    let b = bytes[start + offset]
                    let upper = (b >= 97 && b <= 122) ? b - 32 : b
                    if upper != expected { match = false; break }
                }
                if match { return true }
            }
        }
        return false
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    var invalidPrefix: String?
    var mismatched = false

    /// Namespaces in XML 1.0 forbids binding a prefix to the empty name (only the default namespace may be reset).
    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        if !prefix.isEmpty && namespaceURI.isEmpty {
            invalidPrefix = prefix
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = XMLNode(namespace: namespaceURI ?? "", name: elementName)
        node.attributes = attributeDict.filter { !$0.key.hasPrefix("xmlns") }
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let open = stack.popLast(), open.name == elementName, open.namespace == (namespaceURI ?? "") else {
            mismatched = true
            parser.abortParsing()
            return
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        parser.abortParsing()
    }
}
