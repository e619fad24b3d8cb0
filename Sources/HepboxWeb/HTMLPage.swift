import HepboxCore
import HTTPTypes
import Hummingbird

/// Server-rendered pages: one layout, escaped text, strict security headers (no inline script or style; the
/// stylesheet and the few scripts are served by hepbox itself under `/static/`).
enum HTMLPage {
    /// `userMenu`: the signed-in user's name and CSRF token, for the header's logout form and theme switch.
    static func response(_ status: HTTPResponse.Status, title: String, body: String, extraHeaders: HTTPFields = [:],
                         userMenu: (name: String, csrf: String)? = nil) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers.append(contentsOf: extraHeaders)
        let page = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · hepbox</title><link rel="stylesheet" href="/static/hepbox.css"><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
        <body><header class="bar"><span class="brand">hepbox</span><span class="spacer"></span>\(menu(userMenu))</header>\(userMenu == nil ? "<main>\(body)</main>" : body)</body></html>
        """
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func menu(_ user: (name: String, csrf: String)?) -> String {
        guard let user else { return "" }
        return "<button type=\"button\" class=\"plain\" id=\"theme-toggle\" aria-label=\"switch light or dark theme\">◐</button>"
            + "<span id=\"user-name\">\(escape(user.name))</span><form method=\"post\" action=\"/logout\">"
            + "<input type=\"hidden\" name=\"requesttoken\" value=\"\(escape(user.csrf))\"><button class=\"plain\" id=\"logout\">Log out</button></form>"
    }

    static func securityHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return headers
    }

    static func message(_ status: HTTPResponse.Status, title: String, text: String) -> Response {
        response(status, title: title, body: "<section class=\"card\"><h1>\(escape(title))</h1><p>\(escape(text))</p></section>")
    }

    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders()
        headers[.location] = location
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// Human sizes for listings: 1.2 MB.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
