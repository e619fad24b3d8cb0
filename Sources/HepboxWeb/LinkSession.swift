import Crypto
import Foundation
import HepboxCore

/// Proof, in a cookie, that this browser entered a link's password. The value is an HMAC of the token and the
/// stored password hash under the server's secret: it cannot be forged, and changing the password voids it.
public struct LinkSession: Sendable {
    /// Kept as bytes (SymmetricKey is not Sendable); the key is made per use, which costs nothing measurable.
    let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    public static func cookieName(token: String) -> String { "hepbox_link_" + token }

    func value(for share: ShareRecord) -> String {
        let message = Data(((share.token ?? "") + "|" + (share.passwordHash ?? "")).utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// True when the request's cookies hold a valid session for this link.
    public func isValid(cookieHeader: String?, for share: ShareRecord) -> Bool {
        guard let token = share.token, let presented = Self.cookies(cookieHeader)[Self.cookieName(token: token)] else { return false }
        let expected = value(for: share)
        return WebSession.constantTimeEqual(presented, expected)
    }

    func setCookie(for share: ShareRecord, secure: Bool) -> String {
        "\(Self.cookieName(token: share.token ?? ""))=\(value(for: share)); Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    static func cookies(_ header: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (header ?? "").split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces) }
        }
        return out
    }
}
