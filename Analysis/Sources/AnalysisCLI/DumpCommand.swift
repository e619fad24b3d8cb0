import ArgumentParser
import Plot
import Foundation
import RootIO

/// `hepbox analyze dump FILE --tree T [--branch B ...] [--entries A:B] --json`: branch values as
/// JSON, `{"BRANCH": [values]}`; jagged branches as lists of lists, fixed arrays as (nested) lists.
struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the values of TTree branches as JSON.")

    @Argument(help: "ROOT file (a path or an http(s) URL served with range requests).")
    var file: String

    @Option(help: "Tree path inside the file (\"dir/name\", optional \";cycle\").")
    var tree: String

    @Option(name: .customLong("branch"), help: "Branch to print (repeatable; default: every numeric branch).")
    var branches: [String] = []

    @Option(help: "Entry range A:B (B excluded; either side may be omitted).")
    var entries: String?

    @Flag(help: "Print JSON (the only output format).")
    var json = false

    func validate() throws {
        guard json else { throw ValidationError("dump prints JSON only: pass --json") }
        if let entries { _ = try DumpCommand.parseRange(entries, entryCount: Int64.max) }
    }

    func run() async throws {
        let output = FileHandle.standardOutput
        try write { output.write(Data($0.utf8)) }
        output.write(Data("\n".utf8))
    }

    /// Produces the JSON document piece by piece (one branch at a time, so large dumps stream).
    func write(_ emit: (String) -> Void) throws {
        let root = try RootFileOpener.open(file)
        let rootTree = try root.tree(tree)
        let names = branches.isEmpty ? rootTree.branchNames : branches
        let range = try entries.map { try DumpCommand.parseRange($0, entryCount: rootTree.entryCount) } ?? 0..<rootTree.entryCount
        let progress = CommandProgress(label: "dump")
        emit("{")
        for (index, name) in names.enumerated() {
            progress.update(index, names.count)
            let array = try rootTree.read(name, entries: range)
            var text = index == 0 ? "\n" : ",\n"
            text += "  " + JSONValue.quoted(name) + ": "
            JSONNumbers.appendArray(array, to: &text)
            emit(text)
        }
        progress.finish()
        emit(names.isEmpty ? "}" : "\n}")
    }

    /// The whole document as a string (for tests and small dumps).
    func render() throws -> String {
        var out = ""
        try write { out += $0 }
        return out + "\n"
    }

    /// "A:B", "A:", ":B" or "A" (one entry); checked against the tree's entry count.
    static func parseRange(_ text: String, entryCount: Int64) throws -> Range<Int64> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func number(_ s: String, default value: Int64) throws -> Int64 {
            if s.isEmpty { return value }
            guard let n = Int64(s), n >= 0 else { throw ValidationError("--entries: \(s) is not a non-negative entry number") }
            return n
        }
        let low: Int64, high: Int64
        switch parts.count {
        case 1:
            low = try number(parts[0], default: 0)
            high = low + 1
        case 2:
            low = try number(parts[0], default: 0)
            high = try number(parts[1], default: entryCount)
        default:
            throw ValidationError("--entries expects A:B, got \(text)")
        }
        guard low <= high else { throw ValidationError("--entries \(text): start is after end") }
        guard high <= entryCount else { throw ValidationError("--entries \(text): the tree has \(entryCount) entries") }
        return low..<high
    }
}

/// JSON text for branch values: integers as integers, floats in their shortest round-tripping form
/// (a float32 printed as float32, so "0.1" and not "0.10000000149011612"), bools as true/false,
/// NaN and infinities as null (JSON has no literal for them).
enum JSONNumbers {
    static func appendArray(_ array: BranchArray, to text: inout String) {
        let items = strings(array.values)
        text += "["
        if let offsets = array.offsets {
            for entry in 0..<(offsets.count - 1) {
                if entry > 0 { text += ", " }
                text += "[" + items[Int(offsets[entry])..<Int(offsets[entry + 1])].joined(separator: ", ") + "]"
            }
        } else if array.fixedShape.isEmpty {
            text += items.joined(separator: ", ")
        } else {
            let width = array.fixedShape.reduce(1, *)
            let entries = width == 0 ? 0 : items.count / width
            for entry in 0..<entries {
                if entry > 0 { text += ", " }
                appendNested(items[entry * width..<(entry + 1) * width], shape: array.fixedShape[...], to: &text)
            }
        }
        text += "]"
    }

    /// Row-major values of one entry as nested lists following `shape`.
    static func appendNested(_ items: ArraySlice<String>, shape: ArraySlice<Int>, to text: inout String) {
        guard let first = shape.first else { text += items.first ?? "null"; return }
        let inner = shape.dropFirst().reduce(1, *)
        text += "["
        for i in 0..<first {
            if i > 0 { text += ", " }
            let start = items.startIndex + i * inner
            if shape.count == 1 {
                text += items[start]
            } else {
                appendNested(items[start..<start + inner], shape: shape.dropFirst(), to: &text)
            }
        }
        text += "]"
    }

    static func strings(_ values: NumericArray) -> [String] {
        func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(_ v: T) -> String {
            v.isFinite ? v.description : "null"
        }
        switch values {
        case .bool(let a): return a.map { $0 ? "true" : "false" }
        case .int8(let a): return a.map { String($0) }
        case .uint8(let a): return a.map { String($0) }
        case .int16(let a): return a.map { String($0) }
        case .uint16(let a): return a.map { String($0) }
        case .int32(let a): return a.map { String($0) }
        case .uint32(let a): return a.map { String($0) }
        case .int64(let a): return a.map { String($0) }
        case .uint64(let a): return a.map { String($0) }
        case .float32(let a): return a.map(floating)
        case .float64(let a): return a.map(floating)
        }
    }
}
