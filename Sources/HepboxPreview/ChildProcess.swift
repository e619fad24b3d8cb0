import Foundation
import HepboxCore

/// Runs an external renderer with a deadline: the process is terminated (then killed) when it overruns, and its
/// diagnostics go to a file so a chatty child can never block on a full pipe.
enum ChildProcess {
    struct Outcome: Sendable {
        var status: Int32
        var timedOut: Bool
        /// The first line the child wrote to stderr.
        var message: String
    }

    static func run(_ executable: URL, _ arguments: [String], timeout: Duration, workDirectory: URL) async throws -> Outcome {
        let errorFile = workDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorFile.path])
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        let timedOut = Mutex(false)
        // The deadline runs on a dispatch queue, not on the task executor: when the cooperative threads are all
        // busy (the event loops under load), a watchdog task there would wake far too late.
        let deadline = DispatchWorkItem {
            guard process.isRunning else { return }
            timedOut.withLock { $0 = true }
            let pid = process.processIdentifier
            kill(pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(1)) {
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.dispatchInterval(timeout), execute: deadline)
        }
        deadline.cancel()
        let message = (try? String(contentsOf: errorFile, encoding: .utf8))?
            .split(separator: "\n").first.map(String.init) ?? ""
        return Outcome(status: status, timedOut: timedOut.withLock { $0 }, message: message)
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(Int(clamping: seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// The first executable named `name` on the usual system paths.
    static func find(_ name: String) -> URL? {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
