import Foundation
import Testing
@testable import AnalysisCLI

/// `hepbox analyze hist` and `hepbox analyze query` on the ADL sample, checked against numpy
/// histograms of the same branches read with uproot.
@Suite struct HistQueryCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let adlFile = repo.deletingLastPathComponent().appendingPathComponent("shared/testdata/adl/Run2012B_SingleMu_1000.root").path
    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repo.appendingPathComponent(".venv/bin/python3").path
    }

    struct OracleFailure: Error, CustomStringConvertible { let description: String }

    /// numpy's histogram of an uproot expression, formatted as our CSV (flow rows included).
    static func expectedCSV(_ numpyExpression: String, weight: String = "None", bins: Int, lo: Double, hi: Double) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw OracleFailure(description: "the Python test oracle is missing at \(python) (set HEPBOX_TEST_PYTHON)")
        }
        let script = """
        import uproot, numpy as np, awkward as ak
        t = uproot.open("\(adlFile)")["Events"]
        a = t.arrays(library="ak")
        x = np.asarray(ak.flatten(\(numpyExpression), axis=None), dtype=float)
        w = \(weight)
        w = np.ones_like(x) if w is None else np.asarray(ak.flatten(w, axis=None), dtype=float)
        edges = np.linspace(\(lo), \(hi), \(bins) + 1)
        idx = np.floor((x - \(lo)) * (\(bins) / (\(hi) - \(lo)))).astype(np.int64) + 1
        idx = np.clip(idx, 0, \(bins) + 1)
        cnt = np.bincount(idx, weights=w, minlength=\(bins) + 2)
        var = np.bincount(idx, weights=w * w, minlength=\(bins) + 2)
        def f(v):
            if np.isinf(v): return "inf" if v > 0 else "-inf"
            return str(int(v)) if v == round(v) else repr(float(v))
        lows = [-np.inf] + list(edges); highs = list(edges) + [np.inf]
        print("low,high,count,variance")
        for i in range(\(bins) + 2):
            print(f"{f(lows[i])},{f(highs[i])},{f(cnt[i])},{f(var[i])}")
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OracleFailure(description: String(decoding: err, as: UTF8.self)) }
        return String(decoding: out, as: UTF8.self)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-histquery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func histWritesTheSpecifiedCSV() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("met.csv").path
        let command = try HistCommand.parse([Self.adlFile, "--tree", "Events", "--expr", "MET_pt", "--bins", "10",
                                             "--range", "0,100", "--out", out, "--threads", "2"])
        let printed = try command.execute()
        #expect(printed.contains("wrote \(out)"))
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv == (try Self.expectedCSV("a.MET_pt", bins: 10, lo: 0, hi: 100)))
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "low,high,count,variance")
        #expect(lines[1].hasPrefix("-inf,0,") && lines.last?.hasPrefix("100,inf,") == true && lines.count == 13)
    }

    @Test func histWithSelectionAndWeight() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("jets.csv").path
        let command = try HistCommand.parse([Self.adlFile, "--tree", "Events", "--expr", "Jet_pt[abs(Jet_eta) < 1]",
                                             "--where", "nJet >= 2", "--weight", "2", "--bins", "20", "--range", "15,65",
                                             "--out", out])
        _ = try command.execute()
        let expected = try Self.expectedCSV("a.Jet_pt[(abs(a.Jet_eta) < 1) & (a.nJet >= 2)]",
                                            weight: "2 * ak.ones_like(a.Jet_pt[(abs(a.Jet_eta) < 1) & (a.nJet >= 2)])",
                                            bins: 20, lo: 15, hi: 65)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
    }

    @Test func histPrintsSummaryAndTable() throws {
        let command = try HistCommand.parse([Self.adlFile, "--tree", "Events", "--expr", "MET_pt", "--bins", "4", "--range", "0,200"])
        let printed = try command.execute()
        #expect(printed.contains("events 1000, selected 1000, entries 1000"))
        #expect(printed.contains("-inf"))
        #expect(printed.split(separator: "\n").count >= 4 + 6)
    }

    @Test func histReportsParseErrorsWithPosition() throws {
        let command = try HistCommand.parse([Self.adlFile, "--tree", "Events", "--expr", "MET_pt +* 2", "--bins", "4", "--range", "0,200"])
        #expect { try command.execute() } throws: { "\($0)".contains("position 8") && "\($0)".contains("'*'") }
        let badRange = try HistCommand.parse([Self.adlFile, "--tree", "Events", "--expr", "MET_pt", "--bins", "4", "--range", "5"])
        #expect(throws: (any Error).self) { try badRange.execute() }
    }

    @Test func queryWritesEveryHistogramOnce() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("q.query")
        try """
        # two histograms in one pass
        define central = Jet_pt[abs(Jet_eta) < 1]
        hist met = MET_pt bins 10 range 0,100
        where nJet >= 2
        hist jets = central bins 20 range 15,65 weight 2
        """.write(to: script, atomically: true, encoding: .utf8)
        let outDir = dir.appendingPathComponent("out").path
        let command = try QueryCommand.parse([Self.adlFile, "--tree", "Events", script.path, "--out", outDir])
        _ = try command.execute()
        let met = try String(contentsOfFile: outDir + "/met.csv", encoding: .utf8)
        #expect(met == (try Self.expectedCSV("a.MET_pt", bins: 10, lo: 0, hi: 100)))
        let jets = try String(contentsOfFile: outDir + "/jets.csv", encoding: .utf8)
        #expect(jets == (try Self.expectedCSV("a.Jet_pt[(abs(a.Jet_eta) < 1) & (a.nJet >= 2)]",
                                              weight: "2 * ak.ones_like(a.Jet_pt[(abs(a.Jet_eta) < 1) & (a.nJet >= 2)])",
                                              bins: 20, lo: 15, hi: 65)))
        #expect(FileManager.default.fileExists(atPath: outDir + "/jets.json"))
    }

    @Test func queryReadsTheScriptFromStdin() throws {
        let command = try QueryCommand.parse([Self.adlFile, "--tree", "Events", "-"])
        let printed = try command.execute { Data("hist n = count(Jet) bins 5 range 0,5\n".utf8) }
        #expect(printed.contains("n: 5 bins on [0, 5)"))
        #expect(printed.contains("entries 1000"))
        let broken = try QueryCommand.parse([Self.adlFile, "--tree", "Events", "-"])
        #expect { try broken.execute { Data("hist n = count(Jet bins 5 range 0,5\n".utf8) } } throws: {
            "\($0)".contains("line 1") && "\($0)".contains("position")
        }
    }
}
