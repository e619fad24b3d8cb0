import GRDB
import HepboxCore

extension SQLiteMetadataTransaction {
    // MARK: groups

    func group(named name: String) throws -> GroupRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM groups WHERE name = ?", arguments: [name]).map(Self.group)
    }

    func allGroups() throws -> [GroupRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM groups ORDER BY name").map(Self.group)
    }

    func members(ofGroup group: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT user FROM group_members WHERE group_name = ? ORDER BY user", arguments: [group])
    }

    func groups(ofUser user: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT group_name FROM group_members WHERE user = ? ORDER BY group_name", arguments: [user])
    }

    func upsert(group: GroupRecord) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO groups (name, display_name) VALUES (?, ?)",
                       arguments: [group.name, group.displayName])
    }

    func deleteGroup(named name: String) throws {
        try db.execute(sql: "DELETE FROM group_members WHERE group_name = ?", arguments: [name])
        try db.execute(sql: "DELETE FROM groups WHERE name = ?", arguments: [name])
    }

    func addMember(_ user: String, toGroup group: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO group_members (group_name, user) VALUES (?, ?)", arguments: [group, user])
    }

    func removeMember(_ user: String, fromGroup group: String) throws {
        try db.execute(sql: "DELETE FROM group_members WHERE group_name = ? AND user = ?", arguments: [group, user])
    }

    private static func group(_ row: Row) -> GroupRecord {
        GroupRecord(name: row["name"], displayName: row["display_name"])
    }

    // MARK: shares

    func share(id: Int64) throws -> ShareRecord? {
        try db.firstRow("SELECT \(Self.shareColumns) FROM shares WHERE id = ?", [id], Self.share) ?? nil
    }

    func share(token: String) throws -> ShareRecord? {
        try db.firstRow("SELECT \(Self.shareColumns) FROM shares WHERE token = ?", [token], Self.share) ?? nil
    }

    func shares(sharer: String) throws -> [ShareRecord] {
        try shares(where: "sharer = ?", [sharer])
    }

    func shares(fileOwner: String) throws -> [ShareRecord] {
        try shares(where: "file_owner = ?", [fileOwner])
    }

    func shares(onNode node: NodeID) throws -> [ShareRecord] {
        try shares(where: "node_id = ?", [node])
    }

    func shares(recipient: String, type: ShareType) throws -> [ShareRecord] {
        try shares(where: "recipient = ? AND type = ?", [recipient, type.rawValue])
    }

    func shares(parent: Int64) throws -> [ShareRecord] {
        try shares(where: "parent_id = ?", [parent])
    }

    private func shares(where condition: String, _ arguments: StatementArguments) throws -> [ShareRecord] {
        try db.allRows("SELECT \(Self.shareColumns) FROM shares WHERE \(condition) ORDER BY id", arguments, Self.share)
            .compactMap { $0 }
    }

    func insert(share: ShareRecord) throws -> ShareRecord {
        try db.execute(sql: """
            INSERT INTO shares (type, sharer, file_owner, node_id, permissions, recipient, token, password_hash,
                expiration, label, note, created_at, parent_id, hide_download)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: Self.columns(share))
        var stored = share
        stored.id = try db.lastInsertedRowID
        return stored
    }

    func update(share: ShareRecord) throws {
        try db.execute(sql: """
            UPDATE shares SET type = ?, sharer = ?, file_owner = ?, node_id = ?, permissions = ?, recipient = ?,
                token = ?, password_hash = ?, expiration = ?, label = ?, note = ?, created_at = ?, parent_id = ?,
                hide_download = ?
            WHERE id = ?
            """, arguments: Self.columns(share) + [share.id])
        guard try db.changesCount > 0 else { throw HepboxError.notFound("share \(share.id)") }
    }

    func deleteShare(id: Int64) throws {
        try db.execute(sql: "DELETE FROM shares WHERE id = ?", arguments: [id])
    }

    private static func columns(_ share: ShareRecord) -> StatementArguments {
        [share.type.rawValue, share.sharer, share.fileOwner, share.nodeID, share.permissions.rawValue, share.recipient,
         share.token, share.passwordHash, share.expiration, share.label, share.note, share.createdAt, share.parentID,
         share.hideDownload]
    }

    /// The columns `share(_:)` decodes, by position.
    private static let shareColumns = """
        id, type, sharer, file_owner, node_id, permissions, recipient, token, password_hash, expiration, label, note,
        created_at, parent_id, hide_download
        """

    /// nil for a share type this version does not know (a newer schema's row is skipped, never misread).
    private static func share(_ row: RawRow) -> ShareRecord? {
        guard let type = ShareType(rawValue: row.int(1)) else { return nil }
        return ShareRecord(id: row.int64(0), type: type, sharer: row.text(2), fileOwner: row.text(3),
                           nodeID: row.int64(4), permissions: SharePermissions(rawValue: row.int(5)),
                           recipient: row.optionalText(6), token: row.optionalText(7), passwordHash: row.optionalText(8),
                           expiration: row.optionalInt64(9), label: row.text(10), note: row.text(11),
                           createdAt: row.int64(12), parentID: row.optionalInt64(13), hideDownload: row.bool(14))
    }

    // MARK: mounts

    func mounts(node: NodeID) throws -> [MountRecord] {
        try db.allRows("SELECT node_id, share_id, user FROM mounts WHERE node_id = ? ORDER BY share_id", [node], Self.mount)
    }

    func mounts(share: Int64) throws -> [MountRecord] {
        try db.allRows("SELECT node_id, share_id, user FROM mounts WHERE share_id = ? ORDER BY node_id", [share], Self.mount)
    }

    func mounts(user: String) throws -> [MountRecord] {
        try db.allRows("SELECT node_id, share_id, user FROM mounts WHERE user = ? ORDER BY node_id, share_id", [user], Self.mount)
    }

    func insert(mount: MountRecord) throws {
        try db.execute(sql: "INSERT INTO mounts (node_id, share_id, user) VALUES (?, ?, ?)",
                       arguments: [mount.nodeID, mount.shareID, mount.user])
    }

    func deleteMount(nodeID: NodeID) throws {
        try db.execute(sql: "DELETE FROM mounts WHERE node_id = ?", arguments: [nodeID])
    }

    func deleteMount(nodeID: NodeID, shareID: Int64) throws {
        try db.execute(sql: "DELETE FROM mounts WHERE node_id = ? AND share_id = ?", arguments: [nodeID, shareID])
    }

    private static func mount(_ row: RawRow) -> MountRecord {
        MountRecord(nodeID: row.int64(0), shareID: row.int64(1), user: row.text(2))
    }
}
