import ArgumentParser
import Columnar
import Foundation
import Histogram

/// `hepbox analyze hist FILE --tree T --expr EXPR [--where COND] --bins N --range LO,HI
/// [--weight W] [--out X.json|X.csv]`: fills one 1D histogram from an expression over a tree.
/// Without --out it prints a summary and the bin table; with --out it writes CSV
/// (`low,high,count,variance`, underflow row first, overflow row last) or JSON by extension.
struct HistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hist",
        abstract: "Fill a 1D histogram from an expression over a TTree.")

    @Argument(help: "ROOT file.") var file: String
    @Option(help: "Tree path in the file.") var tree: String
    @Option(help: "QueryExpression to histogram (see `hepbox analyze query --help` for the language).") var expr: String
    @Option(name: .customLong("where"), help: "Event selection.") var selection: String?
    @Option(help: "Number of bins.") var bins: Int
    @Option(help: "Range LO,HI.") var range: String
    @Option(help: "Weight expression.") var weight: String?
    @Option(help: "Write the histogram to X.csv or X.json instead of printing the table.") var out: String?
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        print(try execute(), terminator: "")
    }

    /// Runs the command and returns what it prints.
    func execute() throws -> String {
        let (lo, hi) = try AnalysisCommandSupport.parseRange(range)
        var script = QueryScript()
        let expression = try AnalysisCommandSupport.parseOption(expr, "--expr")
        try script.addHistogram(.init(
            name: "hist", expression: expression, bins: bins, lower: lo, upper: hi,
            weight: try weight.map { try AnalysisCommandSupport.parseOption($0, "--weight") },
            selection: try selection.map { try AnalysisCommandSupport.parseOption($0, "--where") }))
        let dataset = try Dataset(path: file, tree: tree)
        let result = try AnalysisCommandSupport.run(script, on: dataset, threads: threads)
        guard let filled = result.histograms.first else { throw ValidationError("no histogram was filled") }
        var histogram = filled.histogram
        histogram.name = expr
        if let out {
            try AnalysisCommandSupport.write(histogram, to: out)
            return AnalysisCommandSupport.summary(filled, events: result.events, seconds: result.seconds, label: expr)
                + "wrote \(out)\n"
        }
        return AnalysisCommandSupport.summary(filled, events: result.events, seconds: result.seconds, label: expr)
            + AnalysisCommandSupport.table(histogram)
    }
}

/// Shared by `hist` and `query`: parsing helpers, running with a progress bar, output.
enum AnalysisCommandSupport {
    static func parseRange(_ text: String) throws -> (Double, Double) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo < hi, lo.isFinite, hi.isFinite else {
            throw ValidationError("--range must be LO,HI with finite LO < HI, got '\(text)'")
        }
        return (lo, hi)
    }

    static func parseOption(_ text: String, _ option: String) throws -> QueryExpression {
        do { return try ExpressionParser.parse(text) } catch { throw ValidationError("\(option) '\(text)': \(error)") }
    }

    static func run(_ script: QueryScript, on dataset: Dataset, threads: Int) throws -> QueryResult {
        let runner = QueryRunner(threads: threads)
        let bar = ProgressBar(label: "analyze")
        defer { bar.finish() }
        return try runner.run(script, on: dataset) { done, total in bar.update(done, total) }
    }

    static func write(_ histogram: Histogram, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "csv": try histogram.csv().write(to: url, atomically: true, encoding: .utf8)
        case "json": try histogram.jsonData().write(to: url, options: .atomic)
        default: throw ValidationError("--out must end in .csv or .json, got '\(path)'")
        }
    }

    static func format(_ x: Double?) -> String {
        guard let x else { return "-" }
        return Histogram.csvNumberText(x)
    }

    static func summary(_ filled: QueryResult.Filled, events: Int, seconds: Double, label: String) -> String {
        let h = filled.histogram
        let axis = h.axes[0]
        let values = h.values()
        var s = "\(filled.name): \(label)\n"
        s += "  events \(events), selected \(filled.selectedEvents), entries \(format(h.entries)), "
        s += "sum of weights \(format(h.sumOfWeights))\n"
        s += "  underflow \(format(values[0])), overflow \(format(values[axis.binCount + 1])), "
        s += "mean \(format(h.mean())), std dev \(format(h.standardDeviation()))"
        if filled.missingValues > 0 { s += ", missing values skipped \(filled.missingValues)" }
        s += String(format: "\n  %.3f s\n", seconds)
        return s
    }

    /// The bin table as aligned columns low, high, count, variance (flow rows included).
    static func table(_ h: Histogram) -> String {
        let rows = (try? h.csv()) ?? ""
        let cells = rows.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let widths = (0..<4).map { k in cells.map { $0.count > k ? $0[k].count : 0 }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { k, c in String(repeating: " ", count: max(widths[k] - c.count, 0)) + c }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
