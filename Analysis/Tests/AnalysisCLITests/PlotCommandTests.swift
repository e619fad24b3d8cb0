import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plot
import Testing
@testable import AnalysisCLI

/// `hepbox analyze plot`: inputs from a ROOT file, a tree and CSV; the drawn values are checked against
/// uproot/numpy on the same files, and the outputs (SVG, PNG) are parsed and decoded.
@Suite struct PlotCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = repo.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    static let hepdata = testdata.appendingPathComponent("root/uproot-hepdata-example.root").path
    static let adl = testdata.appendingPathComponent("adl/Run2012B_SingleMu_1000.root").path
    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repo.appendingPathComponent(".venv/bin/python3").path
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs a Python snippet with the test venv and returns its stdout as JSON.
    static func oracle(_ script: String) throws -> Any {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "the Python test oracle is missing at \(python) (set HEPBOX_TEST_PYTHON)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "python oracle failed: \(errorText)") }
        return try JSONSerialization.jsonObject(with: data)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-plotcmd-\(UUID().uuidString)-\(name)").path
    }

    /// Runs the command with `--json` and returns the figure description it printed.
    static func runJSON(_ arguments: [String]) throws -> [String: Any] {
        let command = try PlotCommand.parse(arguments + ["--json"])
        let printed = try command.execute()
        let jsonLine = try #require(printed.split(separator: "\n").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(jsonLine.utf8)) as? [String: Any])
    }

    /// Edges computed as lo + (hi − lo)·i/n here and by numpy's linspace differ in the last bit.
    static func close(_ a: [Double]?, _ b: [Double]?) -> Bool {
        guard let a, let b, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    static func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }

    static func elements(_ document: XMLDocument) -> [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement { result.append(element) }
            for child in node.children ?? [] { walk(child) }
        }
        if let root = document.rootElement() { walk(root) }
        return result
    }

    @Test func histogramFromAFileMatchesUproot() throws {
        let out = Self.temporaryPath("hpx.svg")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let figure = try Self.runJSON([Self.hepdata, "--hist", "hpx", "--style", "errors", "--out", out])
        let expected = try #require(try Self.oracle("""
            import json, uproot
            h = uproot.open("\(Self.hepdata)")["hpx"]
            print(json.dumps({"values": h.values().tolist(), "edges": h.axis().edges().tolist(),
                              "variances": h.variances().tolist(), "title": h.title}))
            """) as? [String: Any])
        let series = try #require((figure["histograms"] as? [[String: Any]])?.first)
        #expect(series["values"] as? [Double] == expected["values"] as? [Double])
        #expect(Self.close(series["edges"] as? [Double], expected["edges"] as? [Double]))
        let errors = try #require(series["errors"] as? [Double])
        let variances = try #require(expected["variances"] as? [Double])
        #expect(zip(errors, variances).allSatisfy { abs($0 * $0 - $1) <= 1e-9 * max(1, $1) })
        #expect(figure["title"] as? String == expected["title"] as? String)

        // The SVG: well-formed, x ticks over the histogram's range, one marker per non-empty bin.
        let document = try XMLDocument(xmlString: try String(contentsOfFile: out, encoding: .utf8), options: [])
        let all = Self.elements(document)
        let axis = try #require(all.first { Self.attribute($0, "id") == "axis-x" })
        let labels = Self.elements(try XMLDocument(xmlString: axis.xmlString, options: []))
            .filter { Self.attribute($0, "class") == "tick major" }.compactMap { Self.attribute($0, "data-value") }
        #expect(labels == ["\u{2212}4", "\u{2212}2", "0", "2", "4"])
        let markers = try #require(all.first { Self.attribute($0, "class") == "markers" })
        let nonEmpty = (expected["values"] as? [Double] ?? []).filter { $0 != 0 }.count
        #expect(markers.children?.count == nonEmpty)
    }

    @Test func twoDimensionalHistogramAsColourMapAndLego() throws {
        let map = Self.temporaryPath("hpxpy.svg")
        let lego = Self.temporaryPath("hpxpy-lego.png")
        defer {
            try? FileManager.default.removeItem(atPath: map)
            try? FileManager.default.removeItem(atPath: lego)
        }
        let figure = try Self.runJSON([Self.hepdata, "--hist", "hpxpy", "--logz", "--out", map])
        let expected = try #require(try Self.oracle("""
            import json, uproot
            h = uproot.open("\(Self.hepdata)")["hpxpy"]
            print(json.dumps({"values": h.values().T.flatten().tolist(), "x": h.axis(0).edges().tolist()}))
            """) as? [String: Any])
        #expect(figure["kind"] as? String == "plot2d")
        #expect(figure["values"] as? [Double] == expected["values"] as? [Double])
        #expect(Self.close(figure["xEdges"] as? [Double], expected["x"] as? [Double]))
        let svg = try String(contentsOfFile: map, encoding: .utf8)
        #expect(svg.contains("id=\"colorbar\""))

        _ = try PlotCommand.parse([Self.hepdata, "--hist", "hpxpy", "--lego", "--out", lego]).execute()
        let png = try PNGImage(data: Array(try Data(contentsOf: URL(fileURLWithPath: lego))))
        #expect(png.width == 800 && png.height == 600)
    }

    @Test func treeExpressionsOverlayWithALegend() throws {
        let out = Self.temporaryPath("met.png")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let figure = try Self.runJSON([Self.adl, "--tree", "Events", "--expr", "MET_pt", "--expr", "Jet_pt",
                                       "--bins", "40", "--range", "0,200", "--style", "filled", "--style", "errors",
                                       "--label", "MET", "--label", "jets", "--logy", "--threads", "1",
                                       "--xtitle", "p_{T} [GeV]", "--out", out, "--scale", "2"])
        let expected = try #require(try Self.oracle("""
            import json, uproot, numpy as np, awkward as ak
            t = uproot.open("\(Self.adl)")["Events"]
            out = []
            for name in ["MET_pt", "Jet_pt"]:
                x = np.asarray(ak.flatten(t[name].array(), axis=None), dtype=float)
                out.append(np.histogram(x, bins=40, range=(0, 200))[0].astype(float).tolist())
            print(json.dumps(out))
            """) as? [[Double]])
        let series = try #require(figure["histograms"] as? [[String: Any]])
        #expect(series.count == 2)
        #expect(series.map { $0["values"] as? [Double] ?? [] } == expected)
        #expect(series.map { $0["label"] as? String } == ["MET", "jets"])
        #expect(series.map { $0["style"] as? String } == ["filled", "errors"])
        #expect(figure["yAxis"] as? String == "log")
        let png = try PNGImage(data: Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(png.width == 1600 && png.height == 1200)
    }

    @Test func csvInputSkipsFlowRows() throws {
        let csv = Self.temporaryPath("h.csv")
        let out = Self.temporaryPath("h.html")
        defer {
            try? FileManager.default.removeItem(atPath: csv)
            try? FileManager.default.removeItem(atPath: out)
        }
        try """
        low,high,count,variance
        -inf,0,7,7
        0,1,4,4
        1,2,9,2.25
        2,3,1,1
        3,inf,5,5

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let figure = try Self.runJSON(["--csv", csv, "--style", "errors", "--out", out])
        let series = try #require((figure["histograms"] as? [[String: Any]])?.first)
        #expect(series["edges"] as? [Double] == [0, 1, 2, 3])
        #expect(series["values"] as? [Double] == [4, 9, 1])
        #expect(series["errors"] as? [Double] == [2, 1.5, 1])
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<figure class=\"hepbox-plot\">"))
    }

    @Test func rejectsWhatItCannotDraw() throws {
        #expect(throws: (any Error).self) {
            try PlotCommand.parse([Self.hepdata, "--hist", "hpx", "--out", Self.temporaryPath("x.jpg")]).execute()
        }
        #expect(throws: (any Error).self) {
            try PlotCommand.parse([Self.hepdata, "--hist", "hpx", "--csv", "a.csv", "--out", "x.svg"]).execute()
        }
        #expect(throws: (any Error).self) {
            try PlotCommand.parse([Self.hepdata, "--hist", "hpx", "--logz", "--out", Self.temporaryPath("x.svg")]).execute()
        }
        #expect(throws: (any Error).self) {
            try PlotCommand.parse([Self.hepdata, "--hist", "hpx", "--style", "bars", "--out", Self.temporaryPath("x.svg")]).execute()
        }
        #expect(throws: (any Error).self) {
            try PlotCommand.parse([Self.hepdata, "--hist", "nope", "--out", Self.temporaryPath("x.svg")]).execute()
        }
    }

    /// The command's own samples in docs/plots (run by docs/plots/make.sh): ROOT's hsimple histograms.
    @Test func writesSamplesFromRealFiles() throws {
        let docs = Self.repo.appendingPathComponent("docs/plots")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let runs: [[String]] = [
            [Self.hepdata, "--hist", "hpx", "--style", "errors", "--xtitle", "p_{x} [GeV]", "--ytitle", "Entries / 0.08 GeV"],
            [Self.hepdata, "--hist", "hpxpy", "--logz", "--xtitle", "p_{x} [GeV]", "--ytitle", "p_{y} [GeV]"],
            [Self.adl, "--tree", "Events", "--expr", "MET_pt", "--bins", "50", "--range", "0,250", "--logy",
             "--style", "filled", "--xtitle", "E_{T}^{miss} [GeV]", "--ytitle", "Events / 5 GeV", "--threads", "1"],
        ]
        for (arguments, name) in zip(runs, ["cli-hpx", "cli-hpxpy-logz", "cli-met-logy"]) {
            for ext in ["svg", "png"] {
                let path = docs.appendingPathComponent(name + "." + ext).path
                _ = try PlotCommand.parse(arguments + ["--out", path]).execute()
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }
    }
}
