import Foundation
import Testing

/// OCS Share API calls and PROPFIND reading for the sharing tests.
extension TestClientProtocol {
    /// An OCS v1 request with a form body, answered as JSON; returns (statuscode, data).
    func ocs(_ method: String, _ route: String, form: [String: String] = [:], user: String = "alice") async throws -> (Int, Any?) {
        let body = form.map { key, value in
            key + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
        }.joined(separator: "&")
        let separator = route.contains("?") ? "&" : "?"
        let response = try await dav(method, "/ocs/v1.php/apps/files_sharing/api/v1/\(route)\(separator)format=json",
                                     headers: ["Content-Type": "application/x-www-form-urlencoded", "OCS-APIREQUEST": "true"],
                                     body: body.isEmpty ? nil : body, auth: ServerFixture.basic(user, "\(user)-pw"))
        let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
        let ocs = json?["ocs"] as? [String: Any]
        let code = (ocs?["meta"] as? [String: Any])?["statuscode"] as? Int ?? -1
        return (code, ocs?["data"])
    }

    /// Creates a share and returns its object; fails the test unless the API said OK.
    func share(_ form: [String: String], user: String = "alice") async throws -> [String: Any] {
        let (code, data) = try await ocs("POST", "shares", form: form, user: user)
        try #require(code == 100, "creating a share \(form) answered \(code): \(String(describing: data))")
        return try #require(data as? [String: Any])
    }

    /// `href → (permissions, etag)` of a Depth-1 PROPFIND as `user`.
    func listing(_ path: String, user: String) async throws -> [String: (permissions: String, etag: String)] {
        let body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getetag/><oc:permissions/><oc:share-types/></d:prop></d:propfind>"
        let response = try await dav("PROPFIND", path, headers: ["Depth": "1"], body: body, auth: ServerFixture.basic(user, "\(user)-pw"))
        try #require(response.status.code == 207, "PROPFIND \(path) as \(user): \(response.status) \(String(buffer: response.body))")
        var out: [String: (String, String)] = [:]
        for part in String(buffer: response.body).components(separatedBy: "<d:response>").dropFirst() {
            func value(_ tag: String) -> String {
                part.components(separatedBy: "<\(tag)>").dropFirst().first?.components(separatedBy: "</\(tag)>").first ?? ""
            }
            out[value("d:href")] = (value("oc:permissions"), value("d:getetag"))
        }
        return out
    }
}
