import Foundation
import Testing
@testable import AnalysisCLI

/// `hepbox analyze inspect` and `hepbox analyze dump`, checked against uproot on the same files.
@Suite struct InspectDumpCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let rootFiles = repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/root")
    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repository.appendingPathComponent(".venv/bin/python3").path
    }

    struct InspectDumpOracleFailure: Error, CustomStringConvertible { let description: String }

    static func file(_ name: String) -> String { rootFiles.appendingPathComponent(name).path }

    /// Runs a Python snippet with the venv (uproot installed) and parses the JSON it prints.
    static func uproot(_ script: String, _ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: try uprootText(script, arguments))
    }

    static func uprootText(_ script: String, _ arguments: [String]) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw InspectDumpOracleFailure(description: "the uproot oracle needs Python at \(python) (set HEPBOX_TEST_PYTHON)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw InspectDumpOracleFailure(description: "uproot oracle failed") }
        return data
    }

    static let dumpOracle = """
    import sys, json, uproot, awkward as ak
    path, tree, start, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    t = uproot.open(path)[tree]
    out = {}
    for name in sys.argv[5:]:
        array = t[name].array(entry_start=start, entry_stop=stop, library="ak")
        out[name] = {"values": ak.to_list(array), "dtype": str(ak.type(array))}
    print(json.dumps(out))
    """

    /// Parsed JSON that keeps true/false apart from numbers (JSONSerialization on Linux does not).
    enum Value: Decodable, Equatable {
        case bool(Bool), number(Double), list([Value]), other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let b = try? container.decode(Bool.self) { self = .bool(b) }
            else if let d = try? container.decode(Double.self) { self = .number(d) }
            else if let l = try? container.decode([Value].self) { self = .list(l) }
            else { self = .other }
        }

        /// float32 values compare after rounding both sides to Float.
        func matches(_ other: Value, float32: Bool) -> Bool {
            switch (self, other) {
            case (.bool(let a), .bool(let b)): return a == b
            case (.number(let a), .number(let b)): return float32 ? Float(a) == Float(b) : a == b
            case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1, float32: float32) }
            default: return false
            }
        }
    }

    func dump(_ arguments: [String]) throws -> [String: Value] {
        let command = try #require(try AnalyzeCommand.parseAsRoot(["dump"] + arguments) as? DumpCommand)
        return try JSONDecoder().decode([String: Value].self, from: Data(try command.render().utf8))
    }

    /// Flat, jagged, fixed-array and bool branches over an entry range: same values as uproot, in
    /// the same nesting, with float32 values printed in their shortest form.
    @Test(arguments: [
        ("uproot-HZZ.root", "events", ["Jet_Px", "MET_px", "NJet", "Muon_Charge", "triggerIsoMu24", "Jet_btag"], 3, 27),
        ("uproot-small-flat-tree.root", "tree", ["ArrayInt32", "ArrayFloat64", "SliceInt64", "UInt64", "Float32"], 3, 27),
        ("uproot-leaflist.root", "tree", [], 1, 4),
    ])
    func dumpMatchesUproot(file name: String, tree: String, branches: [String], start: Int, stop: Int) throws {
        let path = Self.file(name)
        let range = (start, stop)
        let ours = try dump([path, "--tree", tree, "--entries", "\(range.0):\(range.1)", "--json"] + branches.flatMap { ["--branch", $0] })
        if branches.isEmpty {
            // Every numeric branch by default: the leaf list's three fields.
            #expect(Set(ours.keys) == ["leaflist.x", "leaflist.y", "leaflist.z"])
            return
        }
        #expect(Set(ours.keys) == Set(branches))
        let oracle = try Self.uprootText(Self.dumpOracle, [path, tree, "\(range.0)", "\(range.1)"] + branches)
        struct Expected: Decodable { let values: Value; let dtype: String }
        let theirs = try JSONDecoder().decode([String: Expected].self, from: oracle)
        for branch in branches {
            let expected = try #require(theirs[branch])
            let actual = try #require(ours[branch])
            guard case .list(let entries) = actual else { Issue.record("\(branch) is not a list"); continue }
            #expect(entries.count == range.1 - range.0, "\(branch) entry count")
            #expect(actual.matches(expected.values, float32: expected.dtype.contains("float32")), "\(branch): \(entries.prefix(3))")
        }
    }

    /// float32 values are printed as the shortest text that reads back as the same float32.
    @Test func float32ValuesUseTheShortestForm() throws {
        let command = try #require(try AnalyzeCommand.parseAsRoot(
            ["dump", Self.file("uproot-HZZ.root"), "--tree", "events", "--branch", "MET_px", "--entries", "0:50", "--json"]) as? DumpCommand)
        let text = try command.render()
        let body = try #require(text.split(separator: "[").last?.split(separator: "]").first)
        let tokens = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(tokens.count == 50)
        for token in tokens {
            let value = try #require(Float(token))
            #expect(token == value.description, "\(token) is not the shortest form of \(value)")
            #expect(token.count < 14)
        }
    }

    @Test func dumpRejectsBadArguments() throws {
        #expect(throws: (any Error).self) { try AnalyzeCommand.parseAsRoot(["dump", "f.root", "--tree", "t", "--entries", "5:2", "--json"]) }
        #expect(throws: (any Error).self) { try AnalyzeCommand.parseAsRoot(["dump", "f.root", "--tree", "t"]) }
        let command = try #require(try AnalyzeCommand.parseAsRoot(
            ["dump", Self.file("uproot-Zmumu.root"), "--tree", "events", "--branch", "Type", "--json"]) as? DumpCommand)
        #expect(throws: (any Error).self) { try command.render() }  // a char* branch: not numeric
    }

    static let inspectOracle = """
    import sys, json, uproot
    f = uproot.open(sys.argv[1])
    out = {"keys": sorted(f.classnames(recursive=True, cycle=False).items()), "trees": {}}
    for key, cls in f.classnames(recursive=True, cycle=False).items():
        if cls in ("TTree", "TNtuple"):
            out["trees"][key] = f[key].num_entries
    print(json.dumps(out))
    """

    /// Objects (with their directories), trees with entry counts and histograms, as uproot sees them.
    @Test(arguments: ["uproot-nesteddirs.root", "uproot-hepdata-example.root", "uproot-HZZ.root"])
    func inspectListsWhatUprootSees(file name: String) throws {
        let path = Self.file(name)
        let command = try #require(try AnalyzeCommand.parseAsRoot(["inspect", path, "--json"]) as? InspectCommand)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(try command.render().utf8)) as? [String: Any])
        let theirs = try #require(try Self.uproot(Self.inspectOracle, [path]) as? [String: Any])
        let objects = try #require(report["objects"] as? [[String: Any]])
        let ourKeys = Set(objects.map { "\($0["path"] ?? "")|\($0["className"] ?? "")" })
        let expectedKeys = try #require(theirs["keys"] as? [[String]])
        for pair in expectedKeys { #expect(ourKeys.contains("\(pair[0])|\(pair[1])"), "\(pair)") }
        let trees = try #require(report["trees"] as? [[String: Any]])
        let expectedTrees = try #require(theirs["trees"] as? [String: Int])
        #expect(Set(trees.compactMap { $0["path"] as? String }) == Set(expectedTrees.keys))
        for tree in trees {
            let treePath = try #require(tree["path"] as? String)
            #expect((tree["entries"] as? Int) == expectedTrees[treePath])
            let branches = try #require(tree["branches"] as? [[String: Any]])
            #expect(!branches.isEmpty)
            #expect(branches.allSatisfy { ($0["type"] as? String) != nil && ($0["entries"] as? Int) == expectedTrees[treePath] })
        }
        let text = try #require(try AnalyzeCommand.parseAsRoot(["inspect", path]) as? InspectCommand).render()
        for treePath in expectedTrees.keys { #expect(text.contains("Tree \(treePath)")) }
        if name == "uproot-hepdata-example.root" {
            let histograms = try #require(report["histograms"] as? [[String: Any]])
            #expect(Set(histograms.compactMap { $0["path"] as? String }) == ["hpx", "hpxpy", "hprof"])
            #expect(text.contains("hpx  TH1F"))
        }
        if name == "uproot-HZZ.root" {
            let branches = try #require(trees.first?["branches"] as? [[String: Any]])
            let jetPx = try #require(branches.first { ($0["name"] as? String) == "Jet_Px" })
            #expect(jetPx["jagged"] as? Bool == true && jetPx["counter"] as? String == "NJet" && jetPx["type"] as? String == "float32")
        }
    }
}
