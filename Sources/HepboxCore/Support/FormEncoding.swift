import Foundation

/// `application/x-www-form-urlencoded` text (form bodies and query strings): `+` is a space, `%XX` a byte.
public enum FormEncoding {
    public static func decode(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let key = kv.first { out[key] = kv.count > 1 ? kv[1] : "" }
        }
        return out
    }
}
