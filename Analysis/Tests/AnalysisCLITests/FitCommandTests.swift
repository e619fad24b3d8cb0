import Fit
import Foundation
import Testing
@testable import AnalysisCLI

/// `hepbox analyze fit` end to end: CSV and ROOT-file inputs, compared with iminuit on the same bins.
@Suite struct FitCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let hepdataFile = repo.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/root/uproot-hepdata-example.root").path
    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repo.appendingPathComponent(".venv/bin/python3").path
    }

    struct OracleFailure: Error, CustomStringConvertible { let description: String }

    /// Runs `script` with the venv Python, passing `input` as JSON in argv[1]; returns the printed JSON.
    static func oracle(_ script: String, input: [String: Any]) throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw OracleFailure(description: "the iminuit oracle needs Python at \(python) (set HEPBOX_TEST_PYTHON)")
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputURL = dir.appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: input).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, inputURL.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw OracleFailure(description: "oracle failed: " + String(decoding: errData, as: UTF8.self)) }
        return obj
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-fitcmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The analysis.md §4(c) sample from a seeded SplitMix64: 20000 exp(−x/3) on [0,10] + 5000 N(5, 0.6),
    /// histogrammed in 100 bins.
    static func benchmarkBins() -> (edges: [Double], counts: [Double]) {
        var state: UInt64 = 1
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992.0
        }
        var counts = [Double](repeating: 0, count: 100)
        func add(_ x: Double) { if x >= 0 && x < 10 { counts[min(Int(x * 10), 99)] += 1 } }
        var background = 0
        while background < 20000 {
            let x = -3 * log(uniform())
            if x < 10 { add(x); background += 1 }
        }
        for _ in 0..<5000 {
            let u1 = uniform(), u2 = uniform()
            add(5 + 0.6 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        return ((0...100).map { Double($0) / 10 }, counts)
    }

    static func json(_ text: String) throws -> [String: Any] {
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(obj as? [String: Any])
    }

    static func parameter(_ obj: [String: Any], _ name: String) -> (value: Double, error: Double) {
        let p = (obj["parameters"] as? [String: Any])?[name] as? [String: Any]
        return ((p?["value"] as? NSNumber)?.doubleValue ?? .nan, (p?["error"] as? NSNumber)?.doubleValue ?? .nan)
    }

    static func expectClose(_ a: Double, _ b: Double, _ relative: Double, _ what: String) {
        #expect(abs(a - b) <= relative * abs(b), "\(what): hepbox \(a) vs iminuit \(b)")
    }

    /// `--csv H.csv --model gaus+expo` without --init gives iminuit's numbers (iminuit started from
    /// hepbox's automatic start values).
    @Test func csvGausPlusExpoWithoutInitMatchesIminuit() throws {
        let (edges, counts) = Self.benchmarkBins()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("h.csv")
        var text = "low,high,count\n"
        for i in 0..<counts.count { text += "\(edges[i]),\(edges[i + 1]),\(Int(counts[i]))\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let command = try FitCommand.parse(["--csv", csv.path, "--model", "gaus+expo", "--minos", "--json"])
        let ours = try Self.json(try command.execute())
        let model = try FitModel("gaus+expo")
        let centres = (0..<100).map { 0.5 * (edges[$0] + edges[$0 + 1]) }
        let start = try #require(model.initialValues(centres: centres, counts: counts))
        let ref = try Self.oracle("""
        import json, sys
        import numpy as np
        from iminuit import Minuit, cost
        inp = json.load(open(sys.argv[1]))
        edges = np.array(inp["edges"]); n = np.array(inp["counts"])
        cx = 0.5 * (edges[1:] + edges[:-1]); k = n > 0
        def f(x, p0, p1, p2, p3, p4):
            return p0 * np.exp(-0.5 * ((x - p1) / p2) ** 2) + np.exp(p3 + p4 * x)
        m = Minuit(cost.LeastSquares(cx[k], n[k], np.sqrt(n[k]), f), *inp["start"])
        m.migrad(); m.hesse(); m.minos()
        print(json.dumps({"values": list(m.values), "errors": list(m.errors), "fval": m.fval, "nfcn": m.nfcn,
                          "minos": [[m.merrors[p].lower, m.merrors[p].upper] for p in m.parameters]}))
        """, input: ["edges": edges, "counts": counts, "start": start])
        #expect(ours["valid"] as? Bool == true)
        #expect(ours["model"] as? String == "gaus+expo" && ours["cost"] as? String == "chi2")
        let values = (ref["values"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let errors = (ref["errors"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let minos = (ref["minos"] as? [[NSNumber]])?.map { $0.map(\.doubleValue) } ?? []
        #expect(values.count == 5 && minos.count == 5)
        for (i, name) in ["p0", "p1", "p2", "p3", "p4"].enumerated() where i < values.count && i < minos.count {
            let p = Self.parameter(ours, name)
            Self.expectClose(p.value, values[i], 1e-4, "\(name) value")
            Self.expectClose(p.error, errors[i], 1e-3, "\(name) error")
            let me = (ours["parameters"] as? [String: Any])?[name] as? [String: Any]
            Self.expectClose((me?["minos_lower"] as? NSNumber)?.doubleValue ?? .nan, minos[i][0], 1e-3, "\(name) MINOS−")
            Self.expectClose((me?["minos_upper"] as? NSNumber)?.doubleValue ?? .nan, minos[i][1], 1e-3, "\(name) MINOS+")
        }
        Self.expectClose((ours["fcn"] as? NSNumber)?.doubleValue ?? .nan, (ref["fval"] as? NSNumber)?.doubleValue ?? .nan,
                         1e-6, "FCN")
        let ourCalls = (ours["nfcn"] as? NSNumber)?.intValue ?? .max
        let theirCalls = (ref["nfcn"] as? NSNumber)?.intValue ?? 0
        print("fit command gaus+expo: calls hepbox \(ourCalls), iminuit \(theirCalls)")
        #expect(Double(ourCalls) <= 1.3 * Double(theirCalls))
        let cov = try #require(ours["covariance"] as? [[NSNumber]])
        #expect(cov.count == 5)
    }

    /// `FILE --hist hpx --model gaus` on the hsimple histogram; iminuit fits the bins uproot reads.
    @Test func rootHistogramGausFitMatchesIminuitOnUprootBins() throws {
        let command = try FitCommand.parse([Self.hepdataFile, "--hist", "hpx", "--model", "gaus",
                                            "--init", "p0=1000,p1=0.5,p2=2", "--json"])
        let ours = try Self.json(try command.execute())
        let ref = try Self.oracle("""
        import json, sys
        import numpy as np, uproot
        from iminuit import Minuit, cost
        h = uproot.open("\(Self.hepdataFile)")["hpx"]
        n = h.values(); e = h.errors(); edges = h.axis().edges()
        cx = 0.5 * (edges[1:] + edges[:-1]); k = n > 0
        def f(x, p0, p1, p2):
            return p0 * np.exp(-0.5 * ((x - p1) / p2) ** 2)
        m = Minuit(cost.LeastSquares(cx[k], n[k], e[k], f), p0=1000, p1=0.5, p2=2)
        m.migrad(); m.hesse()
        print(json.dumps({"values": list(m.values), "errors": list(m.errors), "fval": m.fval, "nfcn": m.nfcn}))
        """, input: [:])
        let values = (ref["values"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let errors = (ref["errors"] as? [NSNumber])?.map(\.doubleValue) ?? []
        #expect(values.count == 3)
        for (i, name) in ["p0", "p1", "p2"].enumerated() where i < values.count {
            let p = Self.parameter(ours, name)
            Self.expectClose(p.value, values[i], 1e-4, "\(name) value")
            Self.expectClose(p.error, errors[i], 1e-3, "\(name) error")
        }
        let ourCalls = (ours["nfcn"] as? NSNumber)?.intValue ?? .max
        let theirCalls = (ref["nfcn"] as? NSNumber)?.intValue ?? 0
        print("fit command hpx gaus: calls hepbox \(ourCalls), iminuit \(theirCalls)")
        #expect(Double(ourCalls) <= 1.3 * Double(theirCalls))
    }

    /// `FILE --tree Events --expr MET_pt --bins 25 --range 0,100 --model landau`: iminuit fits numpy's
    /// histogram of the branch read with uproot, from hepbox's automatic start values.
    @Test func treeExpressionLandauFitMatchesIminuit() throws {
        let adl = Self.repo.deletingLastPathComponent().appendingPathComponent("shared/testdata/adl/Run2012B_SingleMu_1000.root").path
        let command = try FitCommand.parse([adl, "--tree", "Events", "--expr", "MET_pt", "--bins", "25", "--range", "0,100",
                                            "--model", "landau", "--json", "--threads", "1"])
        let ours = try Self.json(try command.execute())
        let ref = try Self.oracle("""
        import json, sys, math
        import numpy as np, uproot
        from iminuit import Minuit, cost
        x = uproot.open("\(adl)")["Events"]["MET_pt"].array(library="np").astype(float)
        n, edges = np.histogram(x, bins=25, range=(0, 100))
        print(json.dumps({"counts": n.tolist(), "edges": edges.tolist()}))
        """, input: [:])
        let counts = (ref["counts"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let edges = (ref["edges"] as? [NSNumber])?.map(\.doubleValue) ?? []
        #expect(counts.count == 25 && edges.count == 26)
        let centres = (0..<counts.count).map { 0.5 * (edges[$0] + edges[$0 + 1]) }
        let start = try #require(try FitModel("landau").initialValues(centres: centres, counts: counts))
        // The oracle evaluates ROOT's TMath::Landau (CERNLIB DENLAN, the published coefficients) in numpy;
        // ShapeTests checks that approximation against the Landau integral itself.
        let fit = try Self.oracle("""
        import json, sys
        import numpy as np
        from iminuit import Minuit, cost
        inp = json.load(open(sys.argv[1]))
        n = np.array(inp["counts"]); edges = np.array(inp["edges"])
        cx = 0.5 * (edges[1:] + edges[:-1]); k = n > 0
        P = [[0.4259894875,-0.1249762550,0.03984243700,-0.006298287635,0.001511162253],
             [0.1788541609,0.1173957403,0.01488850518,-0.001394989411,0.0001283617211],
             [0.1788544503,0.09359161662,0.006325387654,0.00006611667319,-0.000002031049101],
             [0.9874054407,118.6723273,849.2794360,-743.7792444,427.0262186],
             [1.003675074,167.5702434,4789.711289,21217.86767,-22324.94910],
             [1.000827619,664.9143136,62972.92665,475554.6998,-5743609.109]]
        Q = [[1.0,-0.3388260629,0.09594393323,-0.01608042283,0.003778942063],
             [1.0,0.7428795082,0.3153932961,0.06694219548,0.008790609714],
             [1.0,0.6097809921,0.2560616665,0.04746722384,0.006957301675],
             [1.0,106.8615961,337.6496214,2016.712389,1597.063511],
             [1.0,156.9424537,3745.310488,9834.698876,66924.28357],
             [1.0,651.4101098,56974.73333,165917.4725,-2815759.939]]
        def r(i, t):
            p, q = P[i], Q[i]
            return (p[0]+(p[1]+(p[2]+(p[3]+p[4]*t)*t)*t)*t)/(q[0]+(q[1]+(q[2]+(q[3]+q[4]*t)*t)*t)*t)
        def denlan(v):
            if v < -5.5:
                u = np.exp(v + 1.0)
                if u < 1e-10: return 0.0
                return 0.3989422803*(np.exp(-1/u)/np.sqrt(u))*(1+(0.04166666667+(-0.01996527778+0.02709538966*u)*u)*u)
            if v < -1:
                u = np.exp(-v - 1); return np.exp(-u)*np.sqrt(u)*r(0, v)
            if v < 1: return r(1, v)
            if v < 5: return r(2, v)
            if v < 12: u = 1/v; return u*u*r(3, u)
            if v < 50: u = 1/v; return u*u*r(4, u)
            if v < 300: u = 1/v; return u*u*r(5, u)
            u = 1/(v - v*np.log(v)/(v + 1)); return u*u*(1 + (-1.845568670 - 4.284640743*u)*u)
        def landau_std(lam):
            return np.array([denlan(v) for v in lam])
        def f(x, p0, p1, p2):
            return p0 * landau_std((x - p1) / p2) if p2 > 0 else np.zeros_like(x)
        m = Minuit(cost.LeastSquares(cx[k], n[k], np.sqrt(n[k]), f), *inp["start"])
        m.migrad(); m.hesse()
        print(json.dumps({"values": list(m.values), "errors": list(m.errors), "nfcn": m.nfcn, "valid": m.valid}))
        """, input: ["counts": counts, "edges": edges, "start": start])
        let values = (fit["values"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let errors = (fit["errors"] as? [NSNumber])?.map(\.doubleValue) ?? []
        #expect(ours["valid"] as? Bool == true)
        #expect(fit["valid"] as? Bool == true)
        for (i, name) in ["p0", "p1", "p2"].enumerated() where i < values.count {
            let p = Self.parameter(ours, name)
            Self.expectClose(p.value, values[i], 1e-4, "\(name) value")
            Self.expectClose(p.error, errors[i], 1e-3, "\(name) error")
        }
    }

    @Test func textReportLimitsAndPlot() throws {
        let (edges, counts) = Self.benchmarkBins()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("h.csv")
        // hepbox hist's CSV layout: flow rows and a variance column.
        var text = "low,high,count,variance\n-inf,0,0,0\n"
        for i in 0..<counts.count { text += "\(edges[i]),\(edges[i + 1]),\(Int(counts[i])),\(Int(counts[i]))\n" }
        text += "10,inf,0,0\n"
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let svg = dir.appendingPathComponent("fit.svg")
        let out = try FitCommand.parse(["--csv", csv.path, "--model", "gaus+expo", "--limit", "p2=0.1:2",
                                        "--cost", "nll", "--plot", svg.path]).execute()
        for needle in ["Model: gaus+expo (cost nll)", "Valid Minimum", "Nfcn = ", "p2", "0.1", "wrote \(svg.path)"] {
            #expect(out.contains(needle), "report lacks '\(needle)':\n\(out)")
        }
        let drawn = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawn.contains("<svg") && drawn.contains("<path"))
    }

    @Test func graphFitPlotsPointsAndCurve() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("g.csv")
        var text = "x,y,err\n"
        for i in 0..<12 { let x = Double(i); text += "\(x),\(2.0 + 0.5 * x + (i % 2 == 0 ? 0.1 : -0.1)),0.2\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let png = dir.appendingPathComponent("g.png")
        let out = try FitCommand.parse(["--csv", csv.path, "--model", "pol1", "--plot", png.path]).execute()
        #expect(out.contains("Valid Minimum") && out.contains("wrote \(png.path)"))
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let svg = dir.appendingPathComponent("g.svg")
        _ = try FitCommand.parse(["--csv", csv.path, "--model", "pol1", "--plot", svg.path]).execute()
        let drawn = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawn.contains("fit-curve") && drawn.contains("fit-box"))
    }

    @Test(arguments: [
        (["--csv", "x.csv", "--model", "gaus", "--limit", "p9=0:1"], "unknown parameter 'p9'"),
        (["--csv", "x.csv", "--model", "gaus", "--limit", "p1=2:1"], "lower must be below upper"),
        (["--csv", "x.csv", "--model", "gaus", "--init", "p1"], "name=value"),
        (["--csv", "x.csv", "--model", "gaus(", "--json"], "--model"),
        (["--csv", "x.csv", "--model", "gaus", "--cost", "ml"], "--cost must be"),
        (["f.root", "--hist", "h", "--csv", "x.csv", "--model", "gaus"], "exactly one input"),
    ])
    func badArgumentsSayWhatIsWrong(_ args: [String], _ message: String) throws {
        let command = try FitCommand.parse(args)
        do {
            _ = try command.execute()
            Issue.record("\(args) should fail")
        } catch {
            #expect("\(error)".contains(message), "\(args): \(error)")
        }
    }
}
