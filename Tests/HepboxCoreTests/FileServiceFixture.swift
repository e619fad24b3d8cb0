import HepboxCore
import HepboxStorage

/// A FileService over the in-memory twins, with one user `alice`.
struct FileServiceFixture {
    let metadata = InMemoryMetadataStore()
    let blobs: InMemoryBlobStore
    let files: FileService
    let locks: LockService
    let alice = OperationContext(principal: Principal(name: "alice"))
    let bob = OperationContext(principal: Principal(name: "bob"))

    init(quota: Int64? = nil, capacityPerNode: Int64? = nil) async throws {
        blobs = try InMemoryBlobStore(nodeCount: 2, replicas: 2, blockSize: 4096, capacityPerNode: capacityPerNode)
        files = FileService(metadata: metadata, blobs: blobs, settings: FileSettings(defaultQuota: quota, instanceID: "octest"))
        locks = LockService(metadata: metadata, files: files)
        let users = UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4))
        try await users.add(name: "alice", password: "pw")
        try await users.add(name: "bob", password: "pw")
        try await files.ensureRoot(owner: "alice")
        try await files.ensureRoot(owner: "bob")
    }

    func path(_ text: String) throws -> TreePath { try TreePath(encoded: Substring(text)) }

    @discardableResult
    func put(_ text: String, _ content: String, options: UploadOptions = UploadOptions(),
             as context: OperationContext? = nil) async throws -> UploadResult {
        try await files.upload(context ?? alice, owner: "alice", path: path(text), body: [Array(content.utf8)].async,
                               options: options)
    }

    func node(_ text: String) async throws -> Node {
        try await files.node(alice.principal, owner: "alice", path: path(text))
    }

    func read(_ text: String) async throws -> String {
        var bytes: [UInt8] = []
        for try await chunk in try await files.content(of: node(text)) { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }
}
