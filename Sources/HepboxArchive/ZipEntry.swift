/// One member of a ZIP archive: a file (its bytes come separately, as a stream) or a folder.
public struct ZipEntry: Sendable, Hashable {
    /// Relative path inside the archive, `/`-separated, e.g. `run7/plots/mass.png`. A folder may end in `/`.
    public var path: String
    public var isFolder: Bool
    /// Modification time in Unix seconds; stored as DOS time (local time, 2 s steps) and as UTC in the
    /// extended-timestamp extra field. Clamped to 1970…2038, the range the 32-bit extra field holds.
    public var mtime: Int64
    /// The file's byte count when known: it goes into the local header and is checked against the bytes streamed.
    /// `nil` writes sizes only after the data (in the data descriptor). Ignored for folders.
    public var size: Int64?

    public init(path: String, isFolder: Bool = false, mtime: Int64, size: Int64? = nil) {
        self.path = path
        self.isFolder = isFolder
        self.mtime = mtime
        self.size = size
    }

    public static func file(_ path: String, mtime: Int64, size: Int64? = nil) -> ZipEntry {
        ZipEntry(path: path, isFolder: false, mtime: mtime, size: size)
    }

    public static func folder(_ path: String, mtime: Int64) -> ZipEntry {
        ZipEntry(path: path, isFolder: true, mtime: mtime, size: nil)
    }
}

/// Why the writer refused an entry or stopped.
public enum ZipArchiveError: Error, Sendable, Equatable {
    /// The path could escape the extraction folder or is not a valid member name; nothing was written for it.
    case invalidPath(String, reason: String)
    /// The entry is inconsistent (a folder given content, a file given to `addFolder`, a negative size).
    case invalidEntry(String, reason: String)
    /// The content stream yielded a different number of bytes than `ZipEntry.size` declared.
    case sizeMismatch(String, declared: Int64, streamed: Int64)
    /// libarchive reported an error.
    case libarchive(String)
    /// The writer was finished, or an earlier error left its archive incomplete.
    case writerClosed
}
