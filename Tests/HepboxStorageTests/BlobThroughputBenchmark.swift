import Foundation
import HepboxCore
import HepboxStorage
import Testing

/// Not a test: upload/download throughput of the local store, run with HEPBOX_STORAGE_BENCH=<MiB> (use a release
/// build: `swift test -c release --filter BlobThroughputBenchmark`).
@Suite("Blob throughput benchmark", .enabled(if: ProcessInfo.processInfo.environment["HEPBOX_STORAGE_BENCH"] != nil))
struct BlobThroughputBenchmark {
    @Test func localUploadAndDownload() async throws {
        let mib = Int(ProcessInfo.processInfo.environment["HEPBOX_STORAGE_BENCH"] ?? "") ?? 1024
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try LocalReplicatedBlobStore(nodes: [dir.appendingPathComponent("n0")], replicas: 1)
        let chunk = Blobs.bytes(64 << 10)  // what an HTTP body arrives in
        let clock = ContinuousClock()
        let writer = try await store.makeWriter()
        let start = clock.now
        for _ in 0..<(mib * 16) { try await writer.append(chunk) }
        let appended = clock.now - start
        let record = try await writer.finish()
        let upload = clock.now - start
        let readStart = clock.now
        var total = 0
        for try await block in store.read(record, range: nil) { total += block.count }
        let download = clock.now - readStart
        func rate(_ duration: Duration) -> String {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return String(format: "%.0f MB/s", Double(mib << 20) / seconds / 1e6)
        }
        print("blob store: \(mib) MiB upload \(rate(upload)) (checksums + fsync; \(rate(appended)) before the final fsync),"
              + " download \(rate(download))")
        #expect(total == mib << 20)
    }
}

@testable import HepboxStorage

extension BlobThroughputBenchmark {
    /// Where the upload time goes, one stage at a time on one thread.
    @Test func stages() throws {
        let mib = 256
        let chunk = Blobs.bytes(64 << 10)
        let clock = ContinuousClock()
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = clock.now
            try body()
            let d = clock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            print(String(format: "stage %@: %.0f MB/s", name, Double(mib << 20) / seconds / 1e6))
        }
        var batches: [[UInt8]] = []
        time("append copy") {
            var buffer: [UInt8] = []
            for _ in 0..<(mib * 16) {
                if buffer.capacity < 1 << 20 { buffer.reserveCapacity(1 << 20) }
                buffer.append(contentsOf: chunk)
                if buffer.count >= 1 << 20 {
                    if batches.count < 4 { batches.append(buffer) }
                    buffer = []
                }
            }
        }
        let md5 = MD5State()
        time("md5") { for index in 0..<mib { md5.update(batches[index % batches.count]) } }
        let sha = SHA1BlockState(blockSize: 1 << 20)
        time("sha1+adler") { for index in 0..<mib { sha.update(batches[index % batches.count]) } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stage-\(UUID())").path
        let fd = try POSIX.open(path, O_WRONLY | O_CREAT)
        try time("write") { for index in 0..<mib { try POSIX.writeAll(fd, batches[index % batches.count], path: path) } }
        try time("fsync") { try POSIX.fsync(fd, path: path) }
        close(fd)
        try POSIX.unlink(path)
    }
}
