/// Creates, lists, changes and ends shares; the OCS Share API and the web pages call it. Who may do what is
/// decided by `AccessPolicy` (through `FileService.locate`) and by the rules here on the share records.
public final class ShareService: Sendable {
    let files: FileService
    let metadata: any MetadataStore
    let hasher: PasswordHasher
    let clock: WallClock
    /// Link passwords that verified recently, so `/public.php/webdav` clients do not pay bcrypt per request.
    let verifiedLinks = Mutex<[String: (hash: String, expires: Int64)]>([:])
    /// One bcrypt for a burst of requests with the same link password (see `SingleFlight`).
    let linkChecks = SingleFlight<String, Bool>()

    public init(files: FileService, hasher: PasswordHasher = PasswordHasher(), clock: WallClock = .system) {
        self.files = files
        self.metadata = files.metadata
        self.hasher = hasher
        self.clock = clock
    }

    /// Public-link tokens: 15 random letters and digits (≈ 89 bits).
    public static let tokenLength = 15

    public func create(_ principal: Principal, _ request: ShareRequest) async throws -> ShareInfo {
        let location = try await files.locate(principal, owner: principal.name, path: request.path)
        guard !location.isPublicLink else { throw HepboxError(.forbidden, "a public link cannot share") }
        try files.policy.require(.read, of: principal, at: location)
        if location.path.isRoot && !location.isShared { throw HepboxError(.forbidden, "you cannot share your root folder") }
        try files.policy.require(.share, of: principal, at: location)
        let passwordHash: String? = if let password = request.password { try await hashPassword(password) } else { nil }
        let now = clock.seconds()
        if let expiration = request.expiration, expiration <= now {
            throw HepboxError.badRequest("the expiration date is in the past")
        }
        let shareFolder = files.settings.shareFolder
        let record: ShareRecord = try await metadata.write { tx in
            guard let node = try NamespaceOps.resolve(tx, owner: location.owner, path: location.path), node.kind != .mount else {
                throw HepboxError.notFound("/\(request.path)")
            }
            let permissions = try Self.permissions(for: request, node: node)
            if location.isShared && !location.grant.isSuperset(of: permissions) {
                throw HepboxError(.forbidden, "you cannot share /\(request.path) with more rights than you have")
            }
            var share = ShareRecord(type: request.type, sharer: principal.name, fileOwner: location.owner, nodeID: node.id,
                                    permissions: permissions, passwordHash: passwordHash, expiration: request.expiration,
                                    label: request.label ?? "", note: request.note ?? "", createdAt: now,
                                    parentID: location.share?.id)
            let members: [String]
            switch request.type {
            case .user:
                guard let recipient = request.recipient, try tx.user(named: recipient) != nil else {
                    throw HepboxError.notFound("the user \(request.recipient ?? "")")
                }
                if recipient == principal.name || recipient == location.owner {
                    throw HepboxError(.forbidden, "you cannot share with yourself or with the owner")
                }
                if try tx.shares(onNode: node.id).contains(where: { $0.type == .user && $0.recipient == recipient }) {
                    throw HepboxError(.forbidden, "/\(request.path) is already shared with \(recipient)")
                }
                share.recipient = recipient
                members = [recipient]
            case .group:
                guard let group = request.recipient, try tx.group(named: group) != nil else {
                    throw HepboxError.notFound("the group \(request.recipient ?? "")")
                }
                share.recipient = group
                members = try tx.members(ofGroup: group).filter { $0 != principal.name && $0 != location.owner }
            case .link:
                share.token = RandomToken.alphanumeric(length: Self.tokenLength)
                members = []
            }
            share = try tx.insert(share: share)
            for member in members {
                try ShareOps.mount(tx, share, for: member, in: shareFolder, name: node.name, now: now)
            }
            return share
        }
        return try await info(principal, record)
    }

    /// The permission bits a new share gets: defaults by type, read always included (but for a file drop),
    /// create and delete never on a file, public upload only on folders.
    static func permissions(for request: ShareRequest, node: Node) throws -> SharePermissions {
        var bits: SharePermissions
        switch request.type {
        case .user, .group: bits = request.permissions ?? .all
        case .link:
            bits = request.permissions ?? .read
            if request.publicUpload == true { bits = request.permissions == .fileDrop ? .fileDrop : .publicUpload }
            bits.remove(.share)
        }
        if bits.isEmpty || !SharePermissions.all.isSuperset(of: bits) {
            throw HepboxError.badRequest("invalid permissions \(bits.rawValue): use 1 read, 2 update, 4 create, 8 delete, 16 share")
        }
        if node.kind == .file {
            if request.type == .link && (request.publicUpload == true || bits.contains(.create)) {
                throw HepboxError(.forbidden, "public upload is only possible for folders")
            }
            bits.formIntersection(.fileMask)
        }
        if bits != .fileDrop || request.type != .link { bits.insert(.read) }
        return bits
    }

    func hashPassword(_ password: String) async throws -> String {
        guard password.count >= 4 else { throw HepboxError.badRequest("a link password needs at least 4 characters") }
        return await hasher.hash(password)
    }
}
