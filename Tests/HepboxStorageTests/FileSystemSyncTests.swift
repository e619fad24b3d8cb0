import Foundation
import Glibc
import HepboxCore
@testable import HepboxStorage
import Testing

/// Small replicas made durable together by one `syncfs` (the local blob store's group commit for small uploads).
@Suite("Grouped durability of small replicas")
struct FileSystemSyncTests {
    /// A file written under a temporary name and renamed into place, as the blob store does; its descriptor stays open.
    private static func place(_ index: Int, in directory: String) throws -> (fd: Int32, path: String) {
        let temp = "\(directory)/tmp-\(index)"
        let path = "\(directory)/blob-\(index)"
        let fd = try POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL)
        try POSIX.writeAll(fd, Array("content \(index)".utf8), path: temp)
        try POSIX.rename(temp, path)
        return (fd, path)
    }

    private static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-fssync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func concurrentCallersShareRounds() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try POSIX.open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(root) }
        let group = FileSystemSync(descriptor: root, root: directory, offload: Offload(pool: Offload.sharedIOPool))
        let files = try (0..<64).map { try Self.place($0, in: directory) }
        defer { for file in files { close(file.fd) } }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for file in files { tasks.addTask { try await group.makeDurable(fd: file.fd, path: file.path) } }
            try await tasks.waitForAll()
        }
        // Callers that arrive while a syncfs runs share the next one: far fewer rounds than callers.
        #expect(group.roundsRun >= 1)
        #expect(group.roundsRun <= 16, "64 concurrent callers took \(group.roundsRun) rounds")
        #expect(group.isBatching)
        for index in 0..<64 {
            #expect(try String(contentsOfFile: "\(directory)/blob-\(index)", encoding: .utf8) == "content \(index)")
        }
    }

    @Test func afterAFailedSyncEveryCallerSyncsItsOwnFile() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A descriptor that syncfs rejects stands for a file system that reported a write-back error.
        let group = FileSystemSync(descriptor: -1, root: directory, offload: Offload(pool: Offload.sharedIOPool))
        let first = try Self.place(0, in: directory)
        defer { close(first.fd) }
        await #expect(throws: HepboxError.self) { try await group.makeDurable(fd: first.fd, path: first.path) }
        #expect(!group.isBatching)

        // From now on each caller fsyncs its own file and directory, whose errors are its own.
        let second = try Self.place(1, in: directory)
        defer { close(second.fd) }
        try await group.makeDurable(fd: second.fd, path: second.path)
        #expect(group.roundsRun == 2)
        #expect(!group.isBatching)
    }
}
