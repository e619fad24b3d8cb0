extension ShareService {
    /// Changes a share; only its sharer (or the owner of the shared file) may. Permissions never exceed what the
    /// sharer has, and a lowered grant applies to the reshares made through it at once (they are capped by it).
    public func update(_ principal: Principal, id: Int64, _ change: ShareUpdate) async throws -> ShareInfo {
        let now = clock.seconds()
        if let expiration = change.expiration ?? nil, expiration <= now {
            throw HepboxError.badRequest("the expiration date is in the past")
        }
        let passwordHash: String?? = switch change.password {
        case nil: nil
        case let password? where password.isEmpty: .some(nil)
        case let password?: .some(try await hashPassword(password))
        }
        let record: ShareRecord = try await metadata.write { tx in
            guard var share = try tx.share(id: id) else { throw HepboxError.notFound("the share \(id)") }
            guard share.sharer == principal.name || share.fileOwner == principal.name else {
                if try tx.mounts(share: id).contains(where: { $0.user == principal.name }) {
                    throw HepboxError(.forbidden, "only the one who shared this may change it")
                }
                throw HepboxError.notFound("the share \(id)")
            }
            guard let node = try tx.node(id: share.nodeID) else { throw HepboxError.notFound("the share \(id)") }
            if change.permissions != nil || change.publicUpload != nil {
                var request = ShareRequest(path: .root, type: share.type, permissions: change.permissions ?? share.permissions,
                                           publicUpload: change.publicUpload)
                if change.publicUpload == false && change.permissions == nil { request.permissions = .read }
                let bits = try Self.permissions(for: request, node: node)
                if let parentID = share.parentID {
                    guard let parent = try tx.share(id: parentID),
                          let held = try ShareOps.effectiveGrant(tx, parent, now: now), held.isSuperset(of: bits) else {
                        throw HepboxError(.forbidden, "you cannot give more rights than you have")
                    }
                }
                share.permissions = bits
            }
            if let passwordHash {
                guard share.type == .link else { throw HepboxError.badRequest("only public links have passwords") }
                share.passwordHash = passwordHash
            }
            if let expiration = change.expiration { share.expiration = expiration }
            if let label = change.label { share.label = label }
            if let note = change.note { share.note = note }
            try tx.update(share: share)
            // Recipients see new rights on their next sync: new etags on their mount points.
            try ShareOps.propagateToMounts(tx, sharedNode: share.nodeID, hops: 0)
            return share
        }
        return try await info(principal, record)
    }

    /// Ends a share. Its sharer or the file's owner ends it for everyone; a recipient leaves it (a group share
    /// then stays for the other members).
    public func delete(_ principal: Principal, id: Int64) async throws {
        let now = clock.seconds()
        try await metadata.write { tx in
            guard let share = try tx.share(id: id) else { throw HepboxError.notFound("the share \(id)") }
            if share.sharer == principal.name || share.fileOwner == principal.name {
                try ShareOps.delete(tx, share, now: now)
                return
            }
            let own = try tx.mounts(share: id).filter { $0.user == principal.name }
            guard !own.isEmpty else { throw HepboxError.notFound("the share \(id)") }
            if share.type == .user {
                try ShareOps.delete(tx, share, now: now)
            } else {
                for mount in own {
                    if let node = try tx.node(id: mount.nodeID) { try ShareOps.detach(tx, share: id, from: node, now: now) }
                }
            }
        }
    }
}
