import HepboxCore
import HTTPTypes
import Hummingbird

/// The small browser pages of the login flow: no script, no external resources, strict security headers.
enum LoginFlowPage {
    static func html(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    private static func shell(_ title: String, _ content: String) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · hepbox</title><style>
        :root{color-scheme:light dark;font-family:system-ui,sans-serif}body{display:grid;place-items:center;min-height:100vh;margin:0;background:Canvas}
        main{max-width:24rem;padding:2rem;border:1px solid #8884;border-radius:12px}h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}
        input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem}.error{color:#c0392b}
        </style></head><body><main>\(content)</main></body></html>
        """
    }

    static func form(flowID: String, csrf: String, client: String, message: String?, signedInAs user: String? = nil) -> String {
        if let user {
            // The browser is signed in to hepbox: the same session grants, no password asked again.
            return shell("Connect \(client)", """
            <h1>Connect to hepbox</h1><p><strong>\(escape(client))</strong> asks for access to your account <strong>\(escape(user))</strong>.</p>
            <form method="post" action="/index.php/login/v2/grant">
            <input type="hidden" name="flow" value="\(escape(flowID))"><input type="hidden" name="requesttoken" value="\(escape(csrf))">
            <input type="hidden" name="use-session" value="1"><button type="submit" id="grant">Grant access</button></form>
            """)
        }
        return shell("Connect \(client)", """
        <h1>Connect to hepbox</h1><p><strong>\(escape(client))</strong> asks for access to your account.</p>
        \(message.map { "<p class=\"error\" role=\"alert\">\(escape($0))</p>" } ?? "")
        <form method="post" action="/index.php/login/v2/grant">
        <input type="hidden" name="flow" value="\(escape(flowID))"><input type="hidden" name="requesttoken" value="\(escape(csrf))">
        <label for="user">User name</label><input id="user" name="user" autocomplete="username" required autofocus>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Grant access</button></form>
        """)
    }

    static func done(title: String, text: String) -> String {
        shell(title, "<h1>\(escape(title))</h1><p>\(escape(text))</p>")
    }
}
