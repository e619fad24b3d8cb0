/// What a client said about an upload besides the bytes.
public struct UploadOptions: Sendable {
    /// Client mtime (`X-OC-Mtime`), seconds.
    public var mtime: Int64?
    /// `OC-Checksum` to verify the bytes against.
    public var checksum: ClaimedChecksum?
    /// Announced length (`Content-Length` / `OC-Total-Length`), checked against the quota up front.
    public var expectedLength: Int64?
    public var contentType: String?
    public var conditions: Preconditions

    public init(mtime: Int64? = nil, checksum: ClaimedChecksum? = nil, expectedLength: Int64? = nil,
                contentType: String? = nil, conditions: Preconditions = Preconditions()) {
        self.mtime = mtime
        self.checksum = checksum
        self.expectedLength = expectedLength
        self.contentType = contentType
        self.conditions = conditions
    }
}

/// `If-Match` / `If-None-Match` on the target, evaluated before the bytes are read and again in the commit, so a
/// concurrent writer cannot slip in between.
public struct Preconditions: Sendable {
    /// Unquoted etags, or ["*"].
    public var ifMatch: [String]?
    public var ifNoneMatch: [String]?

    public init(ifMatch: [String]? = nil, ifNoneMatch: [String]? = nil) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
    }

    public func check(_ node: Node?) throws {
        if let ifMatch {
            guard let node, ifMatch.contains("*") || ifMatch.contains(node.etag) else {
                throw HepboxError(.preconditionFailed, "If-Match: the target's etag does not match")
            }
        }
        if let ifNoneMatch, let node, ifNoneMatch.contains("*") || ifNoneMatch.contains(node.etag) {
            throw HepboxError(.preconditionFailed, "If-None-Match: the target exists")
        }
    }
}

public struct UploadResult: Sendable {
    public var node: Node
    public var created: Bool
    /// The uploader's rights on the file (`OC-Perm`), as checked for the upload.
    public var permissions: Permissions
}
