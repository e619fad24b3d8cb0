@testable import HepboxServer
import Logging
import Synchronization
import Testing

@Suite struct ServerLogHandlerTests {
    private final class Lines: Sendable {
        let written = Mutex<[String]>([])
    }

    @Test func linesCarryTheLoggersMetadataInStreamLogHandlerFormat() throws {
        let lines = Lines()
        var logger = Logger(label: "hepbox") { ServerLogHandler(label: $0) { line in lines.written.withLock { $0.append(line) } } }
        logger[metadataKey: "hb.request.id"] = "7"
        var request = logger
        request[metadataKey: "user"] = "alice"
        request.info("uploaded", metadata: ["path": "/a.txt"], source: "HepboxWebDAV")
        logger.debug("not at the info level")
        logger.warning("plain")
        let written = lines.written.withLock { $0 }
        try #require(written.count == 2)
        let line = written[0]
        #expect(line.hasSuffix(" info hepbox: hb.request.id=7 path=/a.txt user=alice [HepboxWebDAV] uploaded\n"))
        #expect(line.prefix(4).allSatisfy(\.isNumber) && line.dropFirst(4).first == "-")  // 2026-12-07T21:01:54+0000
        // Metadata set on a copy stays on that copy.
        #expect(written[1].hasSuffix(" warning hepbox: hb.request.id=7 [HepboxWebDAVTests] plain\n"))
    }
}
