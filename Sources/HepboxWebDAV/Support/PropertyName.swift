/// A property's qualified name and how it is written in answers.
struct PropertyName: Hashable, Sendable {
    var namespace: String
    var name: String

    static func dav(_ name: String) -> PropertyName { PropertyName(namespace: DAVNamespace.dav, name: name) }
    static func oc(_ name: String) -> PropertyName { PropertyName(namespace: DAVNamespace.owncloud, name: name) }

    /// Prefixes declared once on the multistatus root.
    static let prefixes = [DAVNamespace.dav: "d", DAVNamespace.owncloud: "oc", DAVNamespace.nextcloud: "nc"]

    /// `element(inner)` appended to `out` piece by piece.
    func append(_ inner: String?, to out: inout XMLBytes) {
        let prefix: String
        switch namespace {  // `prefixes` without hashing the namespace for every element
        case DAVNamespace.dav: prefix = "d"
        case DAVNamespace.owncloud: prefix = "oc"
        case DAVNamespace.nextcloud: prefix = "nc"
        default:
            out += element(inner)
            return
        }
        out += "<"
        out += prefix
        out += ":"
        out += name
        guard let inner, !inner.isEmpty else {
            out += "/>"
            return
        }
        out += ">"
        out += inner
        out += "</"
        out += prefix
        out += ":"
        out += name
        out += ">"
    }

    /// An element with this name and the given inner XML (or empty).
    func element(_ inner: String?) -> String {
        if let prefix = Self.prefixes[namespace] {
            guard let inner, !inner.isEmpty else { return "<\(prefix):\(name)/>" }
            return "<\(prefix):\(name)>\(inner)</\(prefix):\(name)>"
        }
        let open = namespace.isEmpty ? "\(name) xmlns=\"\"" : "x:\(name) xmlns:x=\"\(XMLText.escapeAttribute(namespace))\""
        let close = namespace.isEmpty ? name : "x:\(name)"
        guard let inner, !inner.isEmpty else { return "<\(open)/>" }
        return "<\(open)>\(inner)</\(close)>"
    }
}
