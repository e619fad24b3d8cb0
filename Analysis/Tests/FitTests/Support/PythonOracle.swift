import Foundation

/// Runs a Python script (iminuit) with JSON on stdin and decodes the JSON it prints.
enum PythonOracle {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static var interpreter: URL {
        if let env = ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        // <repo>/Analysis/Tests/FitTests/Support/PythonOracle.swift → <repo>/.venv/bin/python3
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.appendingPathComponent(".venv/bin/python3")
    }

    static func run(script: String, input: Any) throws -> [String: Any] {
        let python = interpreter
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "the iminuit oracle needs Python at \(python.path) (set HEPBOX_TEST_PYTHON)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptURL = dir.appendingPathComponent("oracle.py")
        let inputURL = dir.appendingPathComponent("input.json")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: input).write(to: inputURL)
        let process = Process()
        process.executableURL = python
        process.arguments = [scriptURL.path, inputURL.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "oracle failed (\(process.terminationStatus)): "
                + (String(data: errData, encoding: .utf8) ?? ""))
        }
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "oracle printed no JSON object: " + (String(data: data, encoding: .utf8) ?? ""))
        }
        return obj
    }

    /// Common prelude: reads the input file into `inp` and offers `report(m)` for a Minuit object.
    static let prelude = """
    import json, sys
    import numpy as np
    from iminuit import Minuit
    from iminuit import cost
    inp = json.load(open(sys.argv[1]))
    def report(m, extra=None):
        d = {"values": list(map(float, m.values)), "errors": list(map(float, m.errors)),
             "fval": float(m.fval), "edm": float(m.fmin.edm), "nfcn": int(m.nfcn), "valid": bool(m.valid),
             "accurate": bool(m.accurate), "at_limit": bool(m.fmin.has_parameters_at_limit)}
        if m.covariance is not None:
            d["covariance"] = np.asarray(m.covariance).tolist()
        if extra: d.update(extra)
        return d

    """
}

/// A small deterministic generator (SplitMix64) for pseudo-data.
struct SeededGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }

    mutating func normal(mean: Double, sigma: Double) -> Double {
        let u1 = uniform(), u2 = uniform()
        return mean + sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func exponential(scale: Double) -> Double { -scale * log(uniform()) }
}

/// Histogram counts of `data` in `bins` equal bins on [lo, hi).
func histogramCounts(_ data: [Double], bins: Int, lo: Double, hi: Double) -> (edges: [Double], counts: [Double]) {
    var counts = [Double](repeating: 0, count: bins)
    for x in data where x >= lo && x < hi {
        let i = min(Int((x - lo) / (hi - lo) * Double(bins)), bins - 1)
        counts[i] += 1
    }
    let edges = (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
    return (edges, counts)
}

/// The benchmark sample of analysis.md §4(c): exponential background (τ = 3) on [0, 10] + gaussian signal.
func signalPlusBackground(seed: UInt64 = 1, background: Int = 20000, signal: Int = 5000) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    var data: [Double] = []
    while data.count < background {
        let x = rng.exponential(scale: 3)
        if x < 10 { data.append(x) }
    }
    for _ in 0..<signal {
        let x = rng.normal(mean: 5, sigma: 0.6)
        if x >= 0 && x < 10 { data.append(x) }
    }
    return data
}

func doubles(_ any: Any?) -> [Double] { (any as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? [] }
func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
