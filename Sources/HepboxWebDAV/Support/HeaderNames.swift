import HTTPTypes

/// Header names the WebDAV answers use, validated once (building a name checks its characters every time).
extension HTTPField.Name {
    static let ocETag = Self("OC-ETag")!
    static let ocFileID = Self("OC-FileId")!
    static let ocChecksum = Self("OC-Checksum")!
    static let ocPermissions = Self("OC-Perm")!
    static let ocMTimeAccepted = Self("X-OC-MTime")!
    static let contentTypeOptions = Self("X-Content-Type-Options")!
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
}
