public enum ZipCompression: Sendable {
    /// No compression: fastest, and most science data is compressed already.
    case store
    case deflate
}

/// Writes a ZIP archive entry by entry to an async sink, as the bytes are produced.
///
/// Memory stays bounded whatever the archive size: content is fed to libarchive in slices of at most
/// `sliceSize` bytes and its output goes to the sink once `sliceSize` bytes are pending, so the writer buffers
/// less than about 2 × `sliceSize` plus one header. The sink's pace is the writer's pace (backpressure).
/// The exception is `finish()`: the central directory (about 100 bytes + the name per entry, which libarchive
/// keeps in memory from the start, as any ZIP writer must) is produced in one go, then handed over in slices.
///
/// ZIP64 records are written when an entry or the archive passes 4 GiB or there are more than 65,535 entries.
/// Non-copyable: one writer owns one archive; it is used from one task at a time.
public struct ZipStreamWriter: ~Copyable {
    public static let sliceSize = 64 * 1024

    private let encoder: LibarchiveZipEncoder
    private let sink: @Sendable ([UInt8]) async throws -> Void
    private var isOpen = true
    /// Bytes handed to the sink so far.
    public private(set) var bytesWritten: Int64 = 0

    /// The most bytes the writer held at once, waiting for the sink (see the type's note on `finish()`).
    public var peakBufferedBytes: Int { encoder.peakPendingCount }

    /// - Parameter sink: receives the archive's bytes in order; the writer waits for it before producing more.
    public init(compression: ZipCompression = .store,
                sink: @escaping @Sendable ([UInt8]) async throws -> Void) throws(ZipArchiveError) {
        encoder = try LibarchiveZipEncoder(compression: compression)
        self.sink = sink
    }

    /// Adds a file whose bytes come from `content`. A bad path or entry throws before anything is written and the
    /// writer stays usable; any later error (content, sink, size mismatch) closes it, the archive being incomplete.
    public mutating func add<Content: AsyncSequence>(_ entry: ZipEntry, content: Content) async throws
    where Content.Element == [UInt8] {
        try requireOpen()
        if entry.isFolder { throw ZipArchiveError.invalidEntry(entry.path, reason: "a folder has no content: use addFolder") }
        if let size = entry.size, size < 0 { throw ZipArchiveError.invalidEntry(entry.path, reason: "negative size") }
        let name = try ZipMemberName.validated(entry.path, isFolder: false)
        do {
            try encoder.writeHeader(name: name, isFolder: false, mtime: Self.storableTime(entry.mtime), size: entry.size)
            var streamed: Int64 = 0
            for try await chunk in content {
                streamed += Int64(chunk.count)
                // libarchive would silently drop bytes past the declared size; a short file would leave a wrong header.
                if let declared = entry.size, streamed > declared {
                    throw ZipArchiveError.sizeMismatch(entry.path, declared: declared, streamed: streamed)
                }
                try await write(chunk)
            }
            if let declared = entry.size, streamed != declared {
                throw ZipArchiveError.sizeMismatch(entry.path, declared: declared, streamed: streamed)
            }
            try encoder.finishEntry()
            try await deliver(all: false)
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Adds a folder entry (stored with a trailing `/`); `entry.isFolder` must be true.
    public mutating func addFolder(_ entry: ZipEntry) async throws {
        try requireOpen()
        if !entry.isFolder { throw ZipArchiveError.invalidEntry(entry.path, reason: "not a folder: use add(_:content:)") }
        let name = try ZipMemberName.validated(entry.path, isFolder: true)
        do {
            try encoder.writeHeader(name: name, isFolder: true, mtime: Self.storableTime(entry.mtime), size: nil)
            try encoder.finishEntry()
            try await deliver(all: false)
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Writes the central directory and hands the rest of the archive to the sink. The writer is closed after.
    public mutating func finish() async throws {
        try requireOpen()
        isOpen = false
        try encoder.close()
        try await deliver(all: true)
    }

    private func requireOpen() throws(ZipArchiveError) {
        if !isOpen { throw .writerClosed }
    }

    /// Feeds libarchive one slice at a time, so a huge chunk from the caller never doubles in our buffer.
    private mutating func write(_ chunk: [UInt8]) async throws {
        var start = 0
        while start < chunk.count {
            try Task.checkCancellation()
            let end = min(start + Self.sliceSize, chunk.count)
            try chunk.withUnsafeBytes { bytes in
                try encoder.writeData(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            }
            start = end
            try await deliver(all: false)
        }
    }

    /// Hands pending output to the sink: always when `all`, else once a slice's worth has gathered, so that
    /// thousands of small files do not turn into thousands of tiny writes.
    private mutating func deliver(all: Bool) async throws {
        let pendingCount = encoder.pending.count
        guard pendingCount > 0, all || pendingCount >= Self.sliceSize else { return }
        let bytes = encoder.takePending()
        if bytes.count <= 2 * Self.sliceSize {
            try await sink(bytes)
        } else {
            for start in stride(from: 0, to: bytes.count, by: Self.sliceSize) {
                try await sink(Array(bytes[start..<min(start + Self.sliceSize, bytes.count)]))
            }
        }
        bytesWritten += Int64(bytes.count)
    }

    /// The extended-timestamp field holds 32 bits, read as signed by common tools.
    private static func storableTime(_ mtime: Int64) -> Int64 {
        min(max(mtime, 0), Int64(Int32.max))
    }
}
