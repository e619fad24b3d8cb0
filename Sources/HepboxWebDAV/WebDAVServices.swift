import HepboxCore

/// What the WebDAV front end needs: domain services and a few protocol settings.
public struct WebDAVServices: Sendable {
    public var files: FileService
    public var locks: LockService
    public var users: UserDirectory
    public var settings: WebDAVSettings

    public init(files: FileService, locks: LockService, users: UserDirectory, settings: WebDAVSettings) {
        self.files = files
        self.locks = locks
        self.users = users
        self.settings = settings
    }
}

public struct WebDAVSettings: Sendable {
    /// Answer `PROPFIND Depth: infinity` (off by default: it is costly and the sync clients never use it).
    public var allowInfiniteDepth: Bool
    /// Largest XML request body (PROPFIND, PROPPATCH, LOCK), bytes.
    public var maxXMLBodyBytes: Int

    public init(allowInfiniteDepth: Bool = false, maxXMLBodyBytes: Int = 1 << 20) {
        self.allowInfiniteDepth = allowInfiniteDepth
        self.maxXMLBodyBytes = maxXMLBodyBytes
    }
}
