/// Every failure of the ROOT reader. Each message names the object, branch or byte range at fault,
/// so a caller never gets a wrong value silently.
public enum RootError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The byte source failed (missing file, short read, HTTP error).
    case io(String)
    /// The bytes do not follow the ROOT format (truncated, corrupt, inconsistent).
    case format(String)
    /// A valid ROOT construct this reader does not handle (RNTuple, object branches, old versions).
    case unsupported(String)
    /// A key, directory, tree or branch that does not exist.
    case notFound(String)
    /// A compressed block that fails to decompress or whose checksum does not match.
    case decompression(String)

    public var description: String {
        switch self {
        case .io(let m): return "I/O error: \(m)"
        case .format(let m): return "malformed ROOT data: \(m)"
        case .unsupported(let m): return "unsupported: \(m)"
        case .notFound(let m): return "not found: \(m)"
        case .decompression(let m): return "decompression failed: \(m)"
        }
    }
}
