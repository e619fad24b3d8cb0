/// Turns a `ZipEntry.path` into the member name stored in the archive, refusing any name an extractor could
/// resolve outside its target folder (absolute, `..`, drive letters, backslashes that Windows tools split on).
enum ZipMemberName {
    /// The ZIP name-length field is 16 bits.
    static let maximumUTF8Length = 65_535

    static func validated(_ path: String, isFolder: Bool) throws(ZipArchiveError) -> String {
        func refuse(_ reason: String) -> ZipArchiveError { .invalidPath(path, reason: reason) }
        if path.isEmpty { throw refuse("empty path") }
        // libarchive takes C strings: a NUL would silently cut the name.
        if path.utf8.contains(0) { throw refuse("contains a NUL character") }
        if path.contains("\\") { throw refuse("contains a backslash, a separator for Windows extractors") }
        if path.hasPrefix("/") { throw refuse("absolute path") }
        if !isFolder && path.hasSuffix("/") { throw refuse("a file path ends in /") }

        let body = isFolder && path.hasSuffix("/") ? String(path.dropLast()) : path
        let components = body.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty { throw refuse("has an empty component") }
            if component == "." || component == ".." { throw refuse("has a '\(component)' component") }
        }
        if let first = components.first, startsWithDriveLetter(first) { throw refuse("starts with a drive letter") }

        let name = isFolder ? body + "/" : body
        if name.utf8.count > maximumUTF8Length { throw refuse("longer than \(maximumUTF8Length) bytes") }
        return name
    }

    /// `C:` or `C:name`, which Windows extractors treat as a drive.
    private static func startsWithDriveLetter(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8.prefix(2))
        guard bytes.count == 2, bytes[1] == UInt8(ascii: ":") else { return false }
        return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0] & 0xDF)
    }
}
