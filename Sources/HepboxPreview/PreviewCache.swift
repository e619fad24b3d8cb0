import Foundation
import HepboxCore

/// Finished previews on disk, one file per (file id, etag, size, page, pixel bound): a new etag means a new key,
/// so changed files are never served stale. Entries are written atomically (temporary file + rename) and the
/// least recently used ones are dropped once the directory outgrows its budget.
final class PreviewCache: Sendable {
    struct Key: Sendable {
        var nodeID: NodeID
        var etag: String
        var size: Int64
        var page: Int
        /// The thumbnail bound in pixels; 0 for HTML previews.
        var side: Int

        var fileName: String {
            let safeEtag = String(etag.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
                .prefix(64).map(Character.init))
            return "\(nodeID)-\(safeEtag)-\(size)-p\(page)-s\(side).preview"
        }
    }

    private let entries: URL
    private let workDirectory: URL
    private let maxBytes: Int64
    /// Bytes in `entries`, counted once on first use and then kept up to date by this process.
    private let usedBytes = Mutex<Int64?>(nil)

    init(entries: URL, workDirectory: URL, maxBytes: Int64) {
        self.entries = entries
        self.workDirectory = workDirectory
        self.maxBytes = maxBytes
    }

    func lookup(_ key: Key) -> Preview? {
        let url = entries.appendingPathComponent(key.fileName)
        guard let data = try? Data(contentsOf: url), let preview = Self.decode(Array(data)) else { return nil }
        // The modification time is the recency the eviction goes by.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: url.path)
        return preview
    }

    /// Best effort: a preview that cannot be cached is still returned to the caller.
    func store(_ preview: Preview, for key: Key) {
        let bytes = Self.encode(preview)
        let temporary = workDirectory.appendingPathComponent("entry-\(UUID().uuidString)")
        do {
            try Data(bytes).write(to: temporary)
            // rename(2) replaces an existing entry atomically: readers see the old or the new file, never a part.
            guard rename(temporary.path, entries.appendingPathComponent(key.fileName).path) == 0 else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        let total = usedBytes.withLock { used -> Int64 in
            let now = (used ?? directorySize()) + Int64(bytes.count)
            used = now
            return now
        }
        if total > maxBytes { evict() }
    }

    /// Drops the least recently used entries until the cache is at 80 % of its budget.
    private func evict() {
        let keys: Set<URLResourceKey> = [.contentModificationDateKey, .fileSizeKey]
        let files = (try? FileManager.default.contentsOfDirectory(at: entries, includingPropertiesForKeys: Array(keys))) ?? []
        let dated = files.compactMap { url -> (url: URL, date: Date, size: Int64)? in
            guard let values = try? url.resourceValues(forKeys: keys) else { return nil }
            return (url, values.contentModificationDate ?? .distantPast, Int64(values.fileSize ?? 0))
        }.sorted { $0.date < $1.date }
        var total = dated.reduce(0) { $0 + $1.size }
        for entry in dated where total > maxBytes * 8 / 10 {
            if (try? FileManager.default.removeItem(at: entry.url)) != nil { total -= entry.size }
        }
        usedBytes.withLock { $0 = total }
    }

    private func directorySize() -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(at: entries, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        return files.reduce(0) { $0 + Int64((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
    }

    // MARK: entry format: one header line ("image/png", "html", "none"), then the bytes (for none: the reason)

    static func encode(_ preview: Preview) -> [UInt8] {
        switch preview.kind {
        case .image(let contentType): return Array("image \(contentType)\n".utf8) + preview.bytes
        case .html: return Array("html\n".utf8) + preview.bytes
        case .none(let reason): return Array("none\n\(reason)".utf8)
        }
    }

    static func decode(_ bytes: [UInt8]) -> Preview? {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let header = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = Array(bytes[(newline + 1)...])
        if header == "html" { return Preview(kind: .html, bytes: body) }
        if header == "none" { return Preview.none(String(decoding: body, as: UTF8.self)) }
        if header.hasPrefix("image ") { return Preview(kind: .image(contentType: String(header.dropFirst(6))), bytes: body) }
        return nil
    }
}
