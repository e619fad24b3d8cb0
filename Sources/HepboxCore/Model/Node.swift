import Foundation

public typealias NodeID = Int64

/// One entry of the namespace: a file or a folder owned by a user.
public struct Node: Sendable, Equatable {
    /// `mount` stands, in a recipient's tree, for a node someone shared (see `MountRecord`).
    public enum Kind: String, Sendable { case file, folder, mount }

    public var id: NodeID
    /// nil for a user's root folder.
    public var parentID: NodeID?
    public var owner: String
    /// NFC-normalised; empty for a root.
    public var name: String
    public var kind: Kind
    /// Bytes; recursive for folders.
    public var size: Int64
    /// Seconds since 1970; client-settable.
    public var mtime: Int64
    /// Unquoted; changes on every change of the node or of anything below it.
    public var etag: String
    /// The current content (files only).
    public var blobID: String?
    public var checksums: Checksums?
    public var contentType: String?

    public init(id: NodeID, parentID: NodeID?, owner: String, name: String, kind: Kind, size: Int64, mtime: Int64,
                etag: String, blobID: String? = nil, checksums: Checksums? = nil, contentType: String? = nil) {
        self.id = id
        self.parentID = parentID
        self.owner = owner
        self.name = name
        self.kind = kind
        self.size = size
        self.mtime = mtime
        self.etag = etag
        self.blobID = blobID
        self.checksums = checksums
        self.contentType = contentType
    }

    public var isFolder: Bool { kind == .folder }
}

/// A node before the store gave it an id.
public struct NewNode: Sendable, Equatable {
    public var parentID: NodeID?
    public var owner: String
    public var name: String
    public var kind: Node.Kind
    public var size: Int64
    public var mtime: Int64
    public var etag: String
    public var blobID: String?
    public var checksums: Checksums?
    public var contentType: String?

    public init(parentID: NodeID?, owner: String, name: String, kind: Node.Kind, size: Int64, mtime: Int64,
                etag: String, blobID: String? = nil, checksums: Checksums? = nil, contentType: String? = nil) {
        self.parentID = parentID
        self.owner = owner
        self.name = name
        self.kind = kind
        self.size = size
        self.mtime = mtime
        self.etag = etag
        self.blobID = blobID
        self.checksums = checksums
        self.contentType = contentType
    }
}
