import Foundation
import HepboxCore
import Yams

/// Reads the YAML config file and the `HEPBOX_*` environment variables onto a configuration.
public enum ConfigurationLoader {
    /// The flags of `serve`/`admin` that override everything else (nil = not given).
    public struct Overrides: Sendable {
        public var dataDir: String?
        public var host: String?
        public var port: Int?
        public var storageNodes: [String] = []
        public var replicas: Int?
        public init(dataDir: String? = nil, host: String? = nil, port: Int? = nil, storageNodes: [String] = [], replicas: Int? = nil) {
            self.dataDir = dataDir
            self.host = host
            self.port = port
            self.storageNodes = storageNodes
            self.replicas = replicas
        }
    }

    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            overrides: Overrides) throws -> HepboxConfiguration {
        var config = HepboxConfiguration()
        if let path = file ?? environment["HEPBOX_CONFIG"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw HepboxError.badRequest("cannot read the config file \(path)")
            }
            try apply(yaml: text, to: &config, source: path)
        }
        try apply(environment: environment, to: &config)
        if let v = overrides.dataDir { config.dataDir = v }
        if let v = overrides.host { config.host = v }
        if let v = overrides.port { config.port = v }
        if !overrides.storageNodes.isEmpty { config.storageNodes = overrides.storageNodes }
        if let v = overrides.replicas { config.replicas = v }
        try config.validate()
        return config
    }

    static func apply(yaml text: String, to config: inout HepboxConfiguration, source: String) throws {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch {
            throw HepboxError.badRequest("\(source) is not valid YAML: \(error)")
        }
        guard let root = loaded as? [String: Any] else {
            if loaded == nil { return }
            throw HepboxError.badRequest("\(source): the top level must be a mapping")
        }
        var keys = KeyReader(root, section: "", source: source)
        if let v = try keys.string("data_dir") { config.dataDir = v }
        if let v = try keys.string("host") { config.host = v }
        if let v = try keys.int("port") { config.port = v }
        if let v = try keys.string("log_level") { config.logLevel = v }
        if let v = try keys.int("idle_timeout_seconds") { config.idleTimeoutSeconds = v }
        if let v = try keys.stringList("trusted_proxies") { config.trustedProxies = try TrustedProxies(v) }
        if var storage = try keys.section("storage") {
            if let v = try storage.stringList("nodes") { config.storageNodes = v }
            if let v = try storage.int("replicas") { config.replicas = v }
            if let v = try storage.int("block_size") { config.blockSize = v }
            try storage.rejectUnknown()
        }
        if var webdav = try keys.section("webdav") {
            if let v = try webdav.bool("allow_infinite_depth") { config.allowInfiniteDepth = v }
            if let v = try webdav.int("max_xml_body_bytes") { config.maxXMLBodyBytes = v }
            try webdav.rejectUnknown()
        }
        if var trash = try keys.section("trash") {
            if let v = try trash.int("retention_days") { config.trashRetentionDays = v }
            if let v = try trash.int("max_space_percent") { config.trashSpacePercent = v }
            try trash.rejectUnknown()
        }
        if var versions = try keys.section("versions") {
            if let v = try versions.int("max_per_file") { config.maxVersions = v }
            if let v = try versions.int("max_space_percent") { config.versionsSpacePercent = v }
            try versions.rejectUnknown()
        }
        if var sharing = try keys.section("sharing") {
            if let v = try sharing.string("share_folder") { config.shareFolder = try ShareFolderText.parse(v) }
            try sharing.rejectUnknown()
        }
        if var quota = try keys.section("quota") {
            if let v = try quota.string("default") { config.defaultQuota = try ByteSize.parse(v) }
            try quota.rejectUnknown()
        }
        try keys.rejectUnknown()
    }

    static func apply(environment env: [String: String], to config: inout HepboxConfiguration) throws {
        if let v = env["HEPBOX_DATA_DIR"] { config.dataDir = v }
        if let v = env["HEPBOX_HOST"] { config.host = v }
        if let v = env["HEPBOX_PORT"] {
            guard let port = Int(v) else { throw HepboxError.badRequest("HEPBOX_PORT must be a number, not \(v)") }
            config.port = port
        }
        if let v = env["HEPBOX_STORAGE_NODES"] { config.storageNodes = v.split(separator: ":").map(String.init) }
        if let v = env["HEPBOX_REPLICAS"] {
            guard let r = Int(v) else { throw HepboxError.badRequest("HEPBOX_REPLICAS must be a number, not \(v)") }
            config.replicas = r
        }
        if let v = env["HEPBOX_DEFAULT_QUOTA"] { config.defaultQuota = try ByteSize.parse(v) }
        if let v = env["HEPBOX_ALLOW_INFINITE_DEPTH"] { config.allowInfiniteDepth = ["1", "true", "yes"].contains(v.lowercased()) }
        if let v = env["HEPBOX_LOG_LEVEL"] { config.logLevel = v }
        if let v = env["HEPBOX_SHARE_FOLDER"] { config.shareFolder = try ShareFolderText.parse(v) }
        if let v = env["HEPBOX_TRUSTED_PROXIES"] {
            config.trustedProxies = try TrustedProxies(v.split(separator: ",").map(String.init))
        }
        if let v = env["HEPBOX_IDLE_TIMEOUT"] {
            guard let seconds = Int(v) else { throw HepboxError.badRequest("HEPBOX_IDLE_TIMEOUT must be a number of seconds, not \(v)") }
            config.idleTimeoutSeconds = seconds
        }
        if let v = env["HEPBOX_TRASH_RETENTION_DAYS"] {
            guard let days = Int(v) else { throw HepboxError.badRequest("HEPBOX_TRASH_RETENTION_DAYS must be a number, not \(v)") }
            config.trashRetentionDays = days
        }
    }
}

/// `sharing.share_folder`: a folder path such as `/Shared` (`/` or empty = the root).
enum ShareFolderText {
    static func parse(_ text: String) throws -> TreePath {
        try TreePath(slashSeparated: text)
    }
}

/// Sizes written as `1048576`, `10 MB`, `2GiB`, or `none`/`unlimited` (nil).
public enum ByteSize {
    public static func parse(_ text: String) throws -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "none" || t == "unlimited" || t.isEmpty { return nil }
        let units: [(String, Int64)] = [("tib", 1 << 40), ("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10),
                                        ("tb", 1_000_000_000_000), ("gb", 1_000_000_000), ("mb", 1_000_000), ("kb", 1000), ("b", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let number = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0 else { break }
            return Int64(number * Double(factor))
        }
        if let plain = Int64(t), plain >= 0 { return plain }
        throw HepboxError.badRequest("\(text) is not a size (e.g. 1048576, 10 MB, 2 GiB, unlimited)")
    }
}

/// Typed access to one mapping of the YAML file, remembering which keys were read so unknown ones are reported.
struct KeyReader {
    let values: [String: Any]
    let section: String
    let source: String
    var used: Set<String> = []

    init(_ values: [String: Any], section: String, source: String) {
        self.values = values
        self.section = section
        self.source = source
    }

    private func name(_ key: String) -> String { section.isEmpty ? key : "\(section).\(key)" }

    mutating func raw(_ key: String) -> Any? {
        used.insert(key)
        let value = values[key]
        return value is NSNull ? nil : value
    }

    mutating func string(_ key: String) throws -> String? {
        guard let v = raw(key) else { return nil }
        if let s = v as? String { return s }
        if let i = v as? Int { return String(i) }
        if let d = v as? Double { return String(d) }
        throw HepboxError.badRequest("\(source): \(name(key)) must be a string")
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let v = raw(key) else { return nil }
        if let i = v as? Int { return i }
        throw HepboxError.badRequest("\(source): \(name(key)) must be a whole number")
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let v = raw(key) else { return nil }
        if let b = v as? Bool { return b }
        throw HepboxError.badRequest("\(source): \(name(key)) must be true or false")
    }

    mutating func stringList(_ key: String) throws -> [String]? {
        guard let v = raw(key) else { return nil }
        if let list = v as? [Any] {
            return try list.map { item in
                guard let s = item as? String else { throw HepboxError.badRequest("\(source): \(name(key)) must be a list of strings") }
                return s
            }
        }
        throw HepboxError.badRequest("\(source): \(name(key)) must be a list")
    }

    mutating func section(_ key: String) throws -> KeyReader? {
        guard let v = raw(key) else { return nil }
        guard let map = v as? [String: Any] else { throw HepboxError.badRequest("\(source): \(name(key)) must be a mapping") }
        return KeyReader(map, section: name(key), source: source)
    }

    func rejectUnknown() throws {
        let unknown = Set(values.keys).subtracting(used).sorted()
        if let first = unknown.first {
            throw HepboxError.badRequest("\(source): unknown key \(name(first)) (see the README for the keys)")
        }
    }
}
