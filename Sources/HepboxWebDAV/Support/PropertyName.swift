/// A property's qualified name and how it is written in answers.
struct PropertyName: Hashable, Sendable {
    let namespace: String
    let name: String
    /// `<d:name>`, `</d:name>` and `<d:name/>` for the namespaces declared on the multistatus root (nil for others),
    /// built once per name: a listing writes them for every entry.
    private let tags: (open: String, close: String, empty: String)?

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
        tags = Self.prefixes[namespace].map { prefix in ("<\(prefix):\(name)>", "</\(prefix):\(name)>", "<\(prefix):\(name)/>") }
    }

    static func == (lhs: PropertyName, rhs: PropertyName) -> Bool { lhs.namespace == rhs.namespace && lhs.name == rhs.name }

    func hash(into hasher: inout Hasher) {
        hasher.combine(namespace)
        hasher.combine(name)
    }

    static func dav(_ name: String) -> PropertyName { PropertyName(namespace: DAVNamespace.dav, name: name) }
    static func oc(_ name: String) -> PropertyName { PropertyName(namespace: DAVNamespace.owncloud, name: name) }

    /// Prefixes declared once on the multistatus root.
    static let prefixes = [DAVNamespace.dav: "d", DAVNamespace.owncloud: "oc", DAVNamespace.nextcloud: "nc"]

    /// The element with this name and `value` appended to `out` piece by piece.
    func append(_ value: PropertyValue, to out: inout XMLBytes) {
        guard let tags else {
            out += element(value.xml)
            return
        }
        if value.isEmpty {
            out += tags.empty
            return
        }
        out += tags.open
        value.write(to: &out)
        out += tags.close
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
