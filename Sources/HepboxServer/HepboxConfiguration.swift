import Foundation
import HepboxCore

/// The whole configuration as one typed value, built once at the edge: defaults, then the config file, then
/// environment variables, then command-line flags. Every key is documented in the README.
public struct HepboxConfiguration: Sendable, Equatable {
    public var dataDir: String = "./hepbox-data"
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Storage node directories; empty = one node inside the data dir.
    public var storageNodes: [String] = []
    /// Replicas per blob; nil = 2 when there are at least 2 nodes, else 1.
    public var replicas: Int?
    public var blockSize: Int = 1 << 20
    /// Bytes per user unless the account sets its own; nil = unlimited.
    public var defaultQuota: Int64?
    /// Days a deleted item stays in the trash bin; 0 turns the trash bin off.
    public var trashRetentionDays = 30
    /// Earlier contents kept per file.
    public var maxVersions = 50
    /// Percent of what is left of a user's quota that their versions, and (separately) their trash, may take.
    public var versionsSpacePercent = 50
    public var trashSpacePercent = 50
    /// Where received shares appear in each recipient's tree (the root by default).
    public var shareFolder: TreePath = .root
    /// Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (none by default).
    public var trustedProxies = TrustedProxies.none
    public var allowInfiniteDepth = false
    public var maxXMLBodyBytes = 1 << 20
    public var logLevel = "info"
    /// Seconds a connection may stay silent (between requests, or inside a request's head or body) before the server
    /// closes it; 0 = never. Without it every idle keep-alive connection, and every client that stalls halfway
    /// through a request head, would hold a descriptor for good.
    public var idleTimeoutSeconds = 120

    public init() {}

    public var dataURL: URL { URL(fileURLWithPath: dataDir).standardizedFileURL }
    public var databasePath: String { dataURL.appendingPathComponent("metadata.sqlite").path }

    public var effectiveStorageNodes: [URL] {
        storageNodes.isEmpty
            ? [dataURL.appendingPathComponent("storage/node0")]
            : storageNodes.map { URL(fileURLWithPath: $0).standardizedFileURL }
    }

    public var effectiveReplicas: Int { replicas ?? (effectiveStorageNodes.count >= 2 ? 2 : 1) }

    public func validate() throws {
        guard (0...65535).contains(port) else { throw HepboxError.badRequest("port must be 0–65535 (0 picks a free one), not \(port)") }
        let nodes = effectiveStorageNodes.count
        guard (1...nodes).contains(effectiveReplicas) else {
            throw HepboxError.badRequest("replicas must be between 1 and the number of storage nodes (\(nodes)), not \(effectiveReplicas)")
        }
        guard Set(effectiveStorageNodes.map(\.path)).count == nodes else {
            throw HepboxError.badRequest("storage nodes must be different directories")
        }
        guard blockSize >= 4096 else { throw HepboxError.badRequest("storage.block_size must be at least 4096") }
        guard trashRetentionDays >= 0 else { throw HepboxError.badRequest("trash.retention_days must not be negative") }
        guard maxVersions >= 0 else { throw HepboxError.badRequest("versions.max_per_file must not be negative") }
        guard (1...100).contains(versionsSpacePercent) else {
            throw HepboxError.badRequest("versions.max_space_percent must be 1–100, not \(versionsSpacePercent)")
        }
        guard (1...100).contains(trashSpacePercent) else {
            throw HepboxError.badRequest("trash.max_space_percent must be 1–100, not \(trashSpacePercent)")
        }
        if let defaultQuota, defaultQuota < 0 { throw HepboxError.badRequest("quota.default must not be negative") }
        guard idleTimeoutSeconds >= 0 else {
            throw HepboxError.badRequest("idle_timeout_seconds must not be negative (0 = never), not \(idleTimeoutSeconds)")
        }
    }
}
