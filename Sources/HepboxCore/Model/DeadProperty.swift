/// A property a client stored with PROPPATCH: namespace, local name and the XML of its value.
public struct DeadProperty: Sendable, Equatable, Hashable {
    public var namespace: String
    public var name: String
    /// The inner XML of the property element, as the client sent it (namespaces declared inline).
    public var valueXML: String

    public init(namespace: String, name: String, valueXML: String) {
        self.namespace = namespace
        self.name = name
        self.valueXML = valueXML
    }
}
