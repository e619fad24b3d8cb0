import Foundation

/// Favorites are marks of one user, not properties of a node: the recipients of a share and its owner each have
/// their own. Clients read and write them as the dead property `oc:favorite` (0 or 1), so a listing shows the
/// viewer's mark under that name and a PROPPATCH of it changes only the caller's mark (which needs only read
/// access: a read-only shared file can be a favorite).
public enum Favorites {
    public static let namespace = "http://owncloud.org/ns"
    public static let name = "favorite"

    static func isFavoriteProperty(namespace: String, name: String) -> Bool {
        namespace == Self.namespace && name == Self.name
    }

    /// The flag as a client sets it: `1` (or `true`) marks, anything else unmarks.
    static func isOn(_ valueXML: String) -> Bool {
        let value = valueXML.trimmingCharacters(in: .whitespacesAndNewlines)
        return value == "1" || value == "true"
    }

    /// `properties` as the viewer sees them: any stored flag replaced by the viewer's own mark.
    static func presented(_ properties: [DeadProperty], favorite: Bool) -> [DeadProperty] {
        var out = properties.filter { !isFavoriteProperty(namespace: $0.namespace, name: $0.name) }
        if favorite { out.append(DeadProperty(namespace: namespace, name: name, valueXML: "1")) }
        return out
    }
}
