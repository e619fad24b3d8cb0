import ArgumentParser
import Foundation
import RootIO

/// `hepbox analyze inspect FILE [--json]`: what a ROOT file holds (objects with their directories,
/// trees with their branches, types and entry counts, histograms).
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the objects, trees, branches and histograms of a ROOT file.")

    @Argument(help: "ROOT file (a path or an http(s) URL served with range requests).")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let output = try render()
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The report as it is printed.
    func render() throws -> String {
        let root = try RootFileOpener.open(file)
        let report = try InspectReport.build(root, progress: CommandProgress(label: "inspect"))
        return json ? try report.jsonText() + "\n" : report.text(file: file)
    }
}

/// Opens a local path or an http(s) URL.
enum RootFileOpener {
    static func open(_ location: String) throws -> RootFile {
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            guard let url = URL(string: location) else { throw ValidationError("not a valid URL: \(location)") }
            return try RootFile(source: try HTTPRangeSource(url: url))
        }
        return try RootFile(path: location)
    }
}

/// Everything `inspect` prints, in a form that encodes to JSON.
struct InspectReport: Encodable {
    struct Object: Encodable {
        let path: String
        let className: String
        let cycle: Int
        let title: String
    }
    struct Branch: Encodable {
        let name: String
        let type: String
        let rootType: String
        let jagged: Bool
        let shape: [Int]
        let counter: String?
        let entries: Int64
        let compressedBytes: Int64
    }
    struct Unreadable: Encodable {
        let name: String
        let reason: String
    }
    struct Tree: Encodable {
        let path: String
        let className: String
        let entries: Int64
        let branches: [Branch]
        let unreadable: [Unreadable]
    }
    struct Histogram: Encodable {
        let path: String
        let className: String
        let title: String
        let dimension: Int
        let xBins: Int
        let xRange: [Double]
        let yBins: Int?
        let yRange: [Double]?
        let entries: Double
    }
    struct Problem: Encodable {
        let path: String
        let className: String
        let error: String
    }

    let rootVersion: Int
    let compression: Int
    let objects: [Object]
    let trees: [Tree]
    let histograms: [Histogram]
    /// Objects that could not be opened (RNTuple, unsupported classes), with the reason.
    let problems: [Problem]

    static func build(_ file: RootFile, progress: CommandProgress) throws -> InspectReport {
        let keys = try file.allKeys()
        var latest: [String: RootKeyInfo] = [:]
        for key in keys where (latest[key.path]?.cycle ?? Int.min) < key.cycle { latest[key.path] = key }
        let newest = keys.filter { latest[$0.path]?.cycle == $0.cycle }
        var trees: [Tree] = []
        var histograms: [Histogram] = []
        var problems: [Problem] = []
        for (index, key) in newest.enumerated() {
            progress.update(index, newest.count)
            switch key.className {
            case "TTree", "TNtuple", "TNtupleD":
                do {
                    let tree = try file.tree(key.path)
                    var branches: [Branch] = []
                    var unreadable: [Unreadable] = []
                    for name in tree.allBranchNames {
                        if let reason = tree.unreadableReason(name) {
                            unreadable.append(Unreadable(name: name, reason: reason))
                            continue
                        }
                        let info = try tree.branchInfo(name)
                        branches.append(Branch(name: info.name, type: info.typeName, rootType: info.rootType, jagged: info.isJagged,
                                               shape: info.fixedShape, counter: info.counterBranch, entries: info.entryCount,
                                               compressedBytes: info.compressedBytes))
                    }
                    trees.append(Tree(path: key.path, className: key.className, entries: tree.entryCount,
                                      branches: branches, unreadable: unreadable))
                } catch {
                    problems.append(Problem(path: key.path, className: key.className, error: "\(error)"))
                }
            case "TH1F", "TH1D", "TH1I", "TH2F", "TH2D", "TH2I", "TProfile":
                do {
                    let h = try file.histogram(key.path)
                    histograms.append(Histogram(path: key.path, className: h.className, title: h.title, dimension: h.dimension,
                                                xBins: h.xEdges.count - 1, xRange: [h.xEdges.first ?? 0, h.xEdges.last ?? 0],
                                                yBins: h.yEdges.map { $0.count - 1 },
                                                yRange: h.yEdges.map { [$0.first ?? 0, $0.last ?? 0] }, entries: h.entries))
                } catch {
                    problems.append(Problem(path: key.path, className: key.className, error: "\(error)"))
                }
            default:
                if key.className.contains("RNTuple") {
                    problems.append(Problem(path: key.path, className: key.className,
                                            error: "RNTuple is not supported by this reader (TTree only)"))
                }
            }
        }
        progress.finish()
        return InspectReport(rootVersion: file.rootVersion, compression: file.compression,
                             objects: keys.map { Object(path: $0.path, className: $0.className, cycle: $0.cycle, title: $0.title) },
                             trees: trees, histograms: histograms, problems: problems)
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text(file: String) -> String {
        var lines: [String] = []
        let version = "\(rootVersion / 10000).\(String(format: "%02d", rootVersion / 100 % 100))/\(String(format: "%02d", rootVersion % 100))"
        lines.append("\(file): ROOT \(version), compression \(compression)")
        lines.append("")
        lines.append("Objects:")
        for object in objects {
            let depth = object.path.split(separator: "/").count - 1
            let indent = String(repeating: "  ", count: depth + 1)
            let name = object.path.split(separator: "/").last.map(String.init) ?? object.path
            let title = object.title.isEmpty ? "" : "  \"\(object.title)\""
            lines.append("\(indent)\(name);\(object.cycle)  \(object.className)\(title)")
        }
        for tree in trees {
            lines.append("")
            lines.append("Tree \(tree.path) (\(tree.className)): \(tree.entries) entries, \(tree.branches.count) numeric branches")
            let width = min(40, tree.branches.map(\.name.count).max() ?? 0)
            for branch in tree.branches {
                let padded = branch.name.padding(toLength: max(width, branch.name.count), withPad: " ", startingAt: 0)
                var type = branch.type
                if let counter = branch.counter { type += "[\(counter)]" } else if branch.jagged { type += "[]" }
                type += branch.shape.map { "[\($0)]" }.joined()
                lines.append("  \(padded)  \(type.padding(toLength: 22, withPad: " ", startingAt: 0)) \(branch.rootType)  (\(branch.entries) entries, \(branch.compressedBytes) bytes)")
            }
            for item in tree.unreadable {
                lines.append("  \(item.name)  not readable: \(item.reason)")
            }
        }
        if !histograms.isEmpty {
            lines.append("")
            lines.append("Histograms:")
            for h in histograms {
                var axes = "\(h.xBins) bins [\(h.xRange[0]), \(h.xRange[1])]"
                if let yBins = h.yBins, let yRange = h.yRange { axes += " × \(yBins) bins [\(yRange[0]), \(yRange[1])]" }
                lines.append("  \(h.path)  \(h.className)  \"\(h.title)\"  \(axes), \(h.entries) entries")
            }
        }
        if !problems.isEmpty {
            lines.append("")
            lines.append("Not readable:")
            for p in problems { lines.append("  \(p.path) (\(p.className)): \(p.error)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A one-line progress bar on stderr for inspect/dump, drawn only when stderr is a terminal and
/// the work has lasted more than half a second.
final class CommandProgress: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) != 0
    private let started = Date()
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0, Date().timeIntervalSince(started) > 0.5 else { return }
        let width = 30
        let filled = width * min(done, total) / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
