import ArgumentParser
import Columnar
import Foundation
import Histogram
import Plot
import RootIO

/// `hepbox analyze plot (FILE --hist NAME [--hist NAME2 …] | FILE --tree T --expr E [--expr E2 …] --bins N
/// --range LO,HI | --csv HIST.csv [--csv B.csv …]) --out OUT.svg|OUT.png|OUT.html`: draws histograms.
/// Several 1D inputs overlay with a legend; a 2D histogram becomes a colour map, or a lego/surface view.
struct PlotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw histograms to SVG, PNG or HTML.",
        discussion: """
        Inputs: histograms in a ROOT file (--hist, repeatable; TH1 overlay, TH2 as a colour map), \
        expressions over a tree (--tree with --expr, repeatable, --bins and --range), or CSV files \
        (--csv, repeatable; columns low,high,count[,variance] as `hepbox analyze hist --out X.csv` \
        writes them; the underflow/overflow rows are not drawn). Styles: step, filled, errors \
        (points with √variance error bars); --style is repeatable and applies in order, the last one \
        to the remaining inputs. Titles accept ^{…} and _{…} (e.g. "p_{T} [GeV]").
        """)

    @Argument(help: "ROOT file (with --hist or --tree).") var file: String?
    @Option(help: "Histogram path in the file; repeatable.") var hist: [String] = []
    @Option(help: "Tree path in the file.") var tree: String?
    @Option(help: "Expression to histogram from the tree; repeatable.") var expr: [String] = []
    @Option(name: .customLong("where"), help: "Event selection for --tree.") var selection: String?
    @Option(help: "Number of bins for --tree.") var bins: Int?
    @Option(help: "Range LO,HI for --tree.") var range: String?
    @Option(help: "Histogram CSV (low,high,count[,variance]); repeatable.") var csv: [String] = []
    @Option(help: "Output file: .svg, .png or .html.") var out: String
    @Option(help: "Drawing style per input: step, filled or errors; repeatable.") var style: [String] = []
    @Option(help: "Legend label per input; repeatable (default: the histogram name).") var label: [String] = []
    @Option(help: "Plot title.") var title: String?
    @Option(name: .customLong("xtitle"), help: "x axis title, with units (e.g. \"m_{μμ} [GeV]\").") var xTitle: String?
    @Option(name: .customLong("ytitle"), help: "y axis title.") var yTitle: String?
    @Flag(help: "Logarithmic x axis.") var logx = false
    @Flag(help: "Logarithmic y axis (zero bins drop to the axis).") var logy = false
    @Flag(help: "Logarithmic colour scale for a 2D histogram.") var logz = false
    @Flag(help: "Draw a 2D histogram as a 3D lego plot.") var lego = false
    @Flag(help: "Draw a 2D histogram as a 3D surface.") var surface = false
    @Option(help: "PNG resolution factor (2 = 1600×1200).") var scale: Double = 1
    @Flag(help: "Print the plot description as JSON instead of text.") var json = false
    @Option(help: "Worker threads for --tree.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        print(try execute(), terminator: "")
    }

    /// Draws the plot, writes `out`, and returns what the command prints.
    func execute() throws -> String {
        _ = try ImageFormat(path: out)
        guard scale > 0 && scale <= 8 else { throw ValidationError("--scale must be in (0, 8], got \(scale)") }
        if lego && surface { throw ValidationError("choose one of --lego and --surface") }
        let styles = try style.map { text -> HistogramStyle in
            guard let parsed = HistogramStyle(rawValue: text) else {
                throw ValidationError("--style must be step, filled or errors, got '\(text)'")
            }
            return parsed
        }
        let inputs = try loadInputs()
        let figure: any Figure
        if inputs.count == 1, case let .twoD(histogram) = inputs[0].content {
            figure = try twoDimensionalFigure(histogram, name: inputs[0].name)
        } else {
            figure = try overlay(inputs, styles: styles)
        }
        do {
            try figure.write(to: out, scale: scale)
        } catch let error as PlotError {
            throw ValidationError("\(error)")
        }
        return (json ? figure.json() + "\n" : figure.text()) + "wrote \(out)\n"
    }

    /// One input: 1D bins ready to draw, or a 2D histogram.
    struct Input {
        enum Content {
            case bins(edges: [Double], values: [Double], errors: [Double]?)
            case twoD(Histogram)
        }
        var content: Content
        var name: String
        var title: String = ""
        var axisTitle: String = ""

        init(histogram: Histogram, name: String) throws {
            self.name = name
            title = histogram.title
            axisTitle = histogram.axes[0].title
            switch histogram.dimension {
            case 1:
                let series = try BinnedSeries(histogram: histogram)
                content = .bins(edges: series.edges, values: series.values, errors: series.errors)
            case 2: content = .twoD(histogram)
            default:
                throw ValidationError("\(name) has \(histogram.dimension) axes; plot draws 1D and 2D histograms")
            }
        }

        init(csvPath path: String) throws {
            guard case let .binned(data, _) = try FitCommand.readCSV(path) else {
                throw ValidationError("\(path) is a graph (x,y,err); plot draws histograms (low,high,count[,variance])")
            }
            name = PlotCommand.baseName(path)
            content = .bins(edges: data.edges, values: data.counts, errors: data.errors)
        }
    }

    private func loadInputs() throws -> [Input] {
        let sources = [!hist.isEmpty, tree != nil, !csv.isEmpty].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give one kind of input: FILE --hist NAME, FILE --tree T --expr E --bins N --range LO,HI, or --csv FILE")
        }
        if !csv.isEmpty {
            if file != nil { throw ValidationError("--csv takes its own path; drop the FILE argument") }
            return try csv.map { try Input(csvPath: $0) }
        }
        guard let file else { throw ValidationError("--hist and --tree need the ROOT FILE argument") }
        if !hist.isEmpty {
            let root = try RootFile(path: file)
            return try hist.map { try Input(histogram: try Histogram(try root.histogram($0)), name: $0) }
        }
        guard let tree, !expr.isEmpty, let bins, let range else {
            throw ValidationError("--tree needs --expr, --bins and --range")
        }
        guard bins > 0 else { throw ValidationError("--bins must be positive, got \(bins)") }
        let (lo, hi) = try AnalysisCommandSupport.parseRange(range)
        var script = QueryScript()
        for (index, text) in expr.enumerated() {
            try script.addHistogram(.init(
                name: "plot\(index)", expression: try AnalysisCommandSupport.parseOption(text, "--expr"), bins: bins,
                lower: lo, upper: hi, weight: nil,
                selection: try selection.map { try AnalysisCommandSupport.parseOption($0, "--where") }))
        }
        let result = try AnalysisCommandSupport.run(script, on: try Dataset(path: file, tree: tree), threads: threads)
        guard result.histograms.count == expr.count else { throw ValidationError("not every --expr filled a histogram") }
        return try zip(result.histograms, expr).map { filled, text in
            var input = try Input(histogram: filled.histogram, name: text)
            input.axisTitle = text
            return input
        }
    }

    private func overlay(_ inputs: [Input], styles: [HistogramStyle]) throws -> Plot1D {
        if logz || lego || surface { throw ValidationError("--logz, --lego and --surface are for 2D histograms") }
        if label.count > inputs.count { throw ValidationError("\(label.count) --label values for \(inputs.count) inputs") }
        var series: [BinnedSeries] = []
        for (index, input) in inputs.enumerated() {
            guard case let .bins(edges, values, errors) = input.content else {
                throw ValidationError("\(input.name) is 2D; overlays need 1D histograms (draw a 2D histogram on its own)")
            }
            // A single histogram needs no legend unless a label was asked for.
            let name: String? = index < label.count ? label[index] : (inputs.count == 1 ? nil : input.name)
            series.append(try BinnedSeries(edges: edges, values: values, errors: errors, label: name,
                                           style: styles.isEmpty ? .step : styles[min(index, styles.count - 1)]))
        }
        let first = inputs[0]
        let defaultTitle = inputs.count == 1 ? (first.title.isEmpty ? first.name : first.title) : ""
        return Plot1D(title: title ?? defaultTitle, xTitle: xTitle ?? first.axisTitle, yTitle: yTitle ?? "Entries / bin",
                      xAxis: logx ? .log : .linear, yAxis: logy ? .log : .linear, histograms: series)
    }

    private func twoDimensionalFigure(_ histogram: Histogram, name: String) throws -> any Figure {
        if logx || logy { throw ValidationError("--logx/--logy are for 1D plots; use --logz for a 2D colour scale") }
        if style.count > 0 { throw ValidationError("--style is for 1D plots; a 2D histogram is a colour map, --lego or --surface") }
        let plotTitle = title ?? (histogram.title.isEmpty ? name : histogram.title)
        if lego || surface {
            var figure = try Plot3D(histogram: histogram, kind: lego ? .lego : .surface, title: plotTitle)
            if let xTitle { figure.xTitle = xTitle }
            if let yTitle { figure.yTitle = yTitle }
            return figure
        }
        var figure = try Plot2D(histogram: histogram, zAxis: logz ? .log : .linear, title: plotTitle)
        if let xTitle { figure.xTitle = xTitle }
        if let yTitle { figure.yTitle = yTitle }
        return figure
    }

    static func baseName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}
