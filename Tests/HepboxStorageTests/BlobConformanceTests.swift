import CSystemZlib
import Crypto
import Foundation
import HepboxCore
@testable import HepboxStorage
import Testing

/// Every BlobStore implementation must pass these.
@Suite("BlobStore conformance")
struct BlobConformanceTests {
    static let block = 64 << 10

    @Test(arguments: BlobEngine.allCases, [0, 1, block - 1, block, block + 1, 3 * block + 17, 5 << 20, (13 << 20) + 4_097])
    func roundTripWithIndependentChecksums(engine: BlobEngine, size: Int) async throws {
        let harness = try engine.make(nodes: 2, replicas: 2, blockSize: Self.block)
        let bytes = Blobs.bytes(size, seed: UInt64(size))
        let record = try await Blobs.write(bytes, to: harness.store)
        #expect(record.size == Int64(size))
        #expect(record.blockSize == Self.block)
        #expect(BlobIdentifiers.isValid(record.id))
        #expect(try await Blobs.read(record, from: harness.store) == bytes)
        #expect(try await harness.store.readWhole(record) == bytes)

        // Reference values from zlib and swift-crypto over the same bytes, not through the store's code.
        let sums = bytes.withUnsafeBufferPointer { buffer -> (UInt, String, String) in
            let adler = CSystemZlib.adler32(CSystemZlib.adler32(0, nil, 0), buffer.baseAddress, uInt(buffer.count))
            let sha = Insecure.SHA1.hash(data: UnsafeRawBufferPointer(buffer))
            let md5 = Insecure.MD5.hash(data: UnsafeRawBufferPointer(buffer))
            return (adler, sha.map { String(format: "%02x", $0) }.joined(), md5.map { String(format: "%02x", $0) }.joined())
        }
        #expect(record.checksums.adler32 == String(format: "%08x", sums.0))
        #expect(record.checksums.sha1 == sums.1)
        #expect(record.checksums.md5 == sums.2)
        let blocks = stride(from: 0, to: size, by: Self.block).map { start -> UInt32 in
            let slice = Array(bytes[start..<min(start + Self.block, size)])
            return UInt32(slice.withUnsafeBufferPointer {
                CSystemZlib.adler32(CSystemZlib.adler32(0, nil, 0), $0.baseAddress, uInt($0.count))
            })
        }
        #expect(record.blockChecksums == blocks)
        #expect(try await harness.store.check([record], repair: false).problems.isEmpty)
    }

    /// Without file checksums (a chunk of a chunked upload) a blob has its block checksums and ADLER32, reads
    /// and checks exactly like any other, and no SHA1 or MD5.
    @Test(arguments: BlobEngine.allCases, [1, 3 * block + 17, 5 << 20])
    func blockChecksumsOnly(engine: BlobEngine, size: Int) async throws {
        let harness = try engine.make(nodes: 2, replicas: 2, blockSize: Self.block)
        let bytes = Blobs.bytes(size, seed: 7)
        let record = try await Blobs.write(bytes, to: harness.store, fileChecksums: false)
        #expect(record.checksums.sha1.isEmpty && record.checksums.md5.isEmpty)
        let adler = bytes.withUnsafeBufferPointer { CSystemZlib.adler32(CSystemZlib.adler32(0, nil, 0), $0.baseAddress, uInt($0.count)) }
        #expect(record.checksums.adler32 == String(format: "%08x", adler))
        #expect(record.blockChecksums.count == (size + Self.block - 1) / Self.block)
        #expect(try await Blobs.read(record, from: harness.store) == bytes)
        #expect(try await harness.store.readWhole(record) == bytes)
        #expect(try await harness.store.check([record], repair: false).problems.isEmpty)
    }

    /// Range reads keep the blocks they used only part of: the next ranges in a block are served from memory
    /// (here even after every replica of it was damaged, which only fsck and uncached reads notice), whole-block
    /// reads do not fill the cache, and it stays within its capacity.
    @Test(arguments: BlobEngine.allCases)
    func rangesReuseTheBlocksTheyVerified(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 2, replicas: 2, blockSize: Self.block)
        let bytes = Blobs.bytes(4 * Self.block, seed: 11)
        let record = try await Blobs.write(bytes, to: harness.store)
        let inBlock1 = Int64(Self.block + 100)..<Int64(Self.block + 5_000)
        for _ in 0..<2 {  // kept the second time
            #expect(try await Blobs.read(record, from: harness.store, range: inBlock1) == Array(bytes[Int(inBlock1.lowerBound)..<Int(inBlock1.upperBound)]))
        }
        for node in record.replicas { try await harness.flipByte(record.id, on: node, at: Self.block + 10_000) }
        let later = Int64(Self.block + 9_000)..<Int64(Self.block + 12_000)
        #expect(try await Blobs.read(record, from: harness.store, range: later) == Array(bytes[Int(later.lowerBound)..<Int(later.upperBound)]))
        // The same, without a reader: on the calling thread when every block is kept, nil otherwise.
        #expect(harness.store.readRangeIfCached(record, range: later) == Array(bytes[Int(later.lowerBound)..<Int(later.upperBound)]))
        #expect(harness.store.readRangeIfCached(record, range: Int64(Self.block + 10)..<Int64(2 * Self.block + 10)) == nil)
        #expect(harness.store.readRangeIfCached(record, range: Int64(3 * Self.block)..<Int64(3 * Self.block + 10)) == nil)
        // Block 3 was read in part once only, so not kept: its damage is found.
        _ = try await Blobs.read(record, from: harness.store, range: Int64(3 * Self.block)..<Int64(3 * Self.block + 1))
        for node in record.replicas { try await harness.flipByte(record.id, on: node, at: 3 * Self.block + 10) }
        await #expect(throws: HepboxError.self) {
            _ = try await Blobs.read(record, from: harness.store, range: Int64(3 * Self.block + 20)..<Int64(3 * Self.block + 30))
        }
        let problems = try await harness.store.check([record], repair: false).problems
        #expect(problems.contains { $0.kind == .corruptReplica } && problems.contains { $0.kind == .unrecoverable }, "\(problems)")
    }

    @Test func theBlockCacheKeepsABlockOfferedTwiceAndStaysWithinItsCapacity() {
        let once = VerifiedBlockCache(capacity: 1_000)
        once.offer(.init(blobID: "a", index: 0), [1])
        #expect(once.block(.init(blobID: "a", index: 0)) == nil)
        once.offer(.init(blobID: "a", index: 0), [1])
        #expect(once.block(.init(blobID: "a", index: 0)) == [1])
        for index in 0..<1_000 { once.offer(.init(blobID: "scattered", index: index), [2]) }
        #expect(once.usage.blocks == 1)

        let cache = VerifiedBlockCache(capacity: 1_000)
        for index in 0..<100 { cache.insert(.init(blobID: "b", index: index), [UInt8](repeating: UInt8(index), count: 100)) }
        #expect(cache.usage.bytes <= 1_000 && cache.usage.blocks == 10)
        #expect(cache.block(.init(blobID: "b", index: 99)) == [UInt8](repeating: 99, count: 100))
        #expect(cache.block(.init(blobID: "b", index: 0)) == nil)
        cache.insert(.init(blobID: "big", index: 0), [UInt8](repeating: 1, count: 400))  // over a quarter: not kept
        #expect(cache.block(.init(blobID: "big", index: 0)) == nil)
    }

    @Test(arguments: BlobEngine.allCases)
    func knownChecksumsOfSmallInputs(engine: BlobEngine) async throws {
        let store = try engine.make().store
        let abc = try await Blobs.write(Array("abc".utf8), to: store)
        #expect(abc.checksums == Checksums(sha1: "a9993e364706816aba3e25717850c26c9cd0d89d",
                                           md5: "900150983cd24fb0d6963f7d28e17f72", adler32: "024d0127"))
        let empty = try await Blobs.write([], to: store)
        #expect(empty.checksums == Checksums(sha1: "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                                             md5: "d41d8cd98f00b204e9800998ecf8427e", adler32: "00000001"))
        #expect(empty.blockChecksums.isEmpty)
        #expect(try await Blobs.read(empty, from: store).isEmpty)
    }

    @Test(arguments: BlobEngine.allCases)
    func ranges(engine: BlobEngine) async throws {
        let store = try engine.make(blockSize: Self.block).store
        let size = 4 * Self.block + 100
        let bytes = Blobs.bytes(size)
        let record = try await Blobs.write(bytes, to: store, chunk: 1 << 20)
        let b = Int64(Self.block)
        let cases: [Range<Int64>] = [0..<1, 5..<10, 0..<b, b - 1..<b + 1, 10..<3 * b + 7, b..<2 * b,
                                     Int64(size) - 1..<Int64(size), 0..<Int64(size), 7..<7, 2 * b..<Int64(size) + 500]
        for range in cases {
            let got = try await Blobs.read(record, from: store, range: range)
            let upper = Int(min(range.upperBound, Int64(size)))
            #expect(got == Array(bytes[Int(range.lowerBound)..<upper]), "range \(range)")
        }
        await expectCode(.rangeNotSatisfiable) { _ = try await Blobs.read(record, from: store, range: Int64(size)..<Int64(size) + 1) }
    }

    @Test(arguments: BlobEngine.allCases)
    func twoReplicasOnThreeNodesAreOnDistinctNodesAndSpread(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        let nodes = try await harness.identities()
        var used: [String: Int] = [:]
        for index in 0..<30 {
            let record = try await Blobs.write(Blobs.bytes(100, seed: UInt64(index)), to: harness.store)
            #expect(record.replicas.count == 2)
            #expect(Set(record.replicas).count == 2)
            for node in record.replicas {
                #expect(nodes.contains(node))
                #expect(try await harness.hasReplica(record.id, on: node))
                used[node, default: 0] += 1
            }
        }
        #expect(used.count == 3)
        #expect(used.values.allSatisfy { $0 >= 10 }, "uneven placement \(used)")
    }

    /// The small-GET path: verified bytes of a one-block blob from memory, never a corrupt copy, nil for the rest.
    @Test(arguments: BlobEngine.allCases)
    func smallBlobsComeFromMemoryOnlyAsAVerifiedCopy(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 2, replicas: 2, blockSize: Self.block)
        let bytes = Blobs.bytes(4_096, seed: 9)
        let record = try await Blobs.write(bytes, to: harness.store)
        #expect(harness.store.readWholeIfCached(record) == bytes)
        try await harness.flipByte(record.id, on: record.replicas[0], at: 100)
        #expect(harness.store.readWholeIfCached(record) == bytes)  // from the second replica
        try await harness.flipByte(record.id, on: record.replicas[1], at: 7)
        #expect(harness.store.readWholeIfCached(record) == nil)
        await expectCode(.corrupt) { _ = try await harness.store.readWhole(record) }

        let twoBlocks = try await Blobs.write(Blobs.bytes(Self.block + 1), to: harness.store)
        #expect(harness.store.readWholeIfCached(twoBlocks) == nil)
        let gone = try await Blobs.write(bytes, to: harness.store)
        for node in gone.replicas { try await harness.drop(gone.id, on: node) }
        #expect(harness.store.readWholeIfCached(gone) == nil)
    }

    @Test(arguments: BlobEngine.allCases)
    func readsFallBackPerBlock(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        let bytes = Blobs.bytes(5 * Self.block)
        let record = try await Blobs.write(bytes, to: harness.store)
        let (first, second) = (record.replicas[0], record.replicas[1])

        // One flipped byte in the first replica, another in a different block of the second: still readable.
        try await harness.flipByte(record.id, on: first, at: 2 * Self.block + 5)
        try await harness.flipByte(record.id, on: second, at: 4 * Self.block)
        #expect(try await Blobs.read(record, from: harness.store) == bytes)
        #expect(try await harness.store.readWhole(record) == bytes)  // the small-file path: same fallback
        #expect(try await Blobs.read(record, from: harness.store, range: Int64(2 * Self.block)..<Int64(5 * Self.block))
                == Array(bytes[(2 * Self.block)..<bytes.count]))

        // The first replica missing altogether.
        try await harness.drop(record.id, on: first)
        await expectCode(.corrupt) { _ = try await Blobs.read(record, from: harness.store) }
        await expectCode(.corrupt) { _ = try await harness.store.readWhole(record) }
        let clean = try await Blobs.write(bytes, to: harness.store)
        try await harness.drop(clean.id, on: clean.replicas[0])
        #expect(try await Blobs.read(clean, from: harness.store) == bytes)
        #expect(try await harness.store.readWhole(clean) == bytes)

        // Both copies of one block bad: the stream fails with .corrupt (after the good blocks before it).
        let twice = try await Blobs.write(bytes, to: harness.store)
        for node in twice.replicas { try await harness.flipByte(twice.id, on: node, at: 3 * Self.block + 1) }
        var received = 0
        do {
            for try await chunk in harness.store.read(twice, range: nil) { received += chunk.count }
            Issue.record("read of a blob without any good copy of a block succeeded")
        } catch let error as HepboxError {
            #expect(error.code == .corrupt)
        }
        #expect(received == 3 * Self.block)
    }

    @Test(arguments: BlobEngine.allCases)
    func checkFindsMissingCorruptAndOrphansAndRepairRestoresReplicas(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        var records: [BlobRecord] = []
        for index in 0..<12 {
            records.append(try await Blobs.write(Blobs.bytes(Self.block * (index % 4) + index, seed: UInt64(index)),
                                                 to: harness.store))
        }
        let missing = records[1], corrupt = records[2], grown = records[3], torn = records[7], bothBad = records[5]
        func content(_ index: Int) -> [UInt8] { Blobs.bytes(Self.block * (index % 4) + index, seed: UInt64(index)) }
        try await harness.drop(missing.id, on: missing.replicas[0])
        try await harness.flipByte(corrupt.id, on: corrupt.replicas[1], at: 0)
        // Both replicas damaged, in different blocks: together they still hold every block.
        try await harness.flipByte(bothBad.id, on: bothBad.replicas[0], at: 1)
        try await harness.flipByte(bothBad.id, on: bothBad.replicas[1], at: Self.block + 1)
        // A replica one byte longer than recorded, and one cut short.
        try await harness.overwrite(grown.id, on: grown.replicas[0], with: content(3) + [0])
        try await harness.overwrite(torn.id, on: torn.replicas[1], with: content(7).dropLast(1))
        let nodes = try await harness.identities()
        let orphanNode = nodes[0]
        let orphan = try await harness.placeOrphan(on: orphanNode)
        try await harness.placeStaleTemporary(on: nodes[1])

        let report = try await harness.store.check(records, repair: false)
        func has(_ kind: BlobCheckReport.Problem.Kind, _ id: String, _ node: String? = nil) -> Bool {
            report.problems.contains { $0.kind == kind && $0.blobID == id && (node == nil || $0.storageNode == node) }
        }
        #expect(has(.missingReplica, missing.id, missing.replicas[0]))
        #expect(has(.underReplicated, missing.id))
        #expect(has(.corruptReplica, corrupt.id, corrupt.replicas[1]))
        #expect(has(.corruptReplica, bothBad.id, bothBad.replicas[0]) && has(.corruptReplica, bothBad.id, bothBad.replicas[1]))
        #expect(has(.corruptReplica, grown.id, grown.replicas[0]) && has(.corruptReplica, torn.id, torn.replicas[1]))
        #expect(has(.orphan, orphan, orphanNode))
        #expect(report.problems.contains { $0.kind == .orphan && $0.detail.contains("temporary") })
        #expect(!report.problems.contains { $0.kind == .unrecoverable })
        #expect(report.repaired.isEmpty && report.updatedRecords.isEmpty)
        for record in records where ![missing.id, corrupt.id, grown.id, torn.id, bothBad.id].contains(record.id) {
            #expect(!report.problems.contains { $0.blobID == record.id })
        }

        let repair = try await harness.store.check(records, repair: true)
        #expect(repair.problems == report.problems)
        #expect(!repair.updatedRecords.isEmpty)
        var fixed = records
        for updated in repair.updatedRecords {
            if let index = fixed.firstIndex(where: { $0.id == updated.id }) { fixed[index] = updated }
        }
        let second = try await harness.store.check(fixed, repair: false)
        #expect(second.problems.isEmpty, "\(second.problems)")
        for (index, record) in fixed.enumerated() {
            #expect(Set(record.replicas).count == 2)
            for node in record.replicas { #expect(try await harness.hasReplica(record.id, on: node)) }
            #expect(try await Blobs.read(record, from: harness.store) == Blobs.bytes(Self.block * (index % 4) + index,
                                                                                    seed: UInt64(index)))
        }
        #expect(try await !harness.hasReplica(orphan, on: orphanNode))
        #expect(try await harness.temporaryFileCount() == 0)
    }

    @Test(arguments: BlobEngine.allCases)
    func aLostNodeAndAFlippedByteAreRepaired(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        var records: [BlobRecord] = []
        var contents: [String: [UInt8]] = [:]
        for index in 0..<20 {
            let bytes = Blobs.bytes(1000 * index + Self.block / 2, seed: UInt64(index + 100))
            let record = try await Blobs.write(bytes, to: harness.store)
            records.append(record)
            contents[record.id] = bytes
        }
        let nodes = try await harness.identities()
        try await harness.wipe(nodes[0])
        let victim = try #require(records.first { !$0.replicas.contains(nodes[0]) })
        try await harness.flipByte(victim.id, on: victim.replicas[0], at: 10)
        for record in records { #expect(try await Blobs.read(record, from: harness.store) == contents[record.id]) }

        let report = try await harness.store.check(records, repair: true)
        #expect(report.problems.contains { $0.kind == .missingReplica && $0.storageNode == nodes[0] })
        #expect(report.problems.contains { $0.kind == .corruptReplica && $0.blobID == victim.id })
        #expect(!report.problems.contains { $0.kind == .unrecoverable })
        var fixed = records
        for updated in report.updatedRecords {
            if let index = fixed.firstIndex(where: { $0.id == updated.id }) { fixed[index] = updated }
        }
        #expect(try await harness.store.check(fixed, repair: false).problems.isEmpty)
        let current = try await harness.identities()
        for record in fixed {
            #expect(Set(record.replicas).count == 2 && record.replicas.allSatisfy(current.contains))
            #expect(try await Blobs.read(record, from: harness.store) == contents[record.id])
        }
    }

    @Test(arguments: BlobEngine.allCases)
    func anUnrecoverableBlobKeepsItsLastCopies(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 2, replicas: 2, blockSize: Self.block)
        let record = try await Blobs.write(Blobs.bytes(2 * Self.block), to: harness.store)
        try await harness.flipByte(record.id, on: record.replicas[0], at: 1)
        try await harness.flipByte(record.id, on: record.replicas[1], at: 1)
        let report = try await harness.store.check([record], repair: true)
        #expect(report.problems.contains { $0.kind == .unrecoverable })
        #expect(report.repaired.isEmpty && report.updatedRecords.isEmpty)
        for node in record.replicas { #expect(try await harness.hasReplica(record.id, on: node)) }
    }

    @Test(arguments: BlobEngine.allCases)
    func abortAndDeleteLeaveNothing(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        let writer = try await harness.store.makeWriter()
        try await writer.append(Blobs.bytes(3 * Self.block))
        try await writer.append(Blobs.bytes(10))
        await writer.abort()
        #expect(try await harness.temporaryFileCount() == 0)

        // A writer dropped without finish or abort (a cancelled request) does not leak either.
        do {
            let dropped = try await harness.store.makeWriter()
            try await dropped.append(Blobs.bytes(2 * Self.block))
        }
        #expect(try await harness.temporaryFileCount() == 0)

        let record = try await Blobs.write(Blobs.bytes(1000), to: harness.store)
        try await harness.store.delete(record)
        try await harness.store.delete(record)  // twice: missing replicas are fine
        for node in record.replicas { #expect(try await !harness.hasReplica(record.id, on: node)) }
        #expect(try await harness.store.check([], repair: false).problems.isEmpty)
    }

    @Test(arguments: BlobEngine.allCases)
    func aFinishedButUncommittedBlobIsNoOrphanWhileItsWriterLives(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 1, replicas: 1, blockSize: Self.block)
        let writer = try await harness.store.makeWriter()
        try await writer.append([1, 2, 3])
        let record = try await writer.finish()
        // The metadata transaction has not run yet: fsck must not take the blob for an orphan.
        #expect(try await harness.store.check([], repair: true).problems.isEmpty)
        #expect(try await Blobs.read(record, from: harness.store) == [1, 2, 3])
        _ = writer
    }

    @Test(arguments: BlobEngine.allCases)
    func concurrentWriters(engine: BlobEngine) async throws {
        let harness = try engine.make(nodes: 3, replicas: 2, blockSize: Self.block)
        let store = harness.store
        let records = try await withThrowingTaskGroup(of: (Int, BlobRecord).self) { group in
            for index in 0..<24 {
                group.addTask { (index, try await Blobs.write(Blobs.bytes(index * 9000, seed: UInt64(index)), to: store)) }
            }
            return try await group.reduce(into: [Int: BlobRecord]()) { $0[$1.0] = $1.1 }
        }
        for (index, record) in records {
            #expect(try await Blobs.read(record, from: store) == Blobs.bytes(index * 9000, seed: UInt64(index)))
        }
        #expect(try await store.check(Array(records.values), repair: false).problems.isEmpty)
    }

    @Test func inMemoryFullNodeFailsCleanly() async throws {
        let store = try InMemoryBlobStore(nodeCount: 2, replicas: 2, blockSize: Self.block, capacityPerNode: 100_000)
        let writer = try await store.makeWriter()
        await expectCode(.storageFull) {
            for _ in 0..<10 { try await writer.append(Blobs.bytes(Self.block)) }
            _ = try await writer.finish()
        }
        #expect(try await store.check([], repair: false).problems.isEmpty)
        _ = try await Blobs.write(Blobs.bytes(50_000), to: store)
    }

    @Test func invalidConfigurationsAreRefused() throws {
        let dir = try TemporaryDirectory.make()
        #expect(throws: HepboxError.self) { try LocalReplicatedBlobStore(nodes: [], replicas: 1) }
        #expect(throws: HepboxError.self) { try LocalReplicatedBlobStore(nodes: [dir], replicas: 2) }
        #expect(throws: HepboxError.self) { try InMemoryBlobStore(nodeCount: 2, replicas: 0) }
    }
}
