import Foundation
@testable import HepboxServer
import Synchronization
import Testing

/// The instance id ends every `oc:id` and the secret signs link sessions: processes started together on a new data
/// directory must all use the ones on disk, or ids change at the next start and sessions fail across processes.
@Suite struct InstanceIdentityTests {
    @Test func processesStartingTogetherAgreeOnTheInstanceIDAndSecret() throws {
        for _ in 0..<3 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-identity-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let seen = Mutex<[(String, [UInt8])]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    let id = try HepboxRuntime.loadInstanceID(in: directory)
                    let secret = try HepboxRuntime.loadSecret(in: directory)
                    seen.withLock { $0.append((id, secret)) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let id = try String(contentsOf: directory.appendingPathComponent("instance-id"), encoding: .utf8)
            let secret = try String(contentsOf: directory.appendingPathComponent("secret.key"), encoding: .utf8)
            let results = seen.withLock { $0 }
            #expect(results.count == 6)
            #expect(results.allSatisfy { $0.0 == id && $0.1 == Array(secret.utf8) })
            #expect(id.hasPrefix("oc") && id.count == 12 && secret.count == 64)
            let mode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("secret.key").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            // A later start reads them back unchanged.
            #expect(try HepboxRuntime.loadInstanceID(in: directory) == id)
            #expect(try HepboxRuntime.loadSecret(in: directory) == Array(secret.utf8))
        }
    }
}
