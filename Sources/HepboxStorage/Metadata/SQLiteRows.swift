import Foundation
import GRDB
import HepboxCore

/// Row ↔ record mapping for the SQLite store, kept apart from the queries so both stay short.
enum SQLiteRows {
    /// The columns `node(_:)` decodes, by position: looking columns up by name costs more than the rest of the
    /// decoding in large listings.
    static let nodeColumns = "id, parent_id, owner, name, kind, size, mtime, etag, blob_id, sha1, md5, adler32, content_type"

    static func node(_ row: Row) throws -> Node {
        let kindText: String = row[4]
        let kind: Node.Kind
        switch kindText {
        case "file": kind = .file
        case "folder": kind = .folder
        case "mount": kind = .mount
        default: throw HepboxError(.corrupt, "node \(row[0] as Int64) has unknown kind \(kindText)")
        }
        var sums: Checksums?
        if let sha1: String = row[9], let md5: String = row[10], let adler: String = row[11] {
            sums = Checksums(sha1: sha1, md5: md5, adler32: adler)
        }
        return Node(id: row[0], parentID: row[1], owner: row[2], name: row[3], kind: kind,
                    size: row[5], mtime: row[6], etag: row[7], blobID: row[8],
                    checksums: sums, contentType: row[12])
    }

    static func version(_ row: Row) -> FileVersion {
        var sums: Checksums?
        if let sha1: String = row["sha1"], let md5: String = row["md5"], let adler: String = row["adler32"] {
            sums = Checksums(sha1: sha1, md5: md5, adler32: adler)
        }
        return FileVersion(id: row["id"], nodeID: row["node_id"], blobID: row["blob_id"], size: row["size"],
                           mtime: row["mtime"], etag: row["etag"], checksums: sums, replacedAt: row["replaced_at"])
    }

    static func user(_ row: Row) -> UserRecord {
        UserRecord(name: row["name"], displayName: row["display_name"], email: row["email"],
                   passwordHash: row["password_hash"], quota: row["quota"], isAdmin: row["is_admin"],
                   createdAt: row["created_at"])
    }

    static func lock(_ row: Row) throws -> LockRecord {
        let scopeText: String = row["scope"]
        guard let scope = LockRecord.Scope(rawValue: scopeText) else {
            throw HepboxError(.corrupt, "lock has unknown scope \(scopeText)")
        }
        return LockRecord(token: row["token"], treeOwner: row["tree_owner"], path: row["path"], scope: scope,
                          deep: row["deep"], ownerXML: row["owner_xml"], principal: row["principal"],
                          timeoutSeconds: row["timeout_seconds"], expiresAt: row["expires_at"])
    }

    /// The columns `blob(_:)` decodes, by position (like `nodeColumns`).
    static let blobColumns = "id, size, sha1, md5, adler32, block_size, block_checksums, replicas"

    static func blob(_ row: Row) -> BlobRecord {
        let blocks: Data = row[6]
        let replicas: String = row[7]
        return BlobRecord(id: row[0], size: row[1],
                          checksums: Checksums(sha1: row[2], md5: row[3], adler32: row[4]),
                          blockSize: row[5], blockChecksums: decodeBlockChecksums(blocks),
                          replicas: replicas.split(separator: ",").map(String.init))
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
