import Foundation
import GRDB
import HepboxCore

/// Row ↔ record mapping for the SQLite store, kept apart from the queries so both stay short.
enum SQLiteRows {
    /// The columns `node(_:)` decodes, by position: looking columns up by name costs more than the rest of the
    /// decoding in large listings.
    static let nodeColumns = "id, parent_id, owner, name, kind, size, mtime, etag, blob_id, sha1, md5, adler32, content_type"

    static let nodeColumnCount = nodeColumns.split(separator: ",").count

    /// A column list qualified with a table alias, for joins.
    static func columns(_ list: String, of table: String) -> String {
        list.split(separator: ",").map { "\(table).\($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ")
    }

    /// Nodes with their blob records, for a `WHERE` on `n`: LEFT JOIN, so folders and mounts come with none.
    static let nodesWithBlobs = """
        SELECT \(columns(nodeColumns, of: "n")), \(columns(blobColumns, of: "b"))
        FROM nodes n LEFT JOIN blobs b ON b.id = n.blob_id
        """

    /// A row of `nodesWithBlobs`.
    static func nodeWithBlob(_ row: RawRow) throws -> (node: Node, blob: BlobRecord?) {
        let blobStart = Int32(nodeColumnCount)
        return (try node(row), row.isNull(blobStart) ? nil : blob(row.shifted(by: blobStart)))
    }

    static func node(_ row: RawRow) throws -> Node {
        let kind: Node.Kind
        switch row.text(4) {
        case "file": kind = .file
        case "folder": kind = .folder
        case "mount": kind = .mount
        case let other: throw HepboxError(.corrupt, "node \(row.int64(0)) has unknown kind \(other)")
        }
        var sums: Checksums?
        if let sha1 = row.optionalText(9), let md5 = row.optionalText(10), let adler = row.optionalText(11) {
            sums = Checksums(sha1: sha1, md5: md5, adler32: adler)
        }
        return Node(id: row.int64(0), parentID: row.optionalInt64(1), owner: row.text(2), name: row.text(3), kind: kind,
                    size: row.int64(5), mtime: row.int64(6), etag: row.text(7), blobID: row.optionalText(8),
                    checksums: sums, contentType: row.optionalText(12))
    }

    /// The columns `version(_:)` decodes, by position.
    static let versionColumns = "id, node_id, blob_id, size, mtime, etag, sha1, md5, adler32, replaced_at"

    static func version(_ row: RawRow) -> FileVersion {
        var sums: Checksums?
        if let sha1 = row.optionalText(6), let md5 = row.optionalText(7), let adler = row.optionalText(8) {
            sums = Checksums(sha1: sha1, md5: md5, adler32: adler)
        }
        return FileVersion(id: row.int64(0), nodeID: row.int64(1), blobID: row.optionalText(2), size: row.int64(3),
                           mtime: row.int64(4), etag: row.text(5), checksums: sums, replacedAt: row.int64(9))
    }

    /// The columns `user(_:)` decodes, by position.
    static let userColumns = "name, display_name, email, password_hash, quota, is_admin, created_at"

    static func user(_ row: RawRow) -> UserRecord {
        UserRecord(name: row.text(0), displayName: row.text(1), email: row.optionalText(2), passwordHash: row.text(3),
                   quota: row.optionalInt64(4), isAdmin: row.bool(5), createdAt: row.int64(6))
    }

    /// The columns `lock(_:)` decodes, by position.
    static let lockColumns = "token, tree_owner, path, scope, deep, owner_xml, principal, timeout_seconds, expires_at"

    static func lock(_ row: RawRow) throws -> LockRecord {
        let scopeText = row.text(3)
        guard let scope = LockRecord.Scope(rawValue: scopeText) else {
            throw HepboxError(.corrupt, "lock has unknown scope \(scopeText)")
        }
        return LockRecord(token: row.text(0), treeOwner: row.text(1), path: row.text(2), scope: scope,
                          deep: row.bool(4), ownerXML: row.text(5), principal: row.text(6),
                          timeoutSeconds: row.int64(7), expiresAt: row.int64(8))
    }

    /// The columns `blob(_:)` decodes, by position (like `nodeColumns`).
    static let blobColumns = "id, size, sha1, md5, adler32, block_size, block_checksums, replicas"

    static func blob(_ row: RawRow) -> BlobRecord {
        BlobRecord(id: row.text(0), size: row.int64(1),
                   checksums: Checksums(sha1: row.text(2), md5: row.text(3), adler32: row.text(4)),
                   blockSize: row.int(5), blockChecksums: decodeBlockChecksums(row.data(6)),
                   replicas: row.text(7).split(separator: ",").map(String.init))
    }

    /// Block checksums are stored as little-endian UInt32s: 4 bytes per MiB of content instead of a text list.
    static func encodeBlockChecksums(_ sums: [UInt32]) -> Data {
        var data = Data(capacity: sums.count * 4)
        for sum in sums {
            withUnsafeBytes(of: sum.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decodeBlockChecksums(_ data: Data) -> [UInt32] {
        var sums: [UInt32] = []
        sums.reserveCapacity(data.count / 4)
        let bytes = [UInt8](data)
        var index = 0
        while index + 4 <= bytes.count {
            sums.append(UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                        | UInt32(bytes[index + 3]) << 24)
            index += 4
        }
        return sums
    }

    /// Storage node identities are hex, so a comma never occurs inside one.
    static func encodeReplicas(_ replicas: [String]) -> String { replicas.joined(separator: ",") }
}
