import GRDB
import HepboxCore

extension SQLiteMetadataTransaction {
    func session(tokenHash: String) throws -> SessionRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]).map { row in
            SessionRecord(tokenHash: row["token_hash"], user: row["user"], csrfToken: row["csrf_token"],
                          createdAt: row["created_at"], expiresAt: row["expires_at"])
        }
    }

    func insert(session: SessionRecord) throws {
        try db.execute(sql: "INSERT INTO sessions (token_hash, user, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [session.tokenHash, session.user, session.csrfToken, session.createdAt, session.expiresAt])
    }

    func deleteSession(tokenHash: String) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
    }

    func deleteSessions(user: String?, expiredBefore now: Int64) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ? OR user = ?", arguments: [now, user])
    }
}
