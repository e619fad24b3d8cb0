import Foundation
import HepboxCore
@testable import HepboxPreview
import Testing

@Suite struct AccessAndTypeTests {
    @Test func aUserWithoutAccessGetsNotFound() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("secret.py", "print('mine')")
        let error = await #expect(throws: HepboxError.self) {
            _ = try await fixture.preview("secret.py", as: fixture.bob)
        }
        #expect(error?.code == .notFound)
        #expect(fixture.renders == 0)
    }

    @Test func unknownTypesAndFoldersHaveNoPreview() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("data.bin", [0, 1, 2, 3])
        #expect(try await fixture.preview("data.bin").kind == .none(reason: "no preview for this type"))
        _ = try await fixture.files.makeFolder(OperationContext(principal: fixture.alice), owner: "alice",
                                               path: fixture.path("Results"))
        guard case .none = try await fixture.preview("Results").kind else { Issue.record("a folder has no preview"); return }
    }

    @Test func binaryContentInATextFileHasNoPreview() async throws {
        let fixture = try await PreviewFixture()
        defer { fixture.cleanUp() }
        try await fixture.put("dump.txt", [0x41, 0, 0x42])
        guard case .none = try await fixture.preview("dump.txt").kind else { Issue.record("expected none"); return }
    }

    @Test func formatsByNameAndType() {
        #expect(PreviewService.format(forName: "a.JPG", contentType: nil) == .image)
        #expect(PreviewService.format(forName: "plot.svg", contentType: "image/svg+xml") == .image)
        #expect(PreviewService.format(forName: "paper.pdf", contentType: "application/pdf") == .pdf)
        #expect(PreviewService.format(forName: "x.py", contentType: nil) == .text)
        #expect(PreviewService.format(forName: "Makefile", contentType: nil) == .text)
        #expect(PreviewService.format(forName: "README.md", contentType: nil) == .markdown)
        #expect(PreviewService.format(forName: "a.ipynb", contentType: nil) == .notebook)
        #expect(PreviewService.format(forName: "x", contentType: "text/plain; charset=utf-8") == .text)
        #expect(PreviewService.format(forName: "events.root", contentType: "application/x-root") == .none)
        #expect(PreviewService.format(forName: "a.zip", contentType: nil) == .none)
    }
}
