import ArgumentParser
import Columnar
import Foundation
import Histogram

/// `hepbox analyze query FILE --tree T SCRIPT [--out DIR]`: runs a query script (a file, or `-`
/// for stdin) in one pass over the tree and prints every histogram (summary + table), or writes
/// DIR/NAME.csv and DIR/NAME.json for each.
///
/// Script syntax (one statement per line, `#` comments, `\` continues a line):
///
///     define NAME = EXPR
///     where COND                      # applies to every hist below it
///     hist NAME = EXPR bins N range LO,HI [weight W] [where COND]
///
/// Example (ADL Q5):
///
///     define pairs = combinations(Muon, 2)
///     define mll = invmass(pairs)
///     where any(pairs.charge1 != pairs.charge2 && mll > 60 && mll < 120)
///     hist met = MET_pt bins 100 range 0,2000
///
/// The expression language is described on `QueryScript` (Columnar) and in bench/analysis/README.md.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a query script (definitions, selections, histograms) over a TTree in one pass.",
        discussion: """
        SCRIPT lines: `define NAME = EXPR`, `where COND` (applies to the hists below it),
        `hist NAME = EXPR bins N range LO,HI [weight W] [where COND]`. Expressions: branches,
        collections (Jet.pt), masks (Jet_pt[abs(Jet_eta) < 1]), reductions (count sum min max any
        all argmin argmax first), combinations(Muon, 2), concat(Muon, Electron), invmass, vsum_pt,
        deltaR, deltaPhi, mt, mindR, math functions, && || ! and or not.
        """)

    @Argument(help: "ROOT file.") var file: String
    @Option(help: "Tree path in the file.") var tree: String
    @Argument(help: "Query script file, or - for stdin.") var script: String
    @Option(help: "Directory to write NAME.csv and NAME.json for every histogram.") var out: String?
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        print(try execute(), terminator: "")
    }

    func execute(stdin: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws -> String {
        let text: String
        if script == "-" {
            text = String(decoding: stdin(), as: UTF8.self)
        } else {
            do { text = try String(contentsOfFile: script, encoding: .utf8) } catch {
                throw ValidationError("cannot read the query script '\(script)': \(error.localizedDescription)")
            }
        }
        let parsed = try QueryScript.parse(text)
        let dataset = try Dataset(path: file, tree: tree)
        let result = try AnalysisCommandSupport.run(parsed, on: dataset, threads: threads)
        var output = ""
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        for (filled, spec) in zip(result.histograms, parsed.histograms) {
            output += AnalysisCommandSupport.summary(filled, events: result.events, seconds: result.seconds,
                                                     label: Self.describe(spec))
            if let out {
                let base = URL(fileURLWithPath: out).appendingPathComponent(filled.name)
                try AnalysisCommandSupport.write(filled.histogram, to: base.appendingPathExtension("csv").path)
                try AnalysisCommandSupport.write(filled.histogram, to: base.appendingPathExtension("json").path)
                output += "  wrote \(base.path).csv and .json\n"
            } else {
                output += AnalysisCommandSupport.table(filled.histogram)
            }
        }
        return output
    }

    static func describe(_ spec: QueryScript.HistogramSpec) -> String {
        "\(spec.bins) bins on [\(AnalysisCommandSupport.format(spec.lower)), \(AnalysisCommandSupport.format(spec.upper)))"
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work has
/// taken longer than half a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) != 0
    private let started = Date()
    private let lock = NSLock()
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0, Date().timeIntervalSince(started) > 0.5 else { return }
        lock.withLock {
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
            drawn = true
        }
    }

    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }
}
