import Foundation

/// One PDF page as a PNG, rendered by poppler's `pdftoppm` in a child process with a deadline (a malformed or
/// hostile PDF can only cost that much time, and never runs inside the server).
struct PDFRenderer {
    let executable: URL?
    let workDirectory: URL
    let timeout: Duration

    init(workDirectory: URL, timeout: Duration) {
        executable = ChildProcess.find("pdftoppm")
        self.workDirectory = workDirectory
        self.timeout = timeout
    }

    /// `input` is a private temporary copy of the PDF; the page is scaled so its longer side is `size` pixels.
    func render(_ input: URL, page: Int, size: Int) async throws -> Preview {
        guard let executable else { return .none("PDF previews need pdftoppm (poppler-utils)") }
        let prefix = workDirectory.appendingPathComponent("page-\(UUID().uuidString)")
        let output = prefix.appendingPathExtension("png")
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = ["-png", "-r", "72", "-f", String(page), "-l", String(page), "-scale-to", String(size),
                         "-singlefile", input.path, prefix.path]
        let outcome = try await ChildProcess.run(executable, arguments, timeout: timeout, workDirectory: workDirectory)
        if outcome.timedOut { return .none("the PDF took too long to render") }
        guard outcome.status == 0, let png = try? Data(contentsOf: output), !png.isEmpty else {
            let detail = outcome.message.isEmpty ? "" : ": \(outcome.message)"
            return .none("the PDF page cannot be rendered\(detail)")
        }
        return Preview(kind: .image(contentType: "image/png"), bytes: Array(png))
    }
}
