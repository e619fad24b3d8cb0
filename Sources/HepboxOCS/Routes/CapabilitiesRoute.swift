/// `cloud/capabilities`: values that make nextcloudcmd and owncloudcmd take their modern path, and nothing that is
/// not implemented (no TUS).
enum CapabilitiesRoute {
    static func data(_ c: ServerCapabilities) -> OCSValue {
        let parts = c.version.split(separator: ".").compactMap { Int64($0) }
        let version: OCSValue = .object([
            ("major", .int(parts.first ?? 0)), ("minor", .int(parts.count > 1 ? parts[1] : 0)),
            ("micro", .int(parts.count > 2 ? parts[2] : 0)), ("string", .string(c.versionString)),
            ("edition", .string("")), ("extendedSupport", .bool(false)),
        ])
        var dav: [(String, OCSValue)] = [("chunkingParallelUploadDisabled", .bool(false)), ("bulkupload", .string("1.0"))]
        if c.chunking { dav.insert(("chunking", .string("1.0")), at: 0) }
        let capabilities: OCSValue = .object([
            ("core", .object([("pollinterval", .int(60)), ("webdav-root", .string("remote.php/webdav")),
                              ("status", .object(StatusRoute.statusObject(c)))])),
            ("dav", .object(dav)),
            ("files", .object([("bigfilechunking", .bool(c.chunking)), ("blacklisted_files", .list([.string(".htaccess")])),
                               ("versioning", .bool(true)), ("undelete", .bool(true))])),
            ("checksums", .object([("supportedTypes", .list([.string("SHA1"), .string("MD5"), .string("ADLER32")])),
                                   ("preferredUploadType", .string("SHA1"))])),
            ("files_sharing", .object([("api_enabled", .bool(false))])),
        ])
        return .object([("version", version), ("capabilities", capabilities)])
    }
}
