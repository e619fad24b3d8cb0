import Foundation
import HepboxCore

/// Previews for the web file manager: thumbnails of images and PDF pages, HTML for text, source, markdown and
/// notebooks, cached on disk. Access is FileService's: every preview starts with `files.download`, so a principal
/// sees a preview exactly when it may download the file.
public final class PreviewService: Sendable {
    let files: FileService
    let limits: PreviewLimits
    let cache: PreviewCache
    let pdf: PDFRenderer
    /// Temporary copies of PDFs and cache entries being written; beside the cache so renames stay on one disk.
    let workDirectory: URL
    /// Renders performed (not served from the cache); tests read it.
    let renderCount = Mutex(0)

    public init(files: FileService, cacheDirectory: URL, limits: PreviewLimits = .init()) {
        self.files = files
        self.limits = limits
        let entries = cacheDirectory.appendingPathComponent("entries")
        workDirectory = cacheDirectory.appendingPathComponent("work")
        for directory in [entries, workDirectory] {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        cache = PreviewCache(entries: entries, workDirectory: workDirectory, maxBytes: limits.cacheBytes)
        pdf = PDFRenderer(workDirectory: workDirectory, timeout: limits.renderTimeout)
    }

    /// Which preview a file can have, from its name and content type (no access check, no bytes read).
    public static func format(forName name: String, contentType: String?) -> PreviewFormat {
        FileTypes.format(name: name, contentType: contentType)
    }

    /// What the file at a view path looks like: a thumbnail of at most `size`×`size` pixels (images; PDFs: page
    /// `page`), an HTML fragment (text and source with highlighting, markdown, notebooks), or `.none` with a reason.
    /// Throws FileService's errors (not found when the principal may not read the file).
    public func preview(_ principal: Principal, owner: String, path: TreePath, size: Int, page: Int = 1) async throws -> Preview {
        let (node, record) = try await files.download(principal, owner: owner, path: path)
        guard node.kind == .file else { return .none("a folder has no preview") }
        let format = Self.format(forName: node.name, contentType: node.contentType)
        guard format != .none else { return .none("no preview for this type") }
        let side = min(max(size, limits.minThumbnailSize), limits.maxThumbnailSize)
        let key = PreviewCache.Key(nodeID: node.id, etag: node.etag, size: node.size,
                                   page: format == .pdf ? max(1, page) : 1, side: format.isThumbnail ? side : 0)
        if let cached = cache.lookup(key) { return cached }
        let preview = try await render(node, record: record, format: format, side: side, page: key.page)
        cache.store(preview, for: key)
        return preview
    }

    private func render(_ node: Node, record: BlobRecord?, format: PreviewFormat, side: Int, page: Int) async throws -> Preview {
        renderCount.withLock { $0 += 1 }
        switch format {
        case .image:
            guard node.size <= limits.maxImageBytes else { return .none("the image is too large for a preview") }
            let bytes = try await read(node, record: record, limit: Int(node.size))
            let maxPixels = limits.maxImagePixels
            return await RenderQueue.run { VipsThumbnailer.thumbnail(bytes, size: side, maxPixels: maxPixels) }
        case .pdf:
            guard node.size <= limits.maxPDFBytes else { return .none("the PDF is too large for a preview") }
            let copy = workDirectory.appendingPathComponent("input-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: copy) }
            try await write(node, record: record, to: copy)
            return try await pdf.render(copy, page: page, size: side)
        case .text, .markdown:
            let shown = min(node.size, Int64(limits.maxTextBytes))
            let bytes = try await read(node, record: record, limit: Int(shown))
            let language = FileTypes.language(name: node.name, contentType: node.contentType)
            return TextPreview.render(bytes, truncated: node.size > shown, format: format, language: language)
        case .notebook:
            guard node.size <= limits.maxNotebookBytes else { return .none("the notebook is too large for a preview") }
            let bytes = try await read(node, record: record, limit: Int(node.size))
            return NotebookRenderer(maxBytes: limits.maxHTMLBytes).render(bytes)
        case .none:
            return .none("no preview for this type")
        }
    }

    /// The first `limit` bytes of the file.
    private func read(_ node: Node, record: BlobRecord?, limit: Int) async throws -> [UInt8] {
        guard limit > 0 else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limit)
        let range: Range<Int64>? = Int64(limit) < node.size ? 0..<Int64(limit) : nil
        for try await chunk in try files.content(of: node, record: record, range: range) {
            bytes += chunk.prefix(limit - bytes.count)
            if bytes.count >= limit { break }
        }
        return bytes
    }

    /// Streams the file into a private temporary file (PDFs are rendered from a path).
    private func write(_ node: Node, record: BlobRecord?, to url: URL) async throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw HepboxError(.internalError, "cannot create a temporary file for the preview")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for try await chunk in try files.content(of: node, record: record) {
            try handle.write(contentsOf: chunk)
        }
    }
}
