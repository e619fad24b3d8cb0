import HepboxCore

extension InMemoryMetadataTransaction {
    func session(tokenHash: String) throws -> SessionRecord? { state.sessions[tokenHash] }

    func insert(session: SessionRecord) throws {
        guard state.sessions[session.tokenHash] == nil else { throw HepboxError(.alreadyExists, "the session exists") }
        state.sessions[session.tokenHash] = session
    }

    func deleteSession(tokenHash: String) throws { state.sessions[tokenHash] = nil }

    func deleteSessions(user: String?, expiredBefore now: Int64) throws {
        state.sessions = state.sessions.filter { $0.value.expiresAt >= now && $0.value.user != user }
    }
}
