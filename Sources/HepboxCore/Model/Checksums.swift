/// Whole-content checksums, lowercase hex. ADLER32 is not zero-padded-free: we always print 8 digits.
public struct Checksums: Sendable, Equatable, Codable {
    public var sha1: String
    public var md5: String
    public var adler32: String

    public init(sha1: String, md5: String, adler32: String) {
        self.sha1 = sha1
        self.md5 = md5
        self.adler32 = adler32
    }

    /// The value for `oc:checksums` (the ones computed: a chunk of a chunked upload has only its ADLER32).
    public var ownCloudList: String {
        [("SHA1", sha1), ("MD5", md5), ("ADLER32", adler32)].filter { !$0.1.isEmpty }.map { "\($0):\($1)" }
            .joined(separator: " ")
    }

    /// `SHA1:…` for the `OC-Checksum` answer header, or the ADLER32 when no SHA1 was computed.
    public var ownCloudHeader: String { sha1.isEmpty ? "ADLER32:\(adler32)" : "SHA1:\(sha1)" }

    /// The stored value for a checksum type named as clients name it (`SHA1`, `MD5`, `ADLER32`), nil when unknown.
    public func value(forType type: String) -> String? {
        switch type.uppercased() {
        case "SHA1", "SHA-1": sha1
        case "MD5": md5
        case "ADLER32", "ADLER-32": adler32
        default: nil
        }
    }
}

/// A checksum a client sent (`OC-Checksum: SHA1:abc…`).
public struct ClaimedChecksum: Sendable, Equatable {
    public var type: String
    public var value: String

    /// Parses `TYPE:hex`; several space-separated entries are allowed and the first known type is taken.
    public init?(header: String) {
        for entry in header.split(separator: " ") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let type = parts[0].uppercased()
            guard ["SHA1", "MD5", "ADLER32"].contains(type) else { continue }
            self.type = type
            self.value = parts[1].lowercased()
            return
        }
        return nil
    }

    public init(type: String, value: String) {
        self.type = type.uppercased()
        self.value = value.lowercased()
    }

    public func matches(_ sums: Checksums) -> Bool {
        guard let stored = sums.value(forType: type) else { return false }
        if type == "ADLER32" {  // some clients drop leading zeros (smashbox protocol notes)
            return UInt32(stored, radix: 16) == UInt32(value, radix: 16)
        }
        return stored == value
    }
}
