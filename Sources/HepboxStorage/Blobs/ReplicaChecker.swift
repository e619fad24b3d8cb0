import HepboxCore

/// fsck of the replicas against the records (the EOS classes: missing, corrupt (size/block checksum), replica
/// count below nominal, unregistered/orphan files, stale temporaries) and their repair.
///
/// Repair never propagates or destroys data: copies are made block by block from verified blocks only, a corrupt
/// copy is replaced or removed only once the blob has a good replica elsewhere, and orphan removal only touches
/// files that are not in use (as the caller decides: no record, or no file referring to it) and no live writer holds.
struct ReplicaChecker {
    let replicas: Int
    let volumeSet: any VolumeSet
    /// Blobs checked at once: their reads (and the nodes' disks) overlap instead of waiting for each other.
    var concurrency = 8
    typealias Problem = BlobCheckReport.Problem

    /// The replicas of these records; memory grows with the records passed, not with the store.
    func checkReplicas(of records: [BlobRecord], repair: Bool) async throws -> BlobCheckReport {
        let volumes = try await volumeSet.volumes(creating: repair)
        var report = BlobCheckReport()
        for partial in try await checkRecords(records, volumes: volumes, repair: repair) { report.merge(partial) }
        return report
    }

    /// Files not in use and stale temporaries, node by node and shard by shard.
    func sweepOrphans(repair: Bool, recorded: @Sendable ([String]) async throws -> Set<String>)
        async throws -> BlobCheckReport {
        var report = BlobCheckReport()
        for volume in try await volumeSet.volumes(creating: repair) {
            for shard in try await volume.storedShards() {
                let ids = try await volume.storedBlobIDs(inShard: shard)
                if ids.isEmpty { continue }
                let known = try await recorded(ids)
                for id in ids.sorted() where !known.contains(id) {
                    let problem = Problem(kind: .orphan, blobID: id, storageNode: volume.identity,
                                          detail: "nothing uses this blob")
                    report.problems.append(problem)
                    if repair {
                        try await volume.remove(blobID: id)
                        report.repaired.append(problem)
                    }
                }
            }
            for name in try await volume.staleTemporaries() {
                let problem = Problem(kind: .orphan, blobID: name, storageNode: volume.identity,
                                      detail: "stale temporary file of an interrupted write")
                report.problems.append(problem)
                if repair {
                    try await volume.removeTemporary(name)
                    report.repaired.append(problem)
                }
            }
        }
        return report
    }

    /// Each record's findings, in the order of the records, from up to `concurrency` checks at a time.
    private func checkRecords(_ records: [BlobRecord], volumes: [any ReplicaVolume],
                              repair: Bool) async throws -> [BlobCheckReport] {
        try await withThrowingTaskGroup(of: (Int, BlobCheckReport).self) { group in
            var reports = [BlobCheckReport](repeating: BlobCheckReport(), count: records.count)
            var next = 0
            func startNext() {
                guard next < records.count else { return }
                let (index, record) = (next, records[next])
                next += 1
                group.addTask {
                    var report = BlobCheckReport()
                    try await checkRecord(record, volumes: volumes, repair: repair, report: &report)
                    return (index, report)
                }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            while let (index, report) = try await group.next() {
                reports[index] = report
                startNext()
            }
            return reports
        }
    }

    private func checkRecord(_ record: BlobRecord, volumes: [any ReplicaVolume], repair: Bool,
                             report: inout BlobCheckReport) async throws {
        var good: [any ReplicaVolume] = []
        var damaged: [(volume: any ReplicaVolume, badBlocks: Set<Int>)] = []
        for identity in record.replicas {
            guard let volume = volumes.first(where: { $0.identity == identity }) else {
                report.problems.append(Problem(kind: .missingReplica, blobID: record.id, storageNode: identity,
                                               detail: "storage node not found"))
                continue
            }
            let result = try await verify(record, on: volume)
            if let problem = result.problem {
                let kind: Problem.Kind = problem == "missing" ? .missingReplica : .corruptReplica
                report.problems.append(Problem(kind: kind, blobID: record.id, storageNode: identity, detail: problem))
                if kind == .corruptReplica { damaged.append((volume, result.badBlocks)) }
            } else {
                good.append(volume)
            }
        }
        // Copies on nodes the record does not list (a repair interrupted before its record was stored): adopted
        // when good, since they are as good as a fresh copy; otherwise removed like orphans.
        var unlistedGood: [any ReplicaVolume] = []
        for volume in volumes where !record.replicas.contains(volume.identity) {
            guard try await volume.holdsReplica(blobID: record.id) else { continue }
            let result = try await verify(record, on: volume)
            if result.problem == nil {
                unlistedGood.append(volume)
            } else {
                report.problems.append(Problem(kind: .orphan, blobID: record.id, storageNode: volume.identity,
                                               detail: "unlisted copy that does not match its record"))
                damaged.append((volume, result.badBlocks))
            }
        }
        if good.count < replicas {
            report.problems.append(Problem(kind: .underReplicated, blobID: record.id, storageNode: "",
                                           detail: "\(good.count) of \(replicas) listed replicas are good"))
        }
        // Blocks are verified one by one, so two copies damaged in different blocks still make one good copy.
        var recoverable = !(good.isEmpty && unlistedGood.isEmpty)
        if !recoverable && !damaged.isEmpty {
            recoverable = (0..<record.blockChecksums.count).allSatisfy { block in
                damaged.contains { !$0.badBlocks.contains(block) }
            }
        }
        if !recoverable {
            report.problems.append(Problem(kind: .unrecoverable, blobID: record.id, storageNode: "",
                                           detail: "no good copy of some block is left"))
        }
        guard repair, recoverable else { return }

        let damagedVolumes = damaged.map(\.volume)
        var target = good
        for volume in unlistedGood where target.count < replicas { target.append(volume) }
        while target.count < replicas {
            // Prefer a node without any copy; else replace a damaged copy; never put two replicas on one node.
            let free = volumes.filter { volume in !target.contains { $0.identity == volume.identity } }
            let fresh = free.first { volume in !damagedVolumes.contains { $0.identity == volume.identity } }
            guard let destination = fresh ?? free.first else { break }
            // Sources: verified copies first, then damaged ones (only their verified blocks are used).
            try await copy(record, from: target + unlistedGood + damagedVolumes, to: destination)
            target.append(destination)
        }
        // Now that good copies exist, drop bad and surplus ones (never one we keep).
        for volume in damagedVolumes + unlistedGood where !target.contains(where: { $0.identity == volume.identity }) {
            try await volume.remove(blobID: record.id)
        }
        let newReplicas = target.map(\.identity)
        if target.count >= replicas {
            for problem in report.problems where problem.blobID == record.id { report.repaired.append(problem) }
        }
        if newReplicas != record.replicas {
            var updated = record
            updated.replicas = newReplicas
            report.updatedRecords.append(updated)
        }
    }

    /// `problem` is nil when the replica has the recorded size and every block checksum matches; `badBlocks` are
    /// the blocks this copy cannot provide.
    private func verify(_ record: BlobRecord, on volume: any ReplicaVolume) async throws
        -> (problem: String?, badBlocks: Set<Int>) {
        let blockCount = record.blockChecksums.count
        var firstProblem: String?
        var bad: Set<Int> = []
        for index in 0..<blockCount {
            let offset = Int64(index) * Int64(record.blockSize)
            let length = Int(min(Int64(record.blockSize), record.size - offset))
            let result = try await volume.readBlock(blobID: record.id, offset: offset, length: length,
                                                    expected: record.blockChecksums[index])
            if case .missing = result { return ("missing", Set(0..<blockCount)) }
            if let problem = result.problem {
                bad.insert(index)
                if firstProblem == nil { firstProblem = "block \(index): \(problem)" }
            }
        }
        if let firstProblem { return (firstProblem + (bad.count > 1 ? " (\(bad.count) bad blocks)" : ""), bad) }
        // Trailing bytes after the last block: the size differs although every block matches.
        let beyond = try await volume.readBlock(blobID: record.id, offset: record.size, length: 1, expected: 0)
        switch beyond {
        case .missing where blockCount == 0: return ("missing", bad)
        case .short(got: 0), .missing: return (nil, bad)
        default: return ("larger than the recorded \(record.size) bytes", bad)
        }
    }

    /// Writes a new replica of `record` on `destination` from verified blocks of the good copies.
    private func copy(_ record: BlobRecord, from sources: [any ReplicaVolume], to destination: any ReplicaVolume)
        async throws {
        let sink = try await destination.createReplica(blobID: record.id)
        do {
            for index in 0..<record.blockChecksums.count {
                let offset = Int64(index) * Int64(record.blockSize)
                let length = Int(min(Int64(record.blockSize), record.size - offset))
                var block: [UInt8]?
                for source in sources where block == nil {
                    block = try await source.readBlock(blobID: record.id, offset: offset, length: length,
                                                       expected: record.blockChecksums[index]).bytes
                }
                guard let block else {
                    throw HepboxError(.corrupt, "no good copy of block \(index) of blob \(record.id) to repair from")
                }
                try await sink.write(block)
            }
            try await sink.commit()
        } catch {
            await sink.abort()
            throw error
        }
    }
}
