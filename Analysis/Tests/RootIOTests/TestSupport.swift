import Foundation
import Testing
@testable import RootIO

/// Paths of the repository, the shared test data and the oracle's Python, found from this file.
enum TestEnvironment {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testData = repository.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    static let rootFiles = testData.appendingPathComponent("root")
    static let adlFile = testData.appendingPathComponent("adl/Run2012B_SingleMu_1000.root")

    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repository.appendingPathComponent(".venv/bin/python3").path
    }

    /// Every ROOT file the tests must read: all of testdata/root plus the ADL sample.
    static var allFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rootFiles.path)) ?? []
        return names.filter { $0.hasSuffix(".root") }.sorted().map { rootFiles.appendingPathComponent($0).path } + [adlFile.path]
    }

    static func file(_ name: String) -> String { rootFiles.appendingPathComponent(name).path }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program and returns its standard output; fails with its standard error otherwise.
func runProcess(_ executable: String, _ arguments: [String]) throws -> Data {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw ProcessFailure(description: "oracle interpreter \(executable) is missing (set HEPBOX_TEST_PYTHON or create the venv)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Drain stderr concurrently so a chatty child cannot block on a full pipe.
    let errorText = Locked(Data())
    let drained = DispatchGroup()
    drained.enter()
    DispatchQueue.global().async {
        let bytes = errors.fileHandleForReading.readDataToEndOfFile()
        errorText.withLock { $0 = bytes }
        drained.leave()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    drained.wait()
    guard process.terminationStatus == 0 else {
        let message = String(decoding: errorText.withLock { $0 }.suffix(2000), as: UTF8.self)
        throw ProcessFailure(description: "\(executable) \(arguments.first ?? "") failed (\(process.terminationStatus)): \(message)")
    }
    return data
}

/// uproot's view of one file, decoded from the oracle script's JSON.
struct OracleDump: Decodable {
    struct Branch: Decodable {
        let numeric: Bool
        let interpretation: String?
        let uprootError: String?
        let jagged: Bool?
        let dtype: String?
        let shape: [Int]?
        let data: String?
        let counts: String?
        let count: Int?
    }
    struct Tree: Decodable {
        let entries: Int64
        let branches: [String: Branch]
    }
    struct Histogram: Decodable {
        let className: String
        let title: String
        let entries: Double
        let xTitle: String
        let yTitle: String
        let xEdges: [Double]
        let yEdges: [Double]?
        let contents: String
        let values: String
        let variances: String?
        let sumw2: String
        let binEntries: String?
        let binSumw2: String?
    }
    struct Key: Decodable {
        let path: String
        let className: String
    }
    let trees: [String: Tree]
    let histograms: [String: Histogram]
    let keys: [Key]

    static func load(_ path: String) throws -> OracleDump {
        // The script goes on the command line (`-c`), so no copy of it is left behind in the temporary directory.
        let data = try runProcess(TestEnvironment.python, ["-c", UprootOracle.script, path])
        return try JSONDecoder().decode(OracleDump.self, from: data)
    }
}

func decodeBase64(_ text: String) -> [UInt8] {
    [UInt8](Data(base64Encoded: text) ?? Data())
}

func doubles(_ text: String) -> [Double] {
    let bytes = decodeBase64(text)
    return stride(from: 0, to: bytes.count, by: 8).map { i in
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
        return Double(bitPattern: bits)
    }
}

func int64s(_ text: String) -> [Int64] { doubles(text).map { Int64(bitPattern: $0.bitPattern) } }

extension NumericArray {
    /// Values as little-endian bytes, numpy's layout for the same dtype.
    var littleEndianBytes: [UInt8] {
        func bytes<T>(_ array: [T]) -> [UInt8] { array.withUnsafeBytes { [UInt8]($0) } }
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .int8(let a): return bytes(a)
        case .uint8(let a): return a
        case .int16(let a): return bytes(a)
        case .uint16(let a): return bytes(a)
        case .int32(let a): return bytes(a)
        case .uint32(let a): return bytes(a)
        case .int64(let a): return bytes(a)
        case .uint64(let a): return bytes(a)
        case .float32(let a): return bytes(a)
        case .float64(let a): return bytes(a)
        }
    }

    /// numpy's dtype name for this kind.
    var numpyName: String {
        switch kind {
        case .bool: return "bool"
        case .float32: return "float32"
        case .float64: return "float64"
        default: return kind.rawValue
        }
    }
}

/// Compares our read of one branch with uproot's; returns a description of the first difference.
func difference(_ ours: BranchArray, _ theirs: OracleDump.Branch) -> String? {
    if ours.values.numpyName != theirs.dtype { return "dtype \(ours.values.numpyName) vs uproot \(theirs.dtype ?? "?")" }
    if (ours.offsets != nil) != (theirs.jagged ?? false) { return "jaggedness differs" }
    if ours.fixedShape != (theirs.shape ?? []) { return "shape \(ours.fixedShape) vs \(theirs.shape ?? [])" }
    if ours.values.count != theirs.count { return "\(ours.values.count) values vs uproot \(theirs.count ?? -1)" }
    let expected = decodeBase64(theirs.data ?? "")
    let actual = ours.values.littleEndianBytes
    if actual != expected {
        let width = max(1, ours.values.kind.byteWidth)
        let index = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset / width } ?? -1
        return "values differ first at value \(index)"
    }
    if let counts = theirs.counts, let offsets = ours.offsets {
        let expectedCounts = int64s(counts)
        let ourCounts = zip(offsets.dropFirst(), offsets).map { $0 - $1 }
        if ourCounts != expectedCounts { return "per-entry counts differ" }
    }
    return nil
}
