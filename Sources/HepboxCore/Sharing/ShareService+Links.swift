extension ShareService {
    /// A public link that works now (exists, not expired, its share chain intact), by token.
    public func link(token: String) async throws -> (ShareRecord, Node, SharePermissions) {
        let now = clock.seconds()
        return try await metadata.read { tx in
            guard token.count >= Self.tokenLength, let share = try tx.share(token: token), share.type == .link,
                  let grant = try ShareOps.effectiveGrant(tx, share, now: now), let node = try tx.node(id: share.nodeID)
            else { throw HepboxError.notFound("the link \(token)") }
            return (share, node, grant)
        }
    }

    /// True when the link needs no password or `password` is its password.
    public func checkLinkPassword(_ share: ShareRecord, _ password: String?) async -> Bool {
        guard let hash = share.passwordHash else { return true }
        guard let password, let token = share.token else { return false }
        let now = clock.seconds()
        let key = token + "\u{0}" + password
        if let hit = verifiedLinks.withLock({ $0[key] }), hit.hash == hash, hit.expires > now { return true }
        guard await linkChecks.run(key + "\u{0}" + hash, { [hasher] in await hasher.verify(password, against: hash) })
        else { return false }
        verifiedLinks.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (hash, now + 300)
        }
        return true
    }

    /// The principal that a request authenticated for a link acts as: it can only reach that link's view.
    public static func linkPrincipal(token: String) -> Principal { Principal(name: AccessPolicy.linkOwner(token: token)) }
}
