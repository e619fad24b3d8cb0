import Foundation
import HepboxCore
import HepboxPreview
import HepboxStorage

/// The composition root: the only place that picks concrete engines and wires the domain services.
public struct HepboxRuntime: Sendable {
    public let configuration: HepboxConfiguration
    public let metadata: any MetadataStore
    public let blobs: any BlobStore
    public let users: UserDirectory
    public let files: FileService
    public let locks: LockService
    public let groups: GroupDirectory
    public let shares: ShareService
    public let sessions: SessionService
    public let previews: PreviewService
    public let throttle = LoginThrottle()
    public let instanceID: String
    /// Signs the cookies of public links whose password a browser entered.
    public let linkSecret: [UInt8]

    public init(configuration: HepboxConfiguration) throws {
        self.configuration = configuration
        try FileManager.default.createDirectory(at: configuration.dataURL, withIntermediateDirectories: true)
        metadata = try SQLiteMetadataStore(path: configuration.databasePath)
        blobs = try LocalReplicatedBlobStore(nodes: configuration.effectiveStorageNodes,
                                             replicas: configuration.effectiveReplicas,
                                             blockSize: configuration.blockSize)
        instanceID = try Self.loadInstanceID(in: configuration.dataURL)
        linkSecret = try Self.loadSecret(in: configuration.dataURL)
        users = UserDirectory(metadata: metadata)
        var settings = FileSettings(defaultQuota: configuration.defaultQuota, instanceID: instanceID,
                                    maxVersions: configuration.maxVersions,
                                    trashRetention: Int64(configuration.trashRetentionDays) * 86_400)
        settings.shareFolder = configuration.shareFolder
        settings.versionsSpacePercent = configuration.versionsSpacePercent
        settings.trashSpacePercent = configuration.trashSpacePercent
        files = FileService(metadata: metadata, blobs: blobs, settings: settings)
        locks = LockService(metadata: metadata, files: files)
        groups = GroupDirectory(metadata: metadata, shareFolder: settings.shareFolder)
        shares = ShareService(files: files)
        sessions = SessionService(metadata: metadata, users: users)
        previews = PreviewService(files: files, cacheDirectory: configuration.dataURL.appendingPathComponent("cache/previews"))
    }

    /// Housekeeping: chunked uploads untouched for 24 h, trash items past their retention, and the oldest versions
    /// and trash items beyond their share of each user's free quota.
    public func sweep() async {
        _ = try? await files.expireUploads(maxAge: 24 * 3600)
        _ = try? await files.expireTrash()
        _ = try? await files.expireBeyondSpaceShare()
    }

    /// A stable per-installation id (`oc:id` suffix), made on first start. Two processes starting on a new data
    /// directory at once agree on one (see `DurableFile.readOrCreate`).
    static func loadInstanceID(in dataDir: URL) throws -> String {
        let file = dataDir.appendingPathComponent("instance-id")
        let bytes = try DurableFile.readOrCreate(at: file.path, isValid: { !trimmed($0).isEmpty }) {
            Array(("oc" + RandomToken.alphanumeric(length: 10).lowercased()).utf8)
        }
        return trimmed(bytes)
    }

    /// A random key made on first start and kept (readable by the server's user only), so link sessions survive
    /// restarts and are shared by every process on this data directory.
    static func loadSecret(in dataDir: URL) throws -> [UInt8] {
        let file = dataDir.appendingPathComponent("secret.key")
        let bytes = try DurableFile.readOrCreate(at: file.path, mode: 0o600, isValid: { trimmed($0).utf8.count == 64 }) {
            Array(RandomToken.hex(bytes: 32).utf8)
        }
        return Array(trimmed(bytes).utf8)
    }

    private static func trimmed(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// On first start (no administrator yet, even if accounts were added with the CLI before) creates `admin` with
    /// `HEPBOX_ADMIN_PASSWORD` or a random password, which is returned so the caller prints it once.
    public func bootstrapAdmin(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> String? {
        let existing = try await users.list()
        guard !existing.contains(where: \.isAdmin), !existing.contains(where: { $0.name == "admin" }) else { return nil }
        let given = environment["HEPBOX_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let password = given ?? RandomToken.alphanumeric(length: 20)
        try await users.add(name: "admin", password: password, displayName: "Administrator", isAdmin: true)
        try await files.ensureRoot(owner: "admin")
        return given == nil ? password : nil
    }
}

/// Engines for tools that need only part of the runtime (user administration touches no blobs).
public enum HepboxStorageFactory {
    public static func metadata(_ configuration: HepboxConfiguration) throws -> any MetadataStore {
        try FileManager.default.createDirectory(at: configuration.dataURL, withIntermediateDirectories: true)
        return try SQLiteMetadataStore(path: configuration.databasePath)
    }
}
