import Foundation
import HepboxCore
import HepboxPreview
import HTTPTypes
import Hummingbird

/// `/apps/files/preview?path=…&size=…[&page=…]`: a thumbnail (images, PDFs), an HTML document around the preview
/// fragment (text, source, notebooks) for the details panel's sandboxed frame, or a JSON "no preview".
enum PreviewRoute {
    static func response(_ request: Request, principal: Principal, previews: PreviewService) async throws -> Response {
        let query = FormEncoding.decode(request.uri.query ?? "")
        let path = try TreePath(slashSeparated: query["path"] ?? "")
        let size = query["size"].flatMap { Int($0) } ?? 256
        let page = query["page"].flatMap { Int($0) } ?? 1
        let preview = try await previews.preview(principal, owner: principal.name, path: path, size: size, page: page)
        var headers = HTMLPage.securityHeaders()
        headers[.cacheControl] = "private, max-age=300"
        switch preview.kind {
        case .image(let contentType):
            headers[.contentType] = contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: preview.bytes)))
        case .html:
            // Shown in a sandboxed frame of the file manager: framing by this origin only, no script at all.
            headers[HTTPField.Name("Content-Security-Policy")!] =
                "default-src 'none'; style-src 'self'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
            headers[HTTPField.Name("X-Frame-Options")!] = "SAMEORIGIN"
            headers[.contentType] = "text/html; charset=utf-8"
            var page = ByteBuffer(string: "<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"/static/preview.css\"></head><body>")
            page.writeBytes(preview.bytes)
            page.writeString("</body></html>")
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: page))
        case .none(let reason):
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: "{\"preview\":false,\"reason\":\(JSONText.quote(reason))}")))
        }
    }
}
