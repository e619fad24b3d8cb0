import ArgumentParser
import Columnar
import Fit
import Foundation
import Histogram
import Plot
import RootIO

/// `hepbox analyze fit (FILE --hist NAME | FILE --tree T --expr E --bins N --range LO,HI | --csv HIST.csv)
/// --model MODEL [--init p=v,...] [--limit p=lo:hi]... [--fix p]... [--cost chi2|nll|enll] [--minos]
/// [--json] [--plot OUT.svg|OUT.png]`: MIGRAD + HESSE (+ MINOS) as MINUIT does them.
struct FitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a model to a histogram (MIGRAD, HESSE, MINOS) and print MINUIT's report or JSON.",
        discussion: """
        Models: gaus, expo, polN, landau, crystalball, breitwigner, voigt, their sums (gaus+expo has \
        p0..p4 numbered like ROOT, gaus(0)+pol1(3) gives offsets) and formulas in x with [0], [1], … or \
        named [mean] parameters and exp/log/sqrt/sin/cos/pow/abs/erf. Built-in models get start values \
        from the data unless --init gives them. The model is in counts per bin at the bin centre \
        (ROOT's convention). Costs: chi2 (ROOT's χ², empty bins skipped), nll (Poisson likelihood at bin \
        centres), enll (extended Poisson likelihood with the model averaged over each bin). \
        CSV input: columns low,high,count[,variance|error] (hepbox hist --out writes this; flow rows \
        are skipped) or x,y,err for a graph.
        """)

    @Argument(help: "ROOT file (with --hist or --tree).") var file: String?
    @Option(help: "Histogram (TH1) path in the file.") var hist: String?
    @Option(help: "Tree path in the file.") var tree: String?
    @Option(help: "Expression to histogram from the tree.") var expr: String?
    @Option(name: .customLong("where"), help: "Event selection for --tree.") var selection: String?
    @Option(help: "Number of bins for --tree.") var bins: Int?
    @Option(help: "Range LO,HI for --tree.") var range: String?
    @Option(help: "Histogram or graph as CSV.") var csv: String?
    @Option(help: "Model: built-in names, sums of them, or a formula.") var model: String
    @Option(name: .customLong("init"), help: "Start values p=v,... (parameter names as in the report).")
    var initial: String?
    @Option(name: .customLong("limit"), help: "Limits p=lo:hi (either side may be empty); repeatable.")
    var limits: [String] = []
    @Option(name: .customLong("fix"), help: "Fix a parameter at its start value; repeatable.") var fixed: [String] = []
    @Option(help: "Cost: chi2, nll or enll.") var cost: String = "chi2"
    @Option(help: "MINUIT strategy 0, 1 or 2.") var strategy: Int = 1
    @Flag(help: "Run MINOS for all free parameters.") var minos = false
    @Flag(help: "Print the result as JSON.") var json = false
    @Flag(name: .customLong("root-style"), help: "Print ROOT's Fitter summary instead of the MINUIT table.")
    var rootStyle = false
    @Option(help: "Draw data, fitted curve and result box to OUT.svg or OUT.png.") var plot: String?
    @Option(help: "Worker threads for --tree.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        print(try execute(), terminator: "")
    }

    /// Runs the fit and returns what the command prints.
    func execute() throws -> String {
        guard let kind = HistogramCost(rawValue: cost) else {
            throw ValidationError("--cost must be chi2, nll or enll, got '\(cost)'")
        }
        guard (0...2).contains(strategy) else { throw ValidationError("--strategy must be 0, 1 or 2, got \(strategy)") }
        let fitModel: FitModel
        do { fitModel = try FitModel(model) } catch { throw ValidationError("--model: \(error)") }
        var request = FitRequest(model: fitModel)
        request.initial = try Self.parseAssignments(initial ?? "")
        for text in limits {
            let (name, lim) = try Self.parseLimit(text)
            request.limits[name] = lim
        }
        request.fixed = Set(fixed)
        request.minos = minos
        request.strategy = strategy
        for name in Array(request.initial.keys) + Array(request.limits.keys) + fixed
            where !fitModel.parameterNames.contains(name) {
            throw ValidationError("unknown parameter '\(name)'; \(model) has \(fitModel.parameterNames.joined(separator: ", "))")
        }

        let input = try loadData()
        let result: FitResult
        switch input {
        case let .binned(data, label):
            result = try ModelFitter.fit(data, request, cost: kind)
            if let plot { try drawPlot(data: data, label: label, result: result, model: fitModel, to: plot) }
        case let .points(data):
            if kind != .chi2 { throw ValidationError("a graph (x,y,err) is fitted by chi2 only; --cost \(cost) needs a histogram") }
            result = try ModelFitter.fit(data, request)
            if let plot { try drawGraphPlot(data: data, result: result, model: fitModel, to: plot) }
        }
        var out: String
        if json {
            var object = result.jsonObject
            object["model"] = model
            object["cost"] = kind.rawValue
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            out = String(decoding: data, as: UTF8.self) + "\n"
        } else if rootStyle {
            out = result.rootStyleReport()
        } else {
            out = "Model: \(model) (cost \(kind.rawValue))\n" + result.report() + "\n"
        }
        if let plot, !json { out += "wrote \(plot)\n" }
        return out
    }

    enum Input {
        case binned(BinnedData, String)
        case points(PointData)
    }

    private func loadData() throws -> Input {
        let sources = [hist != nil, tree != nil, csv != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give exactly one input: FILE --hist NAME, FILE --tree T --expr E --bins N --range LO,HI, or --csv FILE")
        }
        if let csv {
            if file != nil { throw ValidationError("--csv takes its own path; drop the FILE argument") }
            return try Self.readCSV(csv)
        }
        guard let file else { throw ValidationError("--hist and --tree need the ROOT FILE argument") }
        if let hist {
            let histogram = try Histogram(try RootFile(path: file).histogram(hist))
            return .binned(try Self.binned(histogram), hist)
        }
        guard let tree, let expr, let bins, let range else {
            throw ValidationError("--tree needs --expr, --bins and --range")
        }
        guard bins > 0 else { throw ValidationError("--bins must be positive, got \(bins)") }
        let (lo, hi) = try AnalysisCommandSupport.parseRange(range)
        var script = QueryScript()
        try script.addHistogram(.init(
            name: "fit", expression: try AnalysisCommandSupport.parseOption(expr, "--expr"), bins: bins, lower: lo,
            upper: hi, weight: nil,
            selection: try selection.map { try AnalysisCommandSupport.parseOption($0, "--where") }))
        let result = try AnalysisCommandSupport.run(script, on: try Dataset(path: file, tree: tree), threads: threads)
        guard let filled = result.histograms.first else { throw ValidationError("no histogram was filled") }
        return .binned(try Self.binned(filled.histogram), expr)
    }

    /// In-range bins of a 1D histogram; explicit errors only for weighted storage (else √n).
    static func binned(_ h: Histogram) throws -> BinnedData {
        guard h.dimension == 1 else { throw ValidationError("histogram '\(h.name)' has \(h.dimension) axes; fit needs 1D") }
        let axis = h.axes[0]
        let values = h.values(), variances = h.variances()
        let n = axis.binCount
        let errors = h.storage == .count ? nil : variances[1...n].map { max($0, 0).squareRoot() }
        return try BinnedData(edges: axis.edges, counts: Array(values[1...n]), errors: errors)
    }

    static func readCSV(_ path: String) throws -> Input {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ValidationError("cannot read --csv \(path): \(error.localizedDescription)")
        }
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else { throw ValidationError("\(path) is empty") }
        let header = lines.removeFirst().lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
        var rows: [[Double]] = []
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= header.count else {
                throw ValidationError("\(path) line \(i + 2): \(cells.count) columns, header has \(header.count)")
            }
            rows.append(try cells.map { cell in
                guard let v = Double(cell) else { throw ValidationError("\(path) line \(i + 2): '\(cell)' is not a number") }
                return v
            })
        }
        if let lo = column(["low"]), let hi = column(["high"]), let c = column(["count", "value", "content"]) {
            let inRange = rows.filter { $0[lo].isFinite && $0[hi].isFinite }
            guard !inRange.isEmpty else { throw ValidationError("\(path) has no finite bins") }
            var edges = inRange.map { $0[lo] }
            edges.append(inRange[inRange.count - 1][hi])
            for k in 1..<inRange.count where inRange[k][lo] != inRange[k - 1][hi] {
                throw ValidationError("\(path): bin \(k + 1) starts at \(inRange[k][lo]) but the previous ends at \(inRange[k - 1][hi])")
            }
            var errors: [Double]?
            if let e = column(["error", "err"]) { errors = inRange.map { $0[e] } }
            else if let v = column(["variance"]) { errors = inRange.map { max($0[v], 0).squareRoot() } }
            return .binned(try BinnedData(edges: edges, counts: inRange.map { $0[c] }, errors: errors), path)
        }
        if let x = column(["x"]), let y = column(["y"]), let e = column(["err", "error", "yerr", "ey"]) {
            return .points(PointData(x: rows.map { $0[x] }, y: rows.map { $0[y] }, yerror: rows.map { $0[e] }))
        }
        throw ValidationError("\(path): header must be low,high,count[,variance|error] or x,y,err; got \(header.joined(separator: ","))")
    }

    static func parseAssignments(_ text: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, let v = Double(kv[1]), v.isFinite else {
                throw ValidationError("--init wants name=value pairs separated by commas, got '\(part)'")
            }
            out[kv[0]] = v
        }
        return out
    }

    static func parseLimit(_ text: String) throws -> (String, (lower: Double?, upper: Double?)) {
        let kv = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let bounds = kv.count == 2 ? kv[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
        guard kv.count == 2, bounds.count == 2 else {
            throw ValidationError("--limit wants name=lo:hi (either side may be empty), got '\(text)'")
        }
        func value(_ s: String) throws -> Double? {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            guard let v = Double(t) else { throw ValidationError("--limit \(text): '\(t)' is not a number") }
            return v
        }
        let lo = try value(bounds[0]), hi = try value(bounds[1])
        if lo == nil && hi == nil { throw ValidationError("--limit \(text) gives no bound") }
        if let lo, let hi, !(lo < hi) { throw ValidationError("--limit \(text): lower must be below upper") }
        return (kv[0], (lo, hi))
    }

    private func drawPlot(data: BinnedData, label: String, result: FitResult, model: FitModel, to path: String) throws {
        let values = result.values
        let series = try BinnedSeries(edges: data.edges, values: data.counts, errors: data.errors, label: "Data")
        let figure = try Plot1D(data: series, result: result, model: { model($0, values) }, title: label,
                                xTitle: label, yTitle: "Entries / bin")
        try figure.write(to: path)
    }

    private func drawGraphPlot(data: PointData, result: FitResult, model: FitModel, to path: String) throws {
        let values = result.values
        let points = try PointSeries(xs: data.x, ys: data.y, yErrors: data.yerror, label: "Data")
        let figure = try Plot1D(graph: points, result: result, model: { model($0, values) }, xTitle: "x", yTitle: "y")
        try figure.write(to: path)
    }
}
