import GRDB
import HepboxCore

/// `MetadataWriting` over one GRDB connection inside a read or write transaction. Only used inside the closure the
/// store hands it to, so it never leaves the connection's queue.
struct SQLiteMetadataTransaction: MetadataWriting {
    private let connection: Database
    /// Set for reads that may be answered from the store's cache (see `SQLiteCachedRead`).
    private let cachedRead: SQLiteCachedRead?

    init(db: Database, cachedRead: SQLiteCachedRead? = nil) {
        connection = db
        self.cachedRead = cachedRead
    }

    /// The connection for the next statement (a cached read decides there whether it needs a transaction).
    var db: Database {
        get throws {
            try cachedRead?.prepareQuery(on: connection)
            return connection
        }
    }

    /// A node lookup through the cache: answered from it when it can, remembered after the query otherwise.
    private func cachedNode(_ key: SQLiteReadCache.Key, _ query: () throws -> Node?) throws -> Node? {
        guard let cachedRead else { return try query() }
        if let hit = try cachedRead.lookup(key)?.node { return hit }
        let node = try query()
        try cachedRead.remember(.node(node), for: key)
        return node
    }

    // MARK: nodes

    /// The first node a query returns, decoded in place from the statement (no intermediate row copy).
    private func firstNode(_ sql: String, _ arguments: StatementArguments) throws -> Node? {
        try db.firstRow(sql, arguments, SQLiteRows.node)
    }

    func node(id: NodeID) throws -> Node? {
        try cachedNode(.node(id)) { try firstNode(SQL.nodeByID, [id]) }
    }

    func child(of parent: NodeID, named name: String) throws -> Node? {
        guard let cachedRead else { return try firstNode(SQL.childByName, [parent, name]) }
        let key = SQLiteReadCache.Key.child(parent: parent, name: name)
        if let hit = try cachedRead.lookup(key)?.node { return hit }
        if let answer = try childFromListing(of: parent, named: name, cachedRead: cachedRead) { return answer }
        // A file's blob record comes in the same statement: resolving a file for a GET asks for it next.
        let found = try db.firstRow(SQL.childWithBlob, [parent, name], SQLiteRows.nodeWithBlob)
        try cachedRead.remember(.node(found?.node), for: key)
        if let blob = found?.blob { try cachedRead.remember(.blob(blob), for: .blob(blob.id)) }
        return found?.node
    }

    func children(of parent: NodeID) throws -> [Node] {
        try db.allRows(SQL.children, [parent], SQLiteRows.node)
    }

    func rootNode(owner: String) throws -> Node? {
        try cachedNode(.root(owner: owner)) { try firstNode(SQL.root, [owner]) }
    }

    func nodes(after: NodeID, limit: Int) throws -> [Node] {
        try db.allRows(SQL.nodesAfter, [after, limit], SQLiteRows.node)
    }

    func sizeOfChildren(of parent: NodeID) throws -> Int64 {
        try db.firstRow(SQL.sizeOfChildren, [parent]) { $0.int64(0) } ?? 0
    }

    func referenceCount(blobID: String) throws -> Int {
        try db.firstRow(SQL.referenceCount, [blobID, blobID]) { Int($0.int64(0)) } ?? 0
    }

    // MARK: app passwords

    func appPasswords(user: String?) throws -> [AppPasswordRecord] {
        let rows: [Row]
        if let user {
            rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM app_passwords WHERE user = ? ORDER BY id"), arguments: [user])
        } else {
            rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM app_passwords ORDER BY id"))
        }
        return rows.map(Self.appPassword)
    }

    func appPassword(tokenHash: String) throws -> AppPasswordRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM app_passwords WHERE token_hash = ?"), arguments: [tokenHash]).map(Self.appPassword)
    }

    func insert(appPassword: AppPasswordRecord) throws -> AppPasswordRecord {
        try db.cachedStatement(sql: "INSERT INTO app_passwords (user, name, token_hash, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [appPassword.user, appPassword.name, appPassword.tokenHash, appPassword.createdAt])
        var stored = appPassword
        stored.id = try db.lastInsertedRowID
        return stored
    }

    func deleteAppPassword(id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM app_passwords WHERE id = ?").execute(arguments: [id])
    }

    private static func appPassword(_ row: Row) -> AppPasswordRecord {
        AppPasswordRecord(id: row["id"], user: row["user"], name: row["name"], tokenHash: row["token_hash"],
                          createdAt: row["created_at"])
    }

    // MARK: versions

    func versions(of node: NodeID) throws -> [FileVersion] {
        try db.allRows("SELECT \(SQLiteRows.versionColumns) FROM versions WHERE node_id = ? ORDER BY id DESC", [node],
                       SQLiteRows.version)
    }

    func versions(owner: String) throws -> [FileVersion] {
        // From the versions' side: nodes are looked up by key, so this scans the versions, not the namespace.
        try db.allRows("""
            SELECT \(SQLiteRows.versionColumns) FROM versions
            WHERE (SELECT owner FROM nodes WHERE nodes.id = versions.node_id) = ? ORDER BY id
            """, [owner], SQLiteRows.version)
    }

    func versionBytesByOwner() throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for (owner, bytes) in try db.allRows("""
            SELECT nodes.owner, SUM(versions.size) FROM versions JOIN nodes ON nodes.id = versions.node_id
            GROUP BY nodes.owner
            """, [], { row in (row.text(0), row.int64(1)) }) {
            out[owner] = bytes
        }
        return out
    }

    func version(id: Int64) throws -> FileVersion? {
        try db.firstRow("SELECT \(SQLiteRows.versionColumns) FROM versions WHERE id = ?", [id], SQLiteRows.version)
    }

    func insert(version: FileVersion) throws -> FileVersion {
        try db.cachedStatement(sql: """
            INSERT INTO versions (node_id, blob_id, size, mtime, etag, sha1, md5, adler32, replaced_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [version.nodeID, version.blobID, version.size, version.mtime, version.etag,
                             version.checksums?.sha1, version.checksums?.md5, version.checksums?.adler32,
                             version.replacedAt])
        var stored = version
        stored.id = try db.lastInsertedRowID
        return stored
    }

    func deleteVersion(id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM versions WHERE id = ?").execute(arguments: [id])
    }

    func insert(_ node: NewNode) throws -> Node {
        // One statement instead of three lookups and an insert (a new file's upload makes one): the row is only
        // inserted when its parent exists, and a clash trips a unique index. Both give the in-memory store's errors.
        do {
            try db.cachedStatement(sql: SQL.insertNode).execute(arguments: [
                node.parentID, node.owner, node.name, node.kind.rawValue, node.size, node.mtime, node.etag,
                node.blobID, node.checksums?.sha1, node.checksums?.md5, node.checksums?.adler32, node.contentType,
                node.parentID, node.parentID])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            guard let parentID = node.parentID else { throw HepboxError(.alreadyExists, "user \(node.owner) already has a root") }
            throw HepboxError(.alreadyExists, "\(node.name) already exists in node \(parentID)")
        }
        // Nothing inserted: the parent is missing (a root, without one, is always inserted).
        guard try db.changesCount > 0 else { throw HepboxError.notFound("parent node \(node.parentID ?? 0)") }
        return Node(id: try db.lastInsertedRowID, parentID: node.parentID, owner: node.owner, name: node.name,
                    kind: node.kind, size: node.size, mtime: node.mtime, etag: node.etag, blobID: node.blobID,
                    checksums: node.checksums, contentType: node.contentType)
    }

    func update(_ node: Node) throws {
        // Most updates (etag and size propagation, new content) keep the node's place: one statement, no read.
        try db.cachedStatement(sql: """
            UPDATE nodes SET kind = ?, size = ?, mtime = ?, etag = ?, blob_id = ?, sha1 = ?, md5 = ?, adler32 = ?,
                content_type = ?
            WHERE id = ? AND parent_id IS ? AND owner = ? AND name = ?
            """).execute(arguments: [node.kind.rawValue, node.size, node.mtime, node.etag, node.blobID,
                                     node.checksums?.sha1, node.checksums?.md5, node.checksums?.adler32,
                                     node.contentType, node.id, node.parentID, node.owner, node.name])
        if try db.changesCount > 0 { return }
        // A move or rename (or no such node): checked as the in-memory store does, then written in full.
        guard let current = try self.node(id: node.id) else { throw HepboxError.notFound("node \(node.id)") }
        if current.parentID != node.parentID || current.name != node.name || current.owner != node.owner {
            try checkPlacement(parentID: node.parentID, owner: node.owner, name: node.name, excluding: node.id)
        }
        try db.cachedStatement(sql: """
            UPDATE nodes SET parent_id = ?, owner = ?, name = ?, kind = ?, size = ?, mtime = ?, etag = ?, blob_id = ?,
                sha1 = ?, md5 = ?, adler32 = ?, content_type = ?
            WHERE id = ?
            """).execute(arguments: [node.parentID, node.owner, node.name, node.kind.rawValue, node.size, node.mtime, node.etag,
                             node.blobID, node.checksums?.sha1, node.checksums?.md5, node.checksums?.adler32,
                             node.contentType, node.id])
    }

    func touch(_ id: NodeID, sizeDelta: Int64, mtime: Int64?, etag: String) throws -> (parentID: NodeID?, owner: String)? {
        // One statement per ancestor: the update hands back what the walk to the root needs next.
        try db.firstRow(SQL.touch, [sizeDelta, etag, mtime, id]) { ($0.optionalInt64(0), $0.text(1)) }
    }

    func deleteNode(id: NodeID) throws {
        try db.cachedStatement(sql: "DELETE FROM properties WHERE node_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM favorites WHERE node_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM nodes WHERE id = ?").execute(arguments: [id])
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
        try db.firstRow(SQL.userByName, [name], SQLiteRows.user)
    }

    func allUsers() throws -> [UserRecord] {
        try db.allRows(SQL.allUsers, [], SQLiteRows.user)
    }

    func upsert(user: UserRecord) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO users (name, display_name, email, password_hash, quota, is_admin, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [user.name, user.displayName, user.email, user.passwordHash, user.quota, user.isAdmin,
                             user.createdAt])
    }

    func deleteUser(named name: String) throws {
        try db.cachedStatement(sql: "DELETE FROM users WHERE name = ?").execute(arguments: [name])
        try db.cachedStatement(sql: "DELETE FROM favorites WHERE user = ?").execute(arguments: [name])
    }

    // MARK: favorites

    func favorites(user: String) throws -> Set<NodeID> {
        Set(try NodeID.fetchAll(db.cachedStatement(sql: "SELECT node_id FROM favorites WHERE user = ?"), arguments: [user]))
    }

    func setFavorite(user: String, node: NodeID, _ favorite: Bool) throws {
        let sql = favorite ? "INSERT OR IGNORE INTO favorites (user, node_id) VALUES (?, ?)"
                           : "DELETE FROM favorites WHERE user = ? AND node_id = ?"
        try db.cachedStatement(sql: sql).execute(arguments: [user, node])
    }

    // MARK: dead properties

    func properties(of node: NodeID) throws -> [DeadProperty] {
        let sql = "SELECT namespace, name, value_xml FROM properties WHERE node_id = ? ORDER BY namespace, name"
        return try db.allRows(sql, [node]) { DeadProperty(namespace: $0.text(0), name: $0.text(1), valueXML: $0.text(2)) }
    }

    func propertiesOfChildren(of parent: NodeID) throws -> [NodeID: [DeadProperty]] {
        // One query for a whole folder listing instead of one per child (PROPFIND Depth 1).
        let sql = """
            SELECT p.node_id, p.namespace, p.name, p.value_xml FROM properties p JOIN nodes n ON n.id = p.node_id
            WHERE n.parent_id = ? ORDER BY p.node_id, p.namespace, p.name
            """
        var out: [NodeID: [DeadProperty]] = [:]
        try db.forEachRow(sql, [parent]) { row in
            out[row.int64(0), default: []].append(DeadProperty(namespace: row.text(1), name: row.text(2), valueXML: row.text(3)))
            return true
        }
        return out
    }

    func setProperty(_ property: DeadProperty, of node: NodeID) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO properties (node_id, namespace, name, value_xml) VALUES (?, ?, ?, ?)").execute(arguments: [node, property.namespace, property.name, property.valueXML])
    }

    func removeProperty(namespace: String, name: String, of node: NodeID) throws {
        try db.cachedStatement(sql: "DELETE FROM properties WHERE node_id = ? AND namespace = ? AND name = ?").execute(arguments: [node, namespace, name])
    }

    func copyProperties(from source: NodeID, to target: NodeID) throws {
        try db.cachedStatement(sql: "DELETE FROM properties WHERE node_id = ?").execute(arguments: [target])
        try db.cachedStatement(sql: """
            INSERT INTO properties (node_id, namespace, name, value_xml)
            SELECT ?, namespace, name, value_xml FROM properties WHERE node_id = ?
            """).execute(arguments: [target, source])
    }

    // MARK: locks

    func locks(treeOwner: String) throws -> [LockRecord] {
        try db.allRows("SELECT \(SQLiteRows.lockColumns) FROM locks WHERE tree_owner = ? ORDER BY path, token", [treeOwner],
                       SQLiteRows.lock)
    }

    func lock(token: String) throws -> LockRecord? {
        try db.firstRow("SELECT \(SQLiteRows.lockColumns) FROM locks WHERE token = ?", [token], SQLiteRows.lock)
    }

    func upsert(lock: LockRecord) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO locks (token, tree_owner, path, scope, deep, owner_xml, principal, timeout_seconds,
                expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [lock.token, lock.treeOwner, lock.path, lock.scope.rawValue, lock.deep, lock.ownerXML,
                             lock.principal, lock.timeoutSeconds, lock.expiresAt])
    }

    func deleteLock(token: String) throws {
        try db.cachedStatement(sql: "DELETE FROM locks WHERE token = ?").execute(arguments: [token])
    }

    // MARK: blobs

    func blob(id: String) throws -> BlobRecord? {
        guard let cachedRead else { return try db.firstRow(SQL.blobByID, [id], SQLiteRows.blob) }
        if let hit = try cachedRead.lookup(.blob(id))?.blob { return hit }
        let blob = try db.firstRow(SQL.blobByID, [id], SQLiteRows.blob)
        try cachedRead.remember(.blob(blob), for: .blob(id))
        return blob
    }

    func blobs(after: String, limit: Int) throws -> [BlobRecord] {
        try db.allRows(SQL.blobsAfter, [after, limit], SQLiteRows.blob)
    }

    func insert(blob: BlobRecord) throws {
        do {
            try db.cachedStatement(sql: """
                INSERT INTO blobs (id, size, sha1, md5, adler32, block_size, block_checksums, replicas)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [blob.id, blob.size, blob.checksums.sha1, blob.checksums.md5,
                                         blob.checksums.adler32, blob.blockSize,
                                         SQLiteRows.encodeBlockChecksums(blob.blockChecksums),
                                         SQLiteRows.encodeReplicas(blob.replicas)])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            // The primary key is the check (no lookup first): ids are random, a clash is all but impossible.
            throw HepboxError(.alreadyExists, "blob \(blob.id) exists")
        }
    }

    func update(blob: BlobRecord) throws {
        try db.cachedStatement(sql: """
            UPDATE blobs SET size = ?, sha1 = ?, md5 = ?, adler32 = ?, block_size = ?, block_checksums = ?, replicas = ?
            WHERE id = ?
            """).execute(arguments: [blob.size, blob.checksums.sha1, blob.checksums.md5, blob.checksums.adler32, blob.blockSize,
                             SQLiteRows.encodeBlockChecksums(blob.blockChecksums),
                             SQLiteRows.encodeReplicas(blob.replicas), blob.id])
        guard try db.changesCount > 0 else { throw HepboxError.notFound("blob \(blob.id)") }
    }

    func deleteBlob(id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM blobs WHERE id = ?").execute(arguments: [id])
    }
}

/// Queries built once (the statement cache is keyed by the SQL text, which interpolation would rebuild per call).
private enum SQL {
    static let nodeByID = "SELECT \(SQLiteRows.nodeColumns) FROM nodes WHERE id = ?"
    static let childByName = "SELECT \(SQLiteRows.nodeColumns) FROM nodes WHERE parent_id = ? AND name = ?"
    static let childWithBlob = "\(SQLiteRows.nodesWithBlobs) WHERE n.parent_id = ? AND n.name = ?"
    static let children = "SELECT \(SQLiteRows.nodeColumns) FROM nodes WHERE parent_id = ? ORDER BY name"
    static let root = "SELECT \(SQLiteRows.nodeColumns) FROM nodes WHERE parent_id IS NULL AND owner = ?"
    static let blobByID = "SELECT \(SQLiteRows.blobColumns) FROM blobs WHERE id = ?"
    static let blobsAfter = "SELECT \(SQLiteRows.blobColumns) FROM blobs WHERE id > ? ORDER BY id LIMIT ?"
    static let nodesAfter = "SELECT \(SQLiteRows.nodeColumns) FROM nodes WHERE id > ? ORDER BY id LIMIT ?"
    static let referenceCount =
        "SELECT (SELECT COUNT(*) FROM nodes WHERE blob_id = ?) + (SELECT COUNT(*) FROM versions WHERE blob_id = ?)"
    static let sizeOfChildren = "SELECT COALESCE(SUM(size), 0) FROM nodes WHERE parent_id = ?"
    /// Inserts only under an existing parent (or as a root): no row inserted means no such parent.
    static let insertNode = """
        INSERT INTO nodes (parent_id, owner, name, kind, size, mtime, etag, blob_id, sha1, md5, adler32, content_type)
        SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ? IS NULL OR EXISTS (SELECT 1 FROM nodes WHERE id = ?)
        """
    static let touch = """
        UPDATE nodes SET size = size + ?, etag = ?, mtime = COALESCE(?, mtime) WHERE id = ? RETURNING parent_id, owner
        """
    static let userByName = "SELECT \(SQLiteRows.userColumns) FROM users WHERE name = ?"
    static let allUsers = "SELECT \(SQLiteRows.userColumns) FROM users ORDER BY name"
}
