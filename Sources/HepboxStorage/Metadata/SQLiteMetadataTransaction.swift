import GRDB
import HepboxCore

/// `MetadataWriting` over one GRDB connection inside a read or write transaction. Only used inside the closure the
/// store hands it to, so it never leaves the connection's queue.
struct SQLiteMetadataTransaction: MetadataWriting {
    let db: Database

    // MARK: nodes

    func node(id: NodeID) throws -> Node? {
        try Row.fetchOne(db, sql: "SELECT * FROM nodes WHERE id = ?", arguments: [id]).map(SQLiteRows.node)
    }

    func child(of parent: NodeID, named name: String) throws -> Node? {
        try Row.fetchOne(db, sql: "SELECT * FROM nodes WHERE parent_id = ? AND name = ?", arguments: [parent, name])
            .map(SQLiteRows.node)
    }

    func children(of parent: NodeID) throws -> [Node] {
        try Row.fetchAll(db, sql: "SELECT * FROM nodes WHERE parent_id = ? ORDER BY name", arguments: [parent])
            .map(SQLiteRows.node)
    }

    func rootNode(owner: String) throws -> Node? {
        try Row.fetchOne(db, sql: "SELECT * FROM nodes WHERE parent_id IS NULL AND owner = ?", arguments: [owner])
            .map(SQLiteRows.node)
    }

    func allNodes() throws -> [Node] {
        try Row.fetchAll(db, sql: "SELECT * FROM nodes ORDER BY id").map(SQLiteRows.node)
    }

    func referenceCount(blobID: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM nodes WHERE blob_id = ?) + (SELECT COUNT(*) FROM versions WHERE blob_id = ?)",
                         arguments: [blobID, blobID]) ?? 0
    }

    // MARK: app passwords

    func appPasswords(user: String?) throws -> [AppPasswordRecord] {
        let rows: [Row]
        if let user {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM app_passwords WHERE user = ? ORDER BY id", arguments: [user])
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM app_passwords ORDER BY id")
        }
        return rows.map(Self.appPassword)
    }

    func appPassword(tokenHash: String) throws -> AppPasswordRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM app_passwords WHERE token_hash = ?", arguments: [tokenHash]).map(Self.appPassword)
    }

    func insert(appPassword: AppPasswordRecord) throws -> AppPasswordRecord {
        try db.execute(sql: "INSERT INTO app_passwords (user, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [appPassword.user, appPassword.name, appPassword.tokenHash, appPassword.createdAt])
        var stored = appPassword
        stored.id = db.lastInsertedRowID
        return stored
    }

    func deleteAppPassword(id: Int64) throws {
        try db.execute(sql: "DELETE FROM app_passwords WHERE id = ?", arguments: [id])
    }

    private static func appPassword(_ row: Row) -> AppPasswordRecord {
        AppPasswordRecord(id: row["id"], user: row["user"], name: row["name"], tokenHash: row["token_hash"],
                          createdAt: row["created_at"])
    }

    // MARK: versions

    func versions(of node: NodeID) throws -> [FileVersion] {
        try Row.fetchAll(db, sql: "SELECT * FROM versions WHERE node_id = ? ORDER BY id DESC", arguments: [node])
            .map(SQLiteRows.version)
    }

    func version(id: Int64) throws -> FileVersion? {
        try Row.fetchOne(db, sql: "SELECT * FROM versions WHERE id = ?", arguments: [id]).map(SQLiteRows.version)
    }

    func insert(version: FileVersion) throws -> FileVersion {
        try db.execute(sql: """
            INSERT INTO versions (node_id, blob_id, size, mtime, etag, sha1, md5, adler32, replaced_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [version.nodeID, version.blobID, version.size, version.mtime, version.etag,
                             version.checksums?.sha1, version.checksums?.md5, version.checksums?.adler32,
                             version.replacedAt])
        var stored = version
        stored.id = db.lastInsertedRowID
        return stored
    }

    func deleteVersion(id: Int64) throws {
        try db.execute(sql: "DELETE FROM versions WHERE id = ?", arguments: [id])
    }

    func insert(_ node: NewNode) throws -> Node {
        try checkPlacement(parentID: node.parentID, owner: node.owner, name: node.name, excluding: nil)
        try db.execute(sql: """
            INSERT INTO nodes (parent_id, owner, name, kind, size, mtime, etag, blob_id, sha1, md5, adler32, content_type)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [node.parentID, node.owner, node.name, node.kind.rawValue, node.size, node.mtime, node.etag,
                             node.blobID, node.checksums?.sha1, node.checksums?.md5, node.checksums?.adler32,
                             node.contentType])
        return Node(id: db.lastInsertedRowID, parentID: node.parentID, owner: node.owner, name: node.name,
                    kind: node.kind, size: node.size, mtime: node.mtime, etag: node.etag, blobID: node.blobID,
                    checksums: node.checksums, contentType: node.contentType)
    }

    func update(_ node: Node) throws {
        guard try self.node(id: node.id) != nil else { throw HepboxError.notFound("node \(node.id)") }
        try checkPlacement(parentID: node.parentID, owner: node.owner, name: node.name, excluding: node.id)
        try db.execute(sql: """
            UPDATE nodes SET parent_id = ?, owner = ?, name = ?, kind = ?, size = ?, mtime = ?, etag = ?, blob_id = ?,
                sha1 = ?, md5 = ?, adler32 = ?, content_type = ?
            WHERE id = ?
            """, arguments: [node.parentID, node.owner, node.name, node.kind.rawValue, node.size, node.mtime, node.etag,
                             node.blobID, node.checksums?.sha1, node.checksums?.md5, node.checksums?.adler32,
                             node.contentType, node.id])
    }

    func deleteNode(id: NodeID) throws {
        try db.execute(sql: "DELETE FROM properties WHERE node_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM nodes WHERE id = ?", arguments: [id])
    }

    /// The same rules as the in-memory store, checked before the statement so both engines throw the same
    /// `HepboxError` (the unique indexes stay as the last line of defence).
    private func checkPlacement(parentID: NodeID?, owner: String, name: String, excluding: NodeID?) throws {
        if let parentID {
            guard try node(id: parentID) != nil else { throw HepboxError.notFound("parent node \(parentID)") }
            if let clash = try child(of: parentID, named: name), clash.id != excluding {
                throw HepboxError(.alreadyExists, "\(name) already exists in node \(parentID)")
            }
        } else if let clash = try rootNode(owner: owner), clash.id != excluding {
            throw HepboxError(.alreadyExists, "user \(owner) already has a root")
        }
    }

    // MARK: users

    func user(named name: String) throws -> UserRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(SQLiteRows.user)
    }

    func allUsers() throws -> [UserRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(SQLiteRows.user)
    }

    func upsert(user: UserRecord) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO users (name, display_name, email, password_hash, quota, is_admin, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [user.name, user.displayName, user.email, user.passwordHash, user.quota, user.isAdmin,
                             user.createdAt])
    }

    func deleteUser(named name: String) throws {
        try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
    }

    // MARK: dead properties

    func properties(of node: NodeID) throws -> [DeadProperty] {
        try Row.fetchAll(db, sql: "SELECT * FROM properties WHERE node_id = ? ORDER BY namespace, name",
                         arguments: [node])
            .map { DeadProperty(namespace: $0["namespace"], name: $0["name"], valueXML: $0["value_xml"]) }
    }

    func setProperty(_ property: DeadProperty, of node: NodeID) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO properties (node_id, namespace, name, value_xml) VALUES (?, ?, ?, ?)",
                       arguments: [node, property.namespace, property.name, property.valueXML])
    }

    func removeProperty(namespace: String, name: String, of node: NodeID) throws {
        try db.execute(sql: "DELETE FROM properties WHERE node_id = ? AND namespace = ? AND name = ?",
                       arguments: [node, namespace, name])
    }

    func copyProperties(from source: NodeID, to target: NodeID) throws {
        try db.execute(sql: "DELETE FROM properties WHERE node_id = ?", arguments: [target])
        try db.execute(sql: """
            INSERT INTO properties (node_id, namespace, name, value_xml)
            SELECT ?, namespace, name, value_xml FROM properties WHERE node_id = ?
            """, arguments: [target, source])
    }

    // MARK: locks

    func locks(treeOwner: String) throws -> [LockRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM locks WHERE tree_owner = ? ORDER BY path, token", arguments: [treeOwner])
            .map(SQLiteRows.lock)
    }

    func lock(token: String) throws -> LockRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM locks WHERE token = ?", arguments: [token]).map(SQLiteRows.lock)
    }

    func upsert(lock: LockRecord) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO locks (token, tree_owner, path, scope, deep, owner_xml, principal, timeout_seconds,
                expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [lock.token, lock.treeOwner, lock.path, lock.scope.rawValue, lock.deep, lock.ownerXML,
                             lock.principal, lock.timeoutSeconds, lock.expiresAt])
    }

    func deleteLock(token: String) throws {
        try db.execute(sql: "DELETE FROM locks WHERE token = ?", arguments: [token])
    }

    // MARK: blobs

    func blob(id: String) throws -> BlobRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM blobs WHERE id = ?", arguments: [id]).map(SQLiteRows.blob)
    }

    func allBlobs() throws -> [BlobRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM blobs ORDER BY id").map(SQLiteRows.blob)
    }

    func insert(blob: BlobRecord) throws {
        guard try self.blob(id: blob.id) == nil else { throw HepboxError(.alreadyExists, "blob \(blob.id) exists") }
        try db.execute(sql: """
            INSERT INTO blobs (id, size, sha1, md5, adler32, block_size, block_checksums, replicas)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [blob.id, blob.size, blob.checksums.sha1, blob.checksums.md5, blob.checksums.adler32,
                             blob.blockSize, SQLiteRows.encodeBlockChecksums(blob.blockChecksums),
                             SQLiteRows.encodeReplicas(blob.replicas)])
    }

    func update(blob: BlobRecord) throws {
        try db.execute(sql: """
            UPDATE blobs SET size = ?, sha1 = ?, md5 = ?, adler32 = ?, block_size = ?, block_checksums = ?, replicas = ?
            WHERE id = ?
            """, arguments: [blob.size, blob.checksums.sha1, blob.checksums.md5, blob.checksums.adler32, blob.blockSize,
                             SQLiteRows.encodeBlockChecksums(blob.blockChecksums),
                             SQLiteRows.encodeReplicas(blob.replicas), blob.id])
        guard db.changesCount > 0 else { throw HepboxError.notFound("blob \(blob.id)") }
    }

    func deleteBlob(id: String) throws {
        try db.execute(sql: "DELETE FROM blobs WHERE id = ?", arguments: [id])
    }
}
