/// `cloud/capabilities`: values that make nextcloudcmd and owncloudcmd take their modern path, and nothing that is
/// not implemented (no TUS).
enum CapabilitiesRoute {
    static func data(_ c: ServerCapabilities, userAgent: String?) -> OCSValue {
        let parts = c.version.split(separator: ".").compactMap { Int64($0) }
        let version: OCSValue = .object([
            ("major", .int(parts.first ?? 0)), ("minor", .int(parts.count > 1 ? parts[1] : 0)),
            ("micro", .int(parts.count > 2 ? parts[2] : 0)), ("string", .string(c.versionString)),
            ("edition", .string("")), ("extendedSupport", .bool(false)),
        ])
        var dav: [(String, OCSValue)] = [("chunkingParallelUploadDisabled", .bool(false))]
        if bulkUploadWorks(for: userAgent) { dav.append(("bulkupload", .string("1.0"))) }
        if c.chunking { dav.insert(("chunking", .string("1.0")), at: 0) }
        let capabilities: OCSValue = .object([
            ("core", .object([("pollinterval", .int(60)), ("webdav-root", .string("remote.php/webdav")),
                              ("status", .object(StatusRoute.statusObject(c)))])),
            ("dav", .object(dav)),
            ("files", .object([("bigfilechunking", .bool(c.chunking)), ("blacklisted_files", .list([.string(".htaccess")])),
                               ("versioning", .bool(true)), ("undelete", .bool(true))])),
            ("checksums", .object([("supportedTypes", .list([.string("SHA1"), .string("MD5"), .string("ADLER32")])),
                                   ("preferredUploadType", .string("SHA1"))])),
            ("files_sharing", sharing),
        ])
        return .object([("version", version), ("capabilities", capabilities)])
    }

    /// What the Share API offers (the clients show their share dialogs from this): user, group and link shares,
    /// resharing, link passwords and expiry, public upload; no federation, no mail.
    static let sharing: OCSValue = .object([
        ("api_enabled", .bool(true)),
        ("public", .object([
            ("enabled", .bool(true)),
            ("password", .object([("enforced", .bool(false)), ("askForOptionalPassword", .bool(false))])),
            ("expire_date", .object([("enabled", .bool(true)), ("enforced", .bool(false))])),
            ("multiple_links", .bool(true)), ("send_mail", .bool(false)), ("upload", .bool(true)),
            ("upload_files_drop", .bool(true)),
        ])),
        ("resharing", .bool(true)),
        ("group_sharing", .bool(true)),
        ("user", .object([("send_mail", .bool(false)), ("expire_date", .object([("enabled", .bool(true))]))])),
        ("group", .object([("enabled", .bool(true)), ("expire_date", .object([("enabled", .bool(true))]))])),
        ("federation", .object([("outgoing", .bool(false)), ("incoming", .bool(false))])),
        ("sharee", .object([("query_lookup_default", .bool(false)), ("always_show_unique", .bool(true))])),
        ("default_permissions", .int(31)),
    ])

    /// Nextcloud desktop clients before 3.9 (Debian 12 ships 3.7.3) send a bulk request without a body when a batch
    /// holds an empty file (nextcloud/desktop#5758), so bulk upload is offered to 3.9 and later only.
    static func bulkUploadWorks(for userAgent: String?) -> Bool {
        guard let userAgent, let range = userAgent.range(of: "mirall/") else { return false }
        let numbers = userAgent[range.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard let major = numbers.first else { return false }
        let minor = numbers.count > 1 ? numbers[1] : 0
        return major > 3 || (major == 3 && minor >= 9)
    }
}
