import HepboxCore
import Testing

@Suite struct RandomTokenTests {
    @Test func etagsNeverRepeatEvenWhenDrawnConcurrently() async {
        let batches = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<50_000).map { _ in RandomToken.etag() } } }
            var all: [[String]] = []
            for await batch in group { all.append(batch) }
            return all
        }
        let etags = batches.flatMap { $0 }
        #expect(Set(etags).count == 200_000)
        #expect(etags.allSatisfy { $0.utf8.count == 16 && $0.utf8.allSatisfy { "0123456789abcdef".utf8.contains($0) } })
        // Consecutive etags do not look alike (clients compare them whole, but logs and caches like them spread).
        let first = Array(etags[0].utf8), second = Array(etags[1].utf8)
        #expect(zip(first, second).filter { $0 != $1 }.count > 4)
    }
}
