import Foundation
import HepboxCore
@testable import HepboxPreview
import Testing

@Suite struct ThumbnailTests {
    @Test func pngIsThumbnailedWithinTheBound() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("photo.png", TestImages.png(width: 300, height: 200))
        let preview = try await fixture.preview("photo.png", size: 64)
        #expect(preview.kind == .image(contentType: "image/png"))
        let size = try #require(TestImages.pngSize(preview.bytes))
        #expect(size.width == 64)
        #expect((42...43).contains(size.height))
    }

    @Test func jpegIsThumbnailedAsJPEG() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        let jpeg = TestImages.jpeg(width: 120, height: 400)
        #expect(TestImages.jpegSize(jpeg)?.height == 400)
        try await fixture.put("scan.jpg", jpeg)
        let preview = try await fixture.preview("scan.jpg", size: 100)
        #expect(preview.kind == .image(contentType: "image/jpeg"))
        let size = try #require(TestImages.jpegSize(preview.bytes))
        #expect(size.height == 100)
        #expect(size.width == 30)
    }

    @Test func smallImagesAreNotEnlarged() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("icon.png", TestImages.png(width: 20, height: 10))
        let preview = try await fixture.preview("icon.png", size: 256)
        let size = try #require(TestImages.pngSize(preview.bytes))
        #expect(size.width == 20 && size.height == 10)
    }

    @Test func theCacheServesRepeatsAndANewEtagRendersAgain() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("photo.png", TestImages.png(width: 300, height: 200))
        let first = try await fixture.preview("photo.png", size: 64)
        #expect(fixture.renders == 1)
        let second = try await fixture.preview("photo.png", size: 64)
        #expect(fixture.renders == 1)
        #expect(second == first)

        _ = try await fixture.preview("photo.png", size: 32)  // another bound is another entry
        #expect(fixture.renders == 2)

        try await fixture.put("photo.png", TestImages.png(width: 100, height: 300))  // new content, new etag
        let third = try await fixture.preview("photo.png", size: 64)
        #expect(fixture.renders == 3)
        let size = try #require(TestImages.pngSize(third.bytes))
        #expect(size.height == 64)
    }

    @Test func hugeImagesAndNonImagesGetNoPreview() async throws {
        var limits = PreviewLimits()
        limits.maxImagePixels = 10_000
        let fixture = try await PreviewFixture(limits: limits)
        defer { fixture.cleanUp() }
        try await fixture.put("big.png", TestImages.png(width: 200, height: 100))
        guard case .none(let reason) = try await fixture.preview("big.png").kind else { Issue.record("expected none"); return }
        #expect(reason.contains("too large"))
        try await fixture.put("fake.png", "not an image at all")
        guard case .none = try await fixture.preview("fake.png").kind else { Issue.record("expected none"); return }
    }

    @Test func pdfFirstPageIsRendered() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("paper.pdf", TestPDF.onePage())
        let preview = try await fixture.preview("paper.pdf", size: 100)
        #expect(preview.kind == .image(contentType: "image/png"))
        let size = try #require(TestImages.pngSize(preview.bytes))
        #expect(size.width == 100 && size.height == 50)

        guard case .none(let reason) = try await fixture.preview("paper.pdf", size: 100, page: 2).kind else {
            Issue.record("a missing page has no preview"); return
        }
        #expect(reason.contains("cannot be rendered"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.cacheDirectory.appendingPathComponent("work").path)
        #expect(leftovers.isEmpty)
    }
}
