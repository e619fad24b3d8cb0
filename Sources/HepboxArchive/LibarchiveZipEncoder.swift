import CArchive
import Synchronization

/// libarchive formats DOS times with `localtime()`, whose result is a process-wide buffer: archives written
/// concurrently would race on it, so headers are written one at a time.
private let headerLock = Mutex(())

/// libarchive's ZIP writer whose output callback only appends to `pending`.
///
/// Every call into libarchive is synchronous, short and produces output in proportion to its input, so no
/// thread or channel is needed to bridge its callback API to async code: `ZipStreamWriter` feeds it small slices
/// and hands `pending` to its async sink between calls. That is where backpressure comes from.
final class LibarchiveZipEncoder {
    private let archive: OpaquePointer
    private var isClosed = false
    /// Bytes libarchive produced that the sink has not taken yet.
    private(set) var pending: [UInt8] = []
    private(set) var peakPendingCount = 0

    init(compression: ZipCompression) throws(ZipArchiveError) {
        archive = try Self.configuredArchive(compression: compression)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let status = archive_write_open(archive, context, nil, { _, context, buffer, length in
            guard let context else { return -1 }
            let encoder = Unmanaged<LibarchiveZipEncoder>.fromOpaque(context).takeUnretainedValue()
            encoder.append(UnsafeRawBufferPointer(start: buffer, count: length))
            return la_ssize_t(length)
        }, nil)
        if status != ARCHIVE_OK { throw error("archive_write_open") }
    }

    deinit {
        // An unfinished archive must not be closed by archive_write_free: that would emit a central directory
        // for a truncated archive.
        if !isClosed { archive_write_fail(archive) }
        archive_write_free(archive)
    }

    private static func configuredArchive(compression: ZipCompression) throws(ZipArchiveError) -> OpaquePointer {
        guard let archive = archive_write_new() else { throw .libarchive("archive_write_new: out of memory") }
        let method = compression == .store ? "store" : "deflate"
        // hdrcharset=UTF-8 sets general-purpose bit 11 on non-ASCII names whatever the process locale.
        // bytes_per_block 0: no block padding and no extra copy, each write reaches the callback at once.
        guard archive_write_set_format_zip(archive) == ARCHIVE_OK,
              archive_write_set_options(archive, "zip:compression=\(method),zip:hdrcharset=UTF-8") == ARCHIVE_OK,
              archive_write_set_bytes_per_block(archive, 0) == ARCHIVE_OK
        else {
            let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
            archive_write_free(archive)
            throw .libarchive("configuring the ZIP writer: \(message)")
        }
        return archive
    }

    func writeHeader(name: String, isFolder: Bool, mtime: Int64, size: Int64?) throws(ZipArchiveError) {
        guard let entry = archive_entry_new() else { throw .libarchive("archive_entry_new: out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_filetype(entry, isFolder ? hepbox_archive_type_directory : hepbox_archive_type_regular)
        archive_entry_set_perm(entry, isFolder ? 0o755 : 0o644)
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        if !isFolder, let size { archive_entry_set_size(entry, size) }
        let status = headerLock.withLock { _ in archive_write_header(archive, entry) }
        if status < ARCHIVE_WARN { throw error("writing the header of \(name)") }
    }

    func writeData(_ bytes: UnsafeRawBufferPointer) throws(ZipArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let written = archive_write_data(archive, base, bytes.count)
        if written != bytes.count { throw error("writing data") }
    }

    func finishEntry() throws(ZipArchiveError) {
        if archive_write_finish_entry(archive) < ARCHIVE_WARN { throw error("finishing an entry") }
    }

    /// Appends the central directory to `pending`.
    func close() throws(ZipArchiveError) {
        isClosed = true
        if archive_write_close(archive) < ARCHIVE_WARN { throw error("writing the central directory") }
    }

    /// Hands over everything pending and starts a fresh buffer.
    func takePending() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &pending)
        return taken
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: bytes)
        peakPendingCount = max(peakPendingCount, pending.count)
    }

    private func error(_ context: String) -> ZipArchiveError {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
        return .libarchive("\(context): \(message)")
    }
}
