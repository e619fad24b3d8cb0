import Foundation
import Testing
@testable import RootIO

/// Directories, cycles, streamers, lazy metadata and the errors for objects out of scope.
@Suite("File structure")
struct FileStructureTests {
    @Test func nestedDirectoriesAndCycles() throws {
        let file = try RootFile(path: TestEnvironment.file("uproot-nesteddirs.root"))
        let top = try file.keys()
        #expect(top.contains { $0.name == "one" && $0.isDirectory })
        #expect(try file.keys(in: "one/two").contains { $0.name == "tree" && $0.className == "TTree" })
        let viaCycle = try file.tree("one/two/tree;1")
        let latest = try file.tree("/one/two/tree")
        #expect(viaCycle.entryCount == latest.entryCount && latest.entryCount == 100)
        #expect(throws: RootError.self) { try file.tree("one/two/tree;7") }
        #expect(throws: RootError.self) { try file.tree("one/nothing/tree") }
        #expect(throws: RootError.self) { try file.keys(in: "one/two/tree") }
        let all = try file.allKeys()
        #expect(all.contains { $0.path == "one/two/tree" } && all.contains { $0.path == "three/tree" })
    }

    @Test func headerVersions() throws {
        let large = try RootFile(path: TestEnvironment.file("uproot-issue412.root"))
        #expect(large.isLargeFile && large.rootVersion == 61800)
        let old = try RootFile(path: TestEnvironment.file("uproot-from-geant4.root"))
        #expect(!old.isLargeFile && old.rootVersion == 40000)
        let tree = try large.tree("test")
        #expect(tree.entryCount == 1_000_000)
        // A range in the middle touches only the baskets it needs and gives the same values as a full read.
        let part = try tree.read("b1", entries: 123_456..<234_567)
        guard case .int64(let all) = try tree.read("b1").values, case .int64(let slice) = part.values else {
            Issue.record("b1 is not int64"); return
        }
        #expect(Array(all[123_456..<234_567]) == slice)
    }

    @Test func streamersAreReadOnDemand() throws {
        let file = try RootFile(path: TestEnvironment.file("uproot-small-evnt-tree-fullsplit.root"))
        let infos = try file.streamers()
        let event = try #require(infos.first { $0.className == "Event" })
        let vector = try #require(event.elements.first { $0.name == "StlVecF32" })
        #expect(vector.typeName == "vector<float>")
        #expect(infos.contains { $0.className == "TTree" })
    }

    /// The 947-branch CMS file: opening it and listing branches parses metadata only.
    @Test func manyBranchFileOpensFast() throws {
        let start = Date()
        let file = try RootFile(path: TestEnvironment.file("nanoAOD_2015_CMS_Open_Data_ttbar.root"))
        let tree = try file.tree("Events")
        let names = tree.branchNames
        let elapsed = Date().timeIntervalSince(start)
        #expect(names.count == 947)
        #expect(elapsed < 2.0, "opening took \(elapsed) s")
        let jet = try tree.read("Jet_pt")
        #expect(jet.offsets?.count == 201)
    }

    @Test func objectsOutOfScopeAreNamedInErrors() throws {
        let file = try RootFile(path: TestEnvironment.file("uproot-hepdata-example.root"))
        do { _ = try file.tree("hpx"); Issue.record("TH1F opened as a tree") } catch let error as RootError {
            #expect("\(error)".contains("TH1F"))
        }
        do { _ = try file.histogram("ntuple"); Issue.record("TNtuple opened as a histogram") } catch let error as RootError {
            #expect("\(error)".contains("TNtuple"))
        }
        let stl = try RootFile(path: TestEnvironment.file("uproot-stl_containers.root")).tree("tree")
        #expect(stl.branchNames == ["vector_int32"])
        do { _ = try stl.read("map_int32_int16"); Issue.record("map read as numbers") } catch let error as RootError {
            #expect("\(error)".contains("map<int,short>"))
        }
        let zmumu = try RootFile(path: TestEnvironment.file("uproot-Zmumu.root")).tree("events")
        do { _ = try zmumu.read("Type"); Issue.record("char* read as numbers") } catch let error as RootError {
            #expect("\(error)".contains("Type") && "\(error)".contains("TLeafC"))
        }
        #expect(throws: RootError.self) { try zmumu.read("E1", entries: 0..<5000) }
    }

    /// uproot ≥ 5.7 writes RNTuple by default: such a file opens, lists its key, and refuses `tree()` by name.
    @Test func rntupleIsRefusedByName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-rntuple-\(getpid()).root").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try runProcess(TestEnvironment.python, ["-c", """
            import sys, numpy, uproot
            with uproot.recreate(sys.argv[1]) as f:
                f["ntuple"] = {"x": numpy.arange(10, dtype=numpy.float32)}
            """, path])
        let file = try RootFile(path: path)
        #expect(try file.keys().map(\.className) == ["ROOT::RNTuple"])
        do { _ = try file.tree("ntuple"); Issue.record("RNTuple opened as a TTree") } catch let error as RootError {
            guard case .unsupported(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("RNTuple") && message.contains("ntuple"))
        }
    }

    @Test func packedFloatEncodings() {
        #expect(ValueEncoding.packed(title: "d[-2.71,10,32]", isFloat16: false) == .ranged(low: -2.71, high: 10, bits: 32, output: .float64))
        #expect(ValueEncoding.packed(title: "x[0, 2*pi, 12]", isFloat16: false) == .ranged(low: 0, high: 2 * Double.pi, bits: 12, output: .float64))
        #expect(ValueEncoding.packed(title: "[-pi,pi]", isFloat16: true) == .ranged(low: -Double.pi, high: Double.pi, bits: 32, output: .float32))
        #expect(ValueEncoding.packed(title: "[0,0,10]", isFloat16: false) == .truncated(bits: 10, output: .float64))
        #expect(ValueEncoding.packed(title: "plain", isFloat16: false) == .floatAsDouble)
        #expect(ValueEncoding.packed(title: "plain", isFloat16: true) == .truncated(bits: 12, output: .float32))
        // Truncated encoding: exponent 127 with an empty mantissa is 1.0; the sign bit makes it -1.0.
        var out = [Double](repeating: 0, count: 2)
        let bytes: [UInt8] = [127, 0, 0, 127, 0x08, 0x00]  // bits = 10 → sign is bit 11 of the mantissa
        bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBytes { ValueDecoder.decode(raw.baseAddress!, count: 2, encoding: .truncated(bits: 10, output: .float64), into: $0.baseAddress!) }
        }
        #expect(out == [1.0, -1.0])
    }
}
