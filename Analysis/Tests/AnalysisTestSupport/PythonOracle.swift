import Foundation

/// Runs a Python snippet with the test venv's interpreter (env HEPBOX_TEST_PYTHON, default
/// <repo>/.venv/bin/python3) and returns its stdout. A missing interpreter is a test failure.
public enum PythonOracle {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static var repoRoot: URL {
        // <repo>/Analysis/Tests/AnalysisTestSupport/PythonOracle.swift
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var testData: URL { repoRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata") }

    public static var interpreter: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? repoRoot.appendingPathComponent(".venv/bin/python3").path
    }

    public static func run(_ script: String, stdin: Data = Data()) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw Failure(description: "the Python test oracle is missing: no executable at \(interpreter) (set HEPBOX_TEST_PYTHON)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python oracle failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func json(_ script: String, input: Any) throws -> Any {
        let data = try JSONSerialization.data(withJSONObject: input)
        let out = try run(script, stdin: data)
        return try JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed])
    }
}
