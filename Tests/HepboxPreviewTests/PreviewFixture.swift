import Foundation
import HepboxCore
import HepboxStorage
@testable import HepboxPreview

/// A PreviewService over a FileService on the in-memory engines, users alice and bob, and a cache in a temp dir.
struct PreviewFixture {
    let files: FileService
    let previews: PreviewService
    let cacheDirectory: URL
    let alice = Principal(name: "alice")
    let bob = Principal(name: "bob")

    init(limits: PreviewLimits = .init()) async throws {
        let metadata = InMemoryMetadataStore()
        let blobs = try InMemoryBlobStore(nodeCount: 1, replicas: 1, blockSize: 4096)
        files = FileService(metadata: metadata, blobs: blobs, settings: FileSettings(instanceID: "octest"))
        let users = UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4))
        for name in ["alice", "bob"] {
            try await users.add(name: name, password: "pw")
            try await files.ensureRoot(owner: name)
        }
        cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-preview-\(UUID().uuidString)")
        previews = PreviewService(files: files, cacheDirectory: cacheDirectory, limits: limits)
    }

    func path(_ text: String) throws -> TreePath { try TreePath(encoded: Substring(text)) }

    func put(_ name: String, _ bytes: [UInt8]) async throws {
        _ = try await files.upload(OperationContext(principal: alice), owner: "alice", path: path(name),
                                   body: [bytes].async, options: UploadOptions())
    }

    func put(_ name: String, _ text: String) async throws { try await put(name, Array(text.utf8)) }

    func preview(_ name: String, size: Int = 64, page: Int = 1, as principal: Principal? = nil) async throws -> Preview {
        try await previews.preview(principal ?? alice, owner: "alice", path: path(name), size: size, page: page)
    }

    func html(_ name: String) async throws -> String {
        let preview = try await preview(name)
        guard preview.kind == .html else { throw HepboxError(.internalError, "expected HTML, got \(preview.kind)") }
        return String(decoding: preview.bytes, as: UTF8.self)
    }

    var renders: Int { previews.renderCount.withLock { $0 } }

    func cleanUp() { try? FileManager.default.removeItem(at: cacheDirectory) }
}
