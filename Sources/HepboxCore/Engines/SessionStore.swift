/// The rows behind web sessions; part of every metadata engine (see `MetadataReading`).
public protocol SessionReading {
    func session(tokenHash: String) throws -> SessionRecord?
}

public protocol SessionWriting: SessionReading {
    func insert(session: SessionRecord) throws
    func deleteSession(tokenHash: String) throws
    /// Ends every session of a user (password change, account deletion) and those expired before `now`.
    func deleteSessions(user: String?, expiredBefore now: Int64) throws
}
