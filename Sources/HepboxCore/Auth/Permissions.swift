/// What a principal may do with a node, as `oc:permissions` letters show it.
public struct Permissions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let read = Permissions(rawValue: 1 << 0)
    public static let write = Permissions(rawValue: 1 << 1)
    public static let create = Permissions(rawValue: 1 << 2)
    public static let delete = Permissions(rawValue: 1 << 3)
    public static let rename = Permissions(rawValue: 1 << 4)
    public static let move = Permissions(rawValue: 1 << 5)
    public static let share = Permissions(rawValue: 1 << 6)
    public static let shared = Permissions(rawValue: 1 << 7)
    public static let mounted = Permissions(rawValue: 1 << 8)

    public static let owner: Permissions = [.read, .write, .create, .delete, .rename, .move, .share]

    /// The letters clients read: own file `RGDNVW`, own folder `RGDNVCK`.
    public func ownCloudLetters(isFolder: Bool) -> String {
        var s = ""
        if contains(.shared) { s += "S" }
        if contains(.share) { s += "R" }
        if contains(.mounted) { s += "M" }
        if contains(.read) { s += "G" }
        if contains(.delete) { s += "D" }
        if contains(.rename) { s += "N" }
        if contains(.move) { s += "V" }
        if isFolder {
            if contains(.create) { s += "CK" }
        } else if contains(.write) {
            s += "W"
        }
        return s
    }
}
