import Foundation
import HepboxCore
@testable import HepboxPreview
import Testing

@Suite struct SupportTests {
    @Test func aChildProcessThatOverrunsIsStopped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sleep = try #require(ChildProcess.find("sleep"))
        let started = ContinuousClock.now
        let outcome = try await ChildProcess.run(sleep, ["30"], timeout: .milliseconds(200), workDirectory: directory)
        #expect(outcome.timedOut)
        // Stopped long before `sleep 30` would end (the bound is loose: a loaded machine delays the watchdog).
        #expect(ContinuousClock.now - started < .seconds(25))
        let quick = try await ChildProcess.run(sleep, ["0"], timeout: .seconds(10), workDirectory: directory)
        #expect(!quick.timedOut && quick.status == 0)
    }

    @Test func theCacheStaysWithinItsBudget() async throws {
        var limits = PreviewLimits()
        limits.cacheBytes = 6_000
        let fixture = try await PreviewFixture(limits: limits)
        defer { fixture.cleanUp() }
        for index in 0..<20 {
            try await fixture.put("file\(index).txt", String(repeating: "x", count: 1_000))
            _ = try await fixture.preview("file\(index).txt")
        }
        let entries = fixture.cacheDirectory.appendingPathComponent("entries")
        let sizes = try FileManager.default.contentsOfDirectory(at: entries, includingPropertiesForKeys: [.fileSizeKey])
            .map { try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }
        #expect(sizes.reduce(0, +) <= 6_000)
        #expect(sizes.count >= 3)
    }

    @Test func svgIsThumbnailedAsAnImage() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"100\"><script>alert(1)</script>"
            + "<rect width=\"400\" height=\"100\" fill=\"teal\"/></svg>"
        try await fixture.put("plot.svg", svg)
        let preview = try await fixture.preview("plot.svg", size: 80)
        #expect(preview.kind == .image(contentType: "image/png"))
        let size = try #require(TestImages.pngSize(preview.bytes))
        #expect(size.width == 80 && size.height == 20)
    }

    @Test func cacheEntriesRoundTrip() {
        for preview in [Preview(kind: .image(contentType: "image/jpeg"), bytes: [1, 2, 10, 3]),
                        Preview(kind: .html, bytes: Array("<p>\n</p>".utf8)), Preview.none("too large")] {
            #expect(PreviewCache.decode(PreviewCache.encode(preview)) == preview)
        }
    }
}
