/// Escaping for XML text and attributes.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        // Most names, etags and hrefs need nothing: return them without building a copy.
        if !needsEscaping(s) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Whether `s` holds `&`, `<` or `>`: a plain loop over the UTF-8 bytes (every name, etag and href of a
    /// listing goes through here).
    private static func needsEscaping(_ s: String) -> Bool {
        for byte in s.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E { return true }
        return false
    }

    public static func escapeAttribute(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The UTF-8 bytes of an XML answer being built. Appending a string's bytes to an array is a copy; appending
/// to a String also re-checks capacity and ASCII-ness, which dominated building a 1000-entry multistatus.
struct XMLBytes {
    private(set) var bytes: [UInt8] = []

    init(_ start: String = "") { bytes.append(contentsOf: start.utf8) }

    static func += (lhs: inout XMLBytes, rhs: String) { lhs.bytes.append(contentsOf: rhs.utf8) }
}

/// The namespaces hepbox speaks.
public enum DAVNamespace {
    public static let dav = "DAV:"
    public static let owncloud = "http://owncloud.org/ns"
    public static let nextcloud = "http://nextcloud.org/ns"
    public static let sabre = "http://sabredav.org/ns"
}
