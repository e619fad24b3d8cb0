import Foundation
import Testing
@testable import RootIO

/// A local web server started by the test (and stopped by its pid).
final class LocalWebServer {
    let process: Process
    let port: Int

    /// `rangeCapable` serves byte ranges (206); otherwise it is plain `python3 -m http.server`, which ignores them.
    init(directory: String, rangeCapable: Bool) throws {
        let portProbe = try runProcess(TestEnvironment.python, ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
        guard let port = Int(String(decoding: portProbe, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ProcessFailure(description: "no free port")
        }
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.python)
        if rangeCapable {
            process.arguments = ["-c", LocalWebServer.rangeServer, String(port), directory]
        } else {
            process.arguments = ["-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, String(port)]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func url(_ name: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(name)")! }

    /// Waits until the server answers, then opens `name` through range requests.
    func open(_ name: String, mergeGap: Int = 32 * 1024) throws -> HTTPRangeSource {
        var lastError: (any Error)? = nil
        for _ in 0..<100 {
            do { return try HTTPRangeSource(url: url(name), blockSize: 64 * 1024, cacheBytes: 64 << 20, mergeGap: mergeGap) } catch {
                lastError = error
                if case RootError.io(let message) = error, message.contains("ignored the Range") { throw error }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        throw lastError ?? ProcessFailure(description: "server did not start")
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: the test runner blocks SIGTERM in its threads and a spawned child inherits that mask.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// http.server plus single-range support (Python 3.11's SimpleHTTPRequestHandler has none).
    static let rangeServer = #"""
import functools, http.server, os, re, sys
class RangeHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def send_head(self):
        self.range_length = None
        header = self.headers.get("Range")
        if header is None:
            return super().send_head()
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", header.strip())
        path = self.translate_path(self.path)
        if match is None or not os.path.isfile(path):
            self.send_error(416 if match is None else 404)
            return None
        f = open(path, "rb")
        size = os.fstat(f.fileno()).st_size
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        if start > end:
            f.close()
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        f.seek(start)
        self.range_length = end - start + 1
        return f
    def copyfile(self, source, destination):
        if self.range_length is None:
            return super().copyfile(source, destination)
        destination.write(source.read(self.range_length))
handler = functools.partial(RangeHandler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""#
}

@Suite("HTTP range requests", .serialized)
struct HTTPSourceTests {
    /// Files served over HTTP read exactly like the local files, and reading one branch does not
    /// transfer the whole file.
    @Test func httpReadsMatchLocalReads() throws {
        let server = try LocalWebServer(directory: TestEnvironment.rootFiles.path, rangeCapable: true)
        defer { server.stop() }
        for (name, treeName) in [("uproot-HZZ-zlib.root", "events"), ("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events"),
                                 ("uproot-nesteddirs.root", "one/two/tree")] {
            let local = try RootFile(path: TestEnvironment.file(name))
            let source = try server.open(name)
            let remote = try RootFile(source: source)
            #expect(try remote.allKeys() == local.allKeys(), "\(name) keys")
            let localTree = try local.tree(treeName), remoteTree = try remote.tree(treeName)
            #expect(remoteTree.branchNames == localTree.branchNames)
            let names = Array(localTree.branchNames.prefix(60))
            for branch in names {
                let a = try localTree.read(branch), b = try remoteTree.read(branch)
                #expect(a.values.littleEndianBytes == b.values.littleEndianBytes && a.offsets == b.offsets, "\(name) \(branch)")
            }
        }
        // One of five ntuple columns of a 1.2 MB file: without merging, only its baskets and the
        // metadata travel; with merging (the default) the baskets arrive in a few requests.
        let exact = try server.open("uproot-hepdata-example.root", mergeGap: 0)
        let px = try RootFile(source: exact).tree("ntuple").read("px")
        #expect(px.values.count == 75000)
        #expect(exact.bytesTransferred < exact.size * 4 / 10, "transferred \(exact.bytesTransferred) of \(exact.size) bytes")
        // A short range touches one basket only.
        let small = try server.open("uproot-hepdata-example.root", mergeGap: 0)
        let ntuple = try RootFile(source: small).tree("ntuple")
        let afterMetadata = small.bytesTransferred
        let few = try ntuple.read("py", entries: 40_000..<40_010)
        #expect(few.values.count == 10)
        #expect(small.bytesTransferred - afterMetadata < 40_000, "\(small.bytesTransferred - afterMetadata) bytes for 10 entries")
        let merged = try server.open("uproot-hepdata-example.root")
        let again = try RootFile(source: merged).tree("ntuple").read("px")
        #expect(again.values.littleEndianBytes == px.values.littleEndianBytes)
        // Nearby ranges share a request; far ones do not; results come back in the order asked.
        let ranges: [Range<Int64>] = [5000..<5100, 0..<100, 200..<300, 900_000..<900_010]
        let before = merged.requestCount
        let parts = try merged.read(ranges: ranges)
        #expect(merged.requestCount - before == 2)
        let local = try LocalFileSource(path: TestEnvironment.file("uproot-hepdata-example.root"))
        #expect(parts == (try local.read(ranges: ranges)))
        let histograms = try RootFile(source: try server.open("uproot-hepdata-example.root")).histogram("hpx")
        #expect(histograms.contents == (try RootFile(path: TestEnvironment.file("uproot-hepdata-example.root")).histogram("hpx").contents))
    }

    /// Python's plain `http.server` ignores Range headers; that must be a clear error, not a silent full download.
    @Test func serverWithoutRangeSupportIsAClearError() throws {
        let server = try LocalWebServer(directory: TestEnvironment.rootFiles.path, rangeCapable: false)
        defer { server.stop() }
        do {
            _ = try server.open("uproot-HZZ.root")
            Issue.record("opening through a server without range support succeeded")
        } catch let error as RootError {
            #expect("\(error)".contains("ignored the Range request"))
        }
    }
}
