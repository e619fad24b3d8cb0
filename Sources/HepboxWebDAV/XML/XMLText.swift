/// Escaping for XML text and attributes.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        // Most names, etags and hrefs need nothing: return them without building a copy.
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            return s
        }
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

    public static func escapeAttribute(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The namespaces hepbox speaks.
public enum DAVNamespace {
    public static let dav = "DAV:"
    public static let owncloud = "http://owncloud.org/ns"
    public static let nextcloud = "http://nextcloud.org/ns"
    public static let sabre = "http://sabredav.org/ns"
}
