import Foundation
import Testing
@testable import RootIO

/// Every test file is opened and every numeric branch read matches uproot value for value; the
/// branches uproot reads as objects or strings must be refused by name, never read as numbers.
@Suite("ROOT files vs uproot")
struct FileCorpusTests {
    /// Branches uproot 5.7 fails to read (ValueError: jagged baskets without entry offsets whose
    /// sizes it mis-derives). `noOffsetBasketsMatchTheFileWithOffsets` checks them instead.
    static let uprootFailures: [String: Set<String>] = [
        "uproot-small-dy-nooffsets.root": ["Jet_pt", "Jet_jetId"],
    ]

    @Test("numeric branches match uproot", arguments: TestEnvironment.allFiles)
    func branchesMatchUproot(path: String) throws {
        let oracle = try OracleDump.load(path)
        let file = try RootFile(path: path)
        let keys = try file.allKeys()
        for key in oracle.keys {
            #expect(keys.contains { $0.path == key.path && $0.className == key.className }, "key \(key.path) (\(key.className)) missing")
        }
        let rntuples = keys.filter { $0.className.contains("RNTuple") }
        for key in rntuples {
            #expect(throws: RootError.self) { try file.tree(key.path) }
        }
        for (treePath, expected) in oracle.trees {
            let tree = try file.tree(treePath)
            #expect(tree.entryCount == expected.entries, "\(treePath) entries")
            let readable = Set(tree.branchNames)
            for (name, branch) in expected.branches.sorted(by: { $0.key < $1.key }) {
                if let failure = branch.uprootError {
                    // uproot itself cannot read these; they are checked against another oracle instead.
                    let file = URL(fileURLWithPath: path).lastPathComponent
                    #expect(Self.uprootFailures[file]?.contains(name) == true, "uproot fails on \(file) \(treePath):\(name): \(failure)")
                    continue
                }
                if branch.numeric {
                    #expect(readable.contains(name), "\(treePath):\(name) should be readable: \(tree.unreadableReason(name) ?? "listed under another name")")
                    guard readable.contains(name) else { continue }
                    let ours = try tree.read(name)
                    if let problem = difference(ours, branch) {
                        Issue.record("\(URL(fileURLWithPath: path).lastPathComponent) \(treePath):\(name): \(problem)")
                    }
                    // A middle range (which may start and end inside baskets) equals that slice of the full read.
                    let range = tree.entryCount / 3..<(2 * tree.entryCount / 3)
                    let part = try tree.read(name, entries: range)
                    #expect(part.values.littleEndianBytes == slice(ours, range).bytes && part.offsets == slice(ours, range).offsets,
                            "\(treePath):\(name) entries \(range)")
                } else {
                    // uproot reads these as strings/objects (its interpretation is recorded here):
                    // ours must refuse them with an error naming the branch.
                    #expect(!readable.contains(name), "\(treePath):\(name) is \(branch.interpretation ?? "?") in uproot but listed as numeric")
                    do {
                        _ = try tree.read(name)
                        Issue.record("\(treePath):\(name) (\(branch.interpretation ?? "?")) read without error")
                    } catch let error as RootError {
                        #expect("\(error)".contains(name.split(separator: "/").last.map(String.init) ?? name), "error does not name the branch: \(error)")
                    }
                }
            }
            // Nothing we call numeric is unknown to uproot.
            for name in readable where expected.branches[name] == nil {
                Issue.record("\(treePath):\(name) is readable here but uproot has no such numeric branch")
            }
        }
        // The oracle must have seen the histograms these files are known to hold.
        let expectedHistogramCount = ["uproot-hepdata-example.root": 3, "uproot-histograms.root": 3, "uproot-from-geant4.root": 15]
        if let count = expectedHistogramCount[URL(fileURLWithPath: path).lastPathComponent] {
            #expect(oracle.histograms.count == count)
        }
        for (histogramPath, expected) in oracle.histograms {
            compareHistogram(try file.histogram(histogramPath), expected, path: histogramPath)
        }
    }

    /// Entries `range` of a full read: the values' bytes and rebased offsets.
    func slice(_ array: BranchArray, _ range: Range<Int64>) -> (bytes: [UInt8], offsets: [Int64]?) {
        let all = array.values.littleEndianBytes
        let width = array.values.kind.byteWidth
        if let offsets = array.offsets {
            let lo = Int(offsets[Int(range.lowerBound)]), hi = Int(offsets[Int(range.upperBound)])
            return (Array(all[lo * width..<hi * width]), offsets[Int(range.lowerBound)...Int(range.upperBound)].map { $0 - Int64(lo) })
        }
        let perEntry = array.fixedShape.reduce(1, *) * width
        return (Array(all[Int(range.lowerBound) * perEntry..<Int(range.upperBound) * perEntry]), nil)
    }

    func compareHistogram(_ ours: RootHistogramData, _ theirs: OracleDump.Histogram, path: String) {
        #expect(ours.className == theirs.className, "\(path) class")
        #expect(ours.title == theirs.title && ours.xTitle == theirs.xTitle && ours.yTitle == theirs.yTitle, "\(path) titles")
        #expect(ours.entries == theirs.entries, "\(path) entries")
        #expect(ours.xEdges == theirs.xEdges, "\(path) x edges")
        #expect(ours.yEdges == theirs.yEdges, "\(path) y edges")
        #expect(ours.contents == doubles(theirs.contents), "\(path) contents")
        let storedSumw2 = doubles(theirs.sumw2)
        #expect((ours.sumw2 ?? []) == storedSumw2, "\(path) fSumw2")
        if theirs.className == "TProfile" {
            #expect(ours.binEntries == doubles(theirs.binEntries ?? ""), "\(path) bin entries")
            #expect((ours.profileSumw2 ?? []) == doubles(theirs.binSumw2 ?? ""), "\(path) fBinSumw2")
            // uproot's values are the bin means: Σwy / Σw where Σw ≠ 0.
            let means = zip(ours.contents, ours.binEntries ?? []).map { $1 == 0 ? 0 : $0 / $1 }
            #expect(means == doubles(theirs.values), "\(path) profile means")
        } else {
            #expect(ours.contents == doubles(theirs.values), "\(path) values in ROOT's flow layout")
            #expect((ours.sumw2 ?? ours.contents) == doubles(theirs.variances ?? ""), "\(path) variances")
        }
    }

}

@Suite("Jagged baskets without offset tables")
struct NoOffsetTests {
    /// The two small-dy files hold the same events, one written with entry-offset tables and one
    /// without; every branch must read identically from both (offsets then come from the counters).
    @Test func noOffsetBasketsMatchTheFileWithOffsets() throws {
        let with = try RootFile(path: TestEnvironment.file("uproot-small-dy-withoffsets.root")).tree("tree")
        let without = try RootFile(path: TestEnvironment.file("uproot-small-dy-nooffsets.root")).tree("tree")
        #expect(with.branchNames == without.branchNames)
        #expect(with.branchNames.count == 8)
        for name in with.branchNames {
            let a = try with.read(name), b = try without.read(name)
            #expect(a.values.littleEndianBytes == b.values.littleEndianBytes, "\(name) values")
            #expect(a.offsets == b.offsets, "\(name) offsets")
        }
        // Partial ranges that start and end inside baskets.
        let a = try with.read("Jet_pt", entries: 190..<260), b = try without.read("Jet_pt", entries: 190..<260)
        #expect(a.values.littleEndianBytes == b.values.littleEndianBytes && a.offsets == b.offsets)
        #expect(a.offsets?.count == 71)
    }
}
