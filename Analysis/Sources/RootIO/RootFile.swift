import Foundation

/// An open ROOT file: header, directories and keys. Objects (trees, histograms, streamers) are read
/// only when asked for, so opening a file costs a few small reads.
public final class RootFile: Sendable {
    public let source: any ByteSource
    /// ROOT version that wrote the file (e.g. 62208 for 6.22/08).
    public let rootVersion: Int
    /// True when the header uses 64-bit seeks (fVersion ≥ 1,000,000).
    public let isLargeFile: Bool
    /// File default compression (algorithm × 100 + level); baskets say their own codec.
    public let compression: Int
    /// How many baskets a read may decompress at once (1 = on the calling thread only).
    public let parallelism: Int
    let seekInfo: Int64
    let infoBytes: Int
    let topDirectory: DirectoryRecord
    private let directoryCache = Locked<[String: [RootKeyInfo]]>([:])
    private let keyIndex = Locked<[String: [RootKey]]>([:])
    private let streamerCache = Locked<[StreamerInfo]?>(nil)
    /// Decompression buffers reused from one basket read to the next.
    let scratch = ScratchPool()

    public convenience init(path: String) throws {
        try self.init(source: try LocalFileSource(path: path))
    }

    public convenience init(path: String, parallelism: Int) throws {
        try self.init(source: try LocalFileSource(path: path), parallelism: parallelism)
    }

    /// `parallelism` bounds concurrent basket decompression (default: one per core; 1 for single-core benchmarks).
    public init(source: any ByteSource, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.source = source
        self.parallelism = max(1, parallelism)
        let headerBytes = try source.read(at: 0, count: Int(min(source.size, 128)))
        var cursor = RootCursor(bytes: headerBytes, keyOrigin: 0, context: "file header")
        guard headerBytes.count >= 4, headerBytes[0..<4].elementsEqual("root".utf8) else {
            throw RootError.format("not a ROOT file (no \"root\" magic at the start)")
        }
        try cursor.skip(4)
        let fileVersion = Int(try cursor.i32())
        let begin = Int64(try cursor.i32())
        isLargeFile = fileVersion >= 1_000_000
        rootVersion = isLargeFile ? fileVersion - 1_000_000 : fileVersion
        let end = isLargeFile ? try cursor.i64() : Int64(try cursor.i32())
        _ = isLargeFile ? try cursor.i64() : Int64(try cursor.i32())  // fSeekFree
        _ = try cursor.i32()  // fNbytesFree
        _ = try cursor.i32()  // nfree
        let nameBytes = Int64(try cursor.i32())
        _ = try cursor.u8()   // fUnits
        compression = Int(try cursor.i32())
        seekInfo = isLargeFile ? try cursor.i64() : Int64(try cursor.i32())
        infoBytes = Int(try cursor.i32())
        if end > source.size {
            throw RootError.format("file is truncated: header says it ends at \(end) but it has \(source.size) bytes")
        }
        topDirectory = try DirectoryRecord.read(from: source, at: begin + nameBytes, what: "top directory")
    }

    /// Keys of a directory ("" is the top; "a/b" nested), every cycle, in file order.
    public func keys(in directory: String = "") throws -> [RootKeyInfo] {
        let path = RootFile.normalize(directory)
        if let cached = directoryCache.withLock({ $0[path] }) { return cached }
        let keys = try rawKeys(in: path)
        let infos = keys.map { key in
            RootKeyInfo(name: key.name, cycle: key.cycle, className: key.className, title: key.title,
                        path: path.isEmpty ? key.name : path + "/" + key.name, objectBytes: key.objectLength,
                        storedBytes: key.totalBytes - key.keyLength)
        }
        directoryCache.withLock { $0[path] = infos }
        return infos
    }

    /// Every key of every directory, depth first (directories listed before their contents).
    public func allKeys() throws -> [RootKeyInfo] {
        var out: [RootKeyInfo] = []
        func walk(_ directory: String) throws {
            let listing = try keys(in: directory)
            for key in listing {
                out.append(key)
                if key.isDirectory && isHighestCycle(key, among: listing) { try walk(key.path) }
            }
        }
        try walk("")
        return out
    }

    private func isHighestCycle(_ key: RootKeyInfo, among keys: [RootKeyInfo]) -> Bool {
        !keys.contains { $0.name == key.name && $0.cycle > key.cycle }
    }

    /// The TTree at `path` ("dir/name", optional ";cycle").
    public func tree(_ path: String) throws -> RootTree {
        let key = try findKey(path)
        switch key.className {
        case "TTree", "TNtuple", "TNtupleD":
            let payload = try loadPayload(key)
            var cursor = RootCursor(bytes: payload, keyOrigin: key.keyLength, context: "TTree \(path)")
            let header = try TreeParser.parseTree(&cursor, className: key.className)
            return RootTree(file: self, path: path, header: header)
        case let name where name.contains("RNTuple"):
            throw RootError.unsupported("\(path) is an RNTuple (\(name)); this reader handles TTree only")
        default:
            throw RootError.unsupported("\(path) is a \(key.className), not a TTree")
        }
    }

    /// The TH1/TH2/TProfile at `path`.
    public func histogram(_ path: String) throws -> RootHistogramData {
        let key = try findKey(path)
        guard HistogramParser.supportedClasses.contains(key.className) else {
            throw RootError.unsupported("\(path) is a \(key.className); histograms of classes \(HistogramParser.supportedClasses.sorted().joined(separator: ", ")) are supported")
        }
        let payload = try loadPayload(key)
        var cursor = RootCursor(bytes: payload, keyOrigin: key.keyLength, context: "\(key.className) \(path)")
        return try HistogramParser.parse(&cursor, className: key.className)
    }

    /// The streamer infos (class layouts) stored in the file, read on first use.
    public func streamers() throws -> [StreamerInfo] {
        if let cached = streamerCache.withLock({ $0 }) { return cached }
        guard seekInfo > 0 else { return [] }
        let key = try readKey(at: seekInfo)
        let payload = try loadPayload(key)
        var cursor = RootCursor(bytes: payload, keyOrigin: key.keyLength, context: "streamer info")
        let infos = try StreamerParser.parseList(&cursor)
        streamerCache.withLock { $0 = infos }
        return infos
    }

    /// The streamer of `className` (highest class version when several are stored).
    func streamer(for className: String) throws -> StreamerInfo? {
        try streamers().filter { $0.className == className }.max { $0.classVersion < $1.classVersion }
    }

    // MARK: - keys and payloads

    static func normalize(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    /// Finds "dir/sub/name;cycle" (highest cycle when none is given).
    func findKey(_ path: String) throws -> RootKey {
        var components = RootFile.normalize(path).split(separator: "/").map(String.init)
        guard var last = components.popLast() else { throw RootError.notFound("empty object path") }
        var cycle: Int? = nil
        if let semicolon = last.lastIndex(of: ";") {
            guard let number = Int(last[last.index(after: semicolon)...]) else { throw RootError.notFound("bad cycle in \(path)") }
            cycle = number
            last = String(last[..<semicolon])
        }
        let directory = components.joined(separator: "/")
        let candidates = try rawKeys(in: directory).filter { $0.name == last && (cycle == nil || $0.cycle == cycle) }
        guard let key = candidates.max(by: { $0.cycle < $1.cycle }) else {
            throw RootError.notFound("no object \(path) in the file")
        }
        return key
    }

    private func rawKeys(in directory: String) throws -> [RootKey] {
        if let cached = keyIndex.withLock({ $0[directory] }) { return cached }
        var record = topDirectory
        var walked: [String] = []
        for component in directory.split(separator: "/").map(String.init) {
            let here = walked.joined(separator: "/")
            let keys = try rawKeys(in: here)
            guard let key = keys.filter({ $0.name == component }).max(by: { $0.cycle < $1.cycle }) else {
                throw RootError.notFound("no directory \(component) in \(here.isEmpty ? "the top directory" : here)")
            }
            guard key.className == "TDirectory" || key.className == "TDirectoryFile" else {
                throw RootError.notFound("\(component) is a \(key.className), not a directory")
            }
            let payload = try loadPayload(key)
            record = try DirectoryRecord.parse(payload, what: "directory \(component)")
            walked.append(component)
        }
        let keys = try record.readKeys(from: source, what: directory.isEmpty ? "top directory" : directory)
        keyIndex.withLock { $0[directory] = keys }
        return keys
    }

    func readKey(at seek: Int64) throws -> RootKey {
        let prefix = try source.read(at: seek, count: Int(min(18, source.size - seek)))
        guard prefix.count == 18 else { throw RootError.format("key at \(seek) is truncated") }
        let keyLength = Int(UInt16(prefix[14]) << 8 | UInt16(prefix[15]))
        let bytes = try source.read(at: seek, count: keyLength)
        var cursor = RootCursor(bytes: bytes, keyOrigin: 0, context: "key at \(seek)")
        let key = try RootKey.parse(&cursor)
        return RootKey(totalBytes: key.totalBytes, version: key.version, objectLength: key.objectLength,
                       keyLength: key.keyLength, cycle: key.cycle, seekKey: seek, className: key.className,
                       name: key.name, title: key.title)
    }

    /// The uncompressed payload of a key.
    func loadPayload(_ key: RootKey) throws -> [UInt8] {
        let stored = key.totalBytes - key.keyLength
        let raw = try source.read(at: key.seekKey + Int64(key.keyLength), count: stored)
        guard key.isCompressed else { return raw }
        return try [UInt8](unsafeUninitializedCapacity: key.objectLength) { buffer, initialized in
            try raw.withUnsafeBytes { input in
                try Decompressor.decompress(input, into: UnsafeMutableRawBufferPointer(buffer), what: "\(key.className) \(key.name)")
            }
            initialized = key.objectLength
        }
    }
}
