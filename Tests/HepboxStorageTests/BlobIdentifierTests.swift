import Foundation
@testable import HepboxStorage
import Testing

@Suite("Blob identifiers")
struct BlobIdentifierTests {
    @Test func newIdsAreValidUniqueAndOrderedByCreationTime() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<1000).map { BlobIdentifiers.new(now: start.addingTimeInterval(Double($0) / 100)) }
        #expect(ids.allSatisfy { $0.utf8.count == 40 && BlobIdentifiers.isValid($0) })
        #expect(Set(ids).count == ids.count)
        // Ids from different milliseconds sort by time: an index keyed by blob id grows at its end.
        #expect(ids == ids.sorted())
        // Within one millisecond the random part still tells them apart.
        let sameMoment = (0..<1000).map { _ in BlobIdentifiers.new(now: start) }
        #expect(Set(sameMoment).count == 1000)
        #expect(Set(sameMoment.map { $0.prefix(12) }).count == 1)
    }

    @Test func shardsAndPlacementComeFromTheRandomPart() {
        let ids = (0..<3000).map { _ in BlobIdentifiers.new() }
        let shards = Set(ids.map(BlobIdentifiers.shard(of:)))
        #expect(shards.count > 200, "ids made within a moment still spread over the 256 shard directories")
        var firstReplicas = [0, 0, 0]
        for id in ids {
            let order = BlobIdentifiers.placementOrder(for: id, nodeCount: 3)
            #expect(Set(order).count == 3)
            firstReplicas[order[0]] += 1
        }
        #expect(firstReplicas.allSatisfy { (800...1200).contains($0) }, "first replicas per node: \(firstReplicas)")
    }

    @Test func olderIdsKeepTheirShardAndOnlyOurNamesAreValid() {
        let legacy = "c0ffee" + String(repeating: "0", count: 26)
        #expect(BlobIdentifiers.isValid(legacy))
        #expect(BlobIdentifiers.shard(of: legacy) == "c0")
        let start = 0xc0ffee00 % 3
        #expect(BlobIdentifiers.placementOrder(for: legacy, nodeCount: 3) == [start, (start + 1) % 3, (start + 2) % 3])
        for name in ["", "x.tmp", String(repeating: "A", count: 40), String(repeating: "a", count: 39),
                     String(repeating: "g", count: 32), legacy + ".tmp"] {
            #expect(!BlobIdentifiers.isValid(name), "\(name)")
        }
    }
}
