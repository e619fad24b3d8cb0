import Testing
@testable import RootIO

/// The jagged offsets built basket by basket, and the hinted arrays handed back instead.
@Suite("Offsets shared between branches")
struct OffsetsOutputTests {
    /// Appends the offsets of `counts` split into baskets of `basket` entries (4-byte values).
    static func build(_ counts: [Int], basket: Int, hints: [[Int64]]) -> (offsets: [Int64], built: Bool) {
        var out = OffsetsOutput(candidates: hints, capacity: counts.count + 1)
        var total: Int64 = 0
        for start in stride(from: 0, to: counts.count, by: basket) {
            let part = counts[start..<min(start + basket, counts.count)]
            var table: [Int32] = [0]
            for c in part { table.append(table[table.count - 1] + Int32(4 * c)) }
            table.withUnsafeBufferPointer { p in
                out.append(NativeEntryTable(values: p), first: 0, last: part.count, base: 0, shift: 2, total: total)
            }
            total += Int64(part.reduce(0, +))
        }
        return out.result()
    }

    static func offsets(_ counts: [Int]) -> [Int64] { counts.reduce(into: [Int64(0)]) { $0.append($0[$0.count - 1] + Int64($1)) } }

    @Test func matchingHintIsReturnedAndOthersAreBuilt() {
        let counts = [2, 0, 3, 1, 1, 4, 0, 2]
        let expected = Self.offsets(counts)
        let same = Self.build(counts, basket: 3, hints: [])
        #expect(same.offsets == expected && same.built)
        let shared = Self.build(counts, basket: 3, hints: [[0, 1, 2, 3, 4, 5, 6, 7, 8], expected])
        #expect(shared.offsets == expected && !shared.built)
        // Equal for the first two baskets, different in the last one: built from the agreed prefix.
        var late = counts
        late[7] = 5
        let diverged = Self.build(late, basket: 3, hints: [expected])
        #expect(diverged.offsets == Self.offsets(late) && diverged.built)
        // A hint for more entries than read is not returned as is.
        let longer = Self.build(Array(counts.prefix(5)), basket: 3, hints: [expected])
        #expect(longer.offsets == Self.offsets(Array(counts.prefix(5))))
    }
}
