import Foundation
import GRDB
import HepboxCore

/// Row ↔ record mapping for the SQLite store, kept apart from the queries so both stay short.
enum SQLiteRows {
    static func node(_ row: Row) throws -> Node {
        let kindText: String = row["kind"]
        guard let kind = Node.Kind(rawValue: kindText) else {
            throw HepboxError(.corrupt, "node \(row["id"] as Int64) has unknown kind \(kindText)")
        }
        var sums: Checksums?
        if let sha1: String = row["sha1"], let md5: String = row["md5"], let adler: String = row["adler32"] {
            sums = Checksums(sha1: sha1, md5: md5, adler32: adler)
        }
        return Node(id: row["id"], parentID: row["parent_id"], owner: row["owner"], name: row["name"], kind: kind,
                    size: row["size"], mtime: row["mtime"], etag: row["etag"], blobID: row["blob_id"],
                    checksums: sums, contentType: row["content_type"])
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

    static func blob(_ row: Row) -> BlobRecord {
        let blocks: Data = row["block_checksums"]
        let replicas: String = row["replicas"]
        return BlobRecord(id: row["id"], size: row["size"],
                          checksums: Checksums(sha1: row["sha1"], md5: row["md5"], adler32: row["adler32"]),
                          blockSize: row["block_size"], blockChecksums: decodeBlockChecksums(blocks),
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
