import HepboxCore

/// Streams one new blob to R replica sinks while hashing it.
///
/// Appends are collected into batches of about `batchSize`. Each batch goes through independent stages, each
/// taking the batches in order: MD5 on one thread, SHA1 and block ADLER32 on another, the write to each sink on
/// others. No stage waits for the others (MD5, the slowest, runs without pause while the copy into the page cache
/// and SHA1 share the other core), and at most `maxBatchesInFlight` batches are in memory: the client is slowed
/// down (back-pressure) when the disks or hashes fall behind. Callers use it sequentially (append… then finish or
/// abort).
actor ReplicatedBlobWriter: BlobWriter {
    private let id: String
    private let sinks: [any ReplicaSink]
    private let blockSize: Int
    private let batchSize: Int
    private let offload: Offload
    /// Nil when only block checksums and ADLER32 are wanted (see `BlobStore.makeWriter(fileChecksums:)`).
    private let md5: MD5State?
    private let sha1Blocks: SHA1BlockState
    private var buffer: [UInt8] = []
    /// The last batch of each stage (MD5, SHA1, one per sink): the next batch of a stage starts after it.
    private var md5Stage: Task<Void, any Error>?
    private var sha1Stage: Task<Void, any Error>?
    private var writeStages: [Task<Void, any Error>?]
    /// Per batch in flight, oldest first: done when every stage has taken it.
    private var inFlight: [Task<Void, any Error>] = []
    static let maxBatchesInFlight = 4
    private var size: Int64 = 0
    private var done = false
    /// Write-back started early (see `startWriteBack`), and the size at which the next one starts.
    private var writeBack: Task<Void, any Error>?
    private var nextWriteBack = ReplicatedBlobWriter.writeBackInterval
    /// Bytes between early write-backs of a large blob.
    static let writeBackInterval: Int64 = 64 << 20

    init(id: String, sinks: [any ReplicaSink], blockSize: Int, batchSize: Int, offload: Offload, fileChecksums: Bool) {
        self.id = id
        self.sinks = sinks
        self.blockSize = blockSize
        self.batchSize = batchSize
        self.offload = offload
        self.md5 = fileChecksums ? MD5State() : nil
        self.sha1Blocks = SHA1BlockState(blockSize: blockSize, sha1: fileChecksums)
        self.writeStages = Array(repeating: nil, count: sinks.count)
    }

    func append(_ bytes: [UInt8]) async throws {
        guard !done else { throw HepboxError(.internalError, "append to a finished blob writer") }
        if buffer.isEmpty && bytes.count >= batchSize {
            buffer = bytes  // a large chunk goes as is, without a copy
        } else {
            if buffer.capacity < batchSize { buffer.reserveCapacity(batchSize) }
            buffer.append(contentsOf: bytes)
        }
        if buffer.count >= batchSize {
            try await failing { try await self.flush() }
        }
    }

    func finish() async throws -> BlobRecord {
        guard !done else { throw HepboxError(.internalError, "blob writer already finished") }
        return try await failing {
            if self.inFlight.isEmpty && self.size == 0 && self.buffer.count <= Self.inlineLimit {
                try await self.finishSmall()
            } else {
                try await self.flush()
                try await self.awaitBatches()
                try await self.awaitWriteBack()
                // Every replica must be durable before the record exists; commits run in parallel (one fsync each).
                try await Self.onEverySink(self.sinks) { try await $0.commit() }
            }
            let size = self.size
            let sinks = self.sinks
            self.done = true
            let sha = self.sha1Blocks.finish()
            return BlobRecord(id: self.id, size: size,
                              checksums: Checksums(sha1: sha.sha1, md5: self.md5?.finish() ?? "", adler32: sha.adler32),
                              blockSize: self.blockSize, blockChecksums: sha.blocks,
                              replicas: sinks.map(\.identity))
        }
    }

    func sync() async throws {
        guard !done else { throw HepboxError(.internalError, "sync of a finished blob writer") }
        try await failing {
            try await self.flush()
            try await self.awaitBatches()
            try await self.awaitWriteBack()
            try await Self.onEverySink(self.sinks) { try await $0.sync() }
        }
    }

    /// A large blob is written back to disk while it streams (an fsync in the background every
    /// `writeBackInterval` bytes), so the final fsync in `finish` does not wait for the whole blob at disk speed
    /// after the network is done. Its outcome is always awaited before the blob is committed: an fsync error is
    /// reported once, so it must never be lost.
    private func startWriteBack() {
        guard size >= nextWriteBack, writeBack == nil else { return }
        nextWriteBack = size + Self.writeBackInterval
        let sinks = self.sinks
        writeBack = Task { try await Self.onEverySink(sinks) { try await $0.sync() } }
    }

    private func awaitWriteBack() async throws {
        guard let pending = writeBack else { return }
        writeBack = nil
        try await pending.value
    }

    /// Bodies up to this size are hashed on the calling thread and written and committed in one step per replica:
    /// for a small file the thread hops of the batch pipeline cost more than the hashing.
    static let inlineLimit = 64 << 10

    private func finishSmall() async throws {
        let batch = buffer
        buffer = []
        size = Int64(batch.count)
        md5?.update(batch)
        sha1Blocks.update(batch)
        try await Self.onEverySink(sinks) { try await $0.writeAndCommit(batch) }
    }

    /// Runs `body` on every sink concurrently (directly when there is one: no child task needed).
    private static func onEverySink(_ sinks: [any ReplicaSink],
                                    _ body: @escaping @Sendable (any ReplicaSink) async throws -> Void) async throws {
        if sinks.count == 1, let only = sinks.first { return try await body(only) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sink in sinks { group.addTask { try await body(sink) } }
            try await group.waitForAll()
        }
    }

    func abort() async {
        guard !done else { return }
        done = true
        // The tail of a stage ends only after every earlier batch of that stage: once the tails are done, no write
        // can still be using a sink's file.
        for stage in [md5Stage, sha1Stage] + writeStages { _ = try? await stage?.value }
        inFlight = []
        _ = try? await writeBack?.value
        writeBack = nil
        buffer = []
        for sink in sinks { await sink.abort() }
    }

    /// Runs `body`; on any error drops every temporary file so a failed upload leaves nothing behind.
    private func failing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HepboxError where error.code == .notFound {
            await abort()
            // A path gone from a storage node (its directory removed under the server) is the server's failure,
            // not the client's: "not found" would tell the uploader that its target does not exist.
            throw HepboxError(.internalError, "storage node: \(error.message)")
        } catch {
            await abort()
            throw error
        }
    }

    /// Every batch in flight, through every stage.
    private func awaitBatches() async throws {
        while !inFlight.isEmpty { try await inFlight.removeFirst().value }
    }

    /// Starts the buffered batch on every stage; waits only when too many batches are in flight.
    private func flush() async throws {
        while inFlight.count >= Self.maxBatchesInFlight { try await inFlight.removeFirst().value }
        if let pending = writeBack, size >= nextWriteBack {
            // The previous write-back still runs a whole interval later: wait for it (the disk is the limit).
            writeBack = nil
            try await pending.value
        }
        startWriteBack()
        guard !buffer.isEmpty else { return }
        let batch = buffer
        buffer = []
        size += Int64(batch.count)
        let md5 = self.md5, sha1Blocks = self.sha1Blocks, offload = self.offload
        if let md5 { md5Stage = Self.after(md5Stage) { try await offload.run { md5.update(batch) } } }
        sha1Stage = Self.after(sha1Stage) { try await offload.run { sha1Blocks.update(batch) } }
        for (index, sink) in sinks.enumerated() {
            writeStages[index] = Self.after(writeStages[index]) { try await sink.write(batch) }
        }
        let stages = [md5Stage, sha1Stage] + writeStages
        inFlight.append(Task {
            for stage in stages { try await stage?.value }
        })
    }

    /// `work` once `previous` has succeeded (a failed stage fails every later batch of that stage).
    private static func after(_ previous: Task<Void, any Error>?,
                              _ work: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        Task {
            try await previous?.value
            try await work()
        }
    }
}
