import Foundation
import Synchronization
import HepboxStorage
import Testing

@Suite struct DurableFileTests {
    @Test func replacesTheFileWithItsPermissionsAndLeavesNothingElse() throws {
        let directory = try TemporaryDirectory.make()
        let path = directory.appendingPathComponent("secret.key").path
        try DurableFile.write(Array("first".utf8), to: path, mode: 0o600)
        try DurableFile.write(Array("second".utf8), to: path, mode: 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.key"])
    }

    @Test func createLeavesAnExistingFileAlone() throws {
        let directory = try TemporaryDirectory.make()
        let path = directory.appendingPathComponent("instance-id").path
        #expect(try DurableFile.create(Array("first".utf8), at: path))
        #expect(try !DurableFile.create(Array("second".utf8), at: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["instance-id"])
    }

    /// Processes starting together on a new data directory (the server and the CLI, two servers) each make a value;
    /// all must end up with the one on disk.
    @Test func concurrentCreatorsAgreeOnOneValue() throws {
        for _ in 0..<5 {
            let directory = try TemporaryDirectory.make()
            let path = directory.appendingPathComponent("secret.key").path
            let results = Mutex<[[UInt8]]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                do {
                    let value = try DurableFile.readOrCreate(at: path, mode: 0o600, isValid: { !$0.isEmpty }) {
                        Array("value \(index)".utf8)
                    }
                    results.withLock { $0.append(value) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(results.withLock { $0 }.count == 8)
            #expect(results.withLock { $0 }.allSatisfy { $0 == onDisk })
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.key"])
        }
    }

    @Test func aDamagedFileIsReplaced() throws {
        let directory = try TemporaryDirectory.make()
        let path = directory.appendingPathComponent("instance-id").path
        FileManager.default.createFile(atPath: path, contents: Data("\n".utf8))
        let value = try DurableFile.readOrCreate(at: path, isValid: { $0.contains { $0 > 0x20 } }) { Array("fresh".utf8) }
        #expect(value == Array("fresh".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "fresh")
        #expect(try DurableFile.readOrCreate(at: path, isValid: { !$0.isEmpty }) { Array("other".utf8) } == Array("fresh".utf8))
    }

    @Test func aMissingDirectoryIsAnError() {
        #expect(throws: (any Error).self) {
            try DurableFile.write([1], to: "/nonexistent-hepbox-dir/instance-id")
        }
    }
}
