import HTTPTypes
import Hummingbird

/// The `{"ocs":{"meta":…,"data":…}}` envelope in v1 (HTTP 200, statuscode 100) and v2 (statuscode 200, HTTP
/// status mirrors it) flavours, as XML by default or JSON on request.
struct OCSEnvelope {
    enum Version { case v1, v2 }
    let version: Version
    let json: Bool

    func ok(_ data: OCSValue) -> Response {
        render(status: "ok", code: version == .v1 ? 100 : 200, message: "OK", data: data, http: .ok)
    }

    func failure(code: Int, message: String) -> Response {
        let http: HTTPResponse.Status
        if version == .v1 {
            http = code == 997 ? .unauthorized : .ok
        } else {
            switch code {
            case 997: http = .unauthorized
            case 998: http = .notFound
            case 996, 999: http = .internalServerError
            case 200..<600: http = HTTPResponse.Status(code: code)
            default: http = .badRequest
            }
        }
        return render(status: "failure", code: code, message: message, data: .list([]), http: http)
    }

    private func render(status: String, code: Int, message: String, data: OCSValue, http: HTTPResponse.Status) -> Response {
        let meta: OCSValue = .object([("status", .string(status)), ("statuscode", .int(Int64(code))),
                                      ("message", .string(message)), ("totalitems", .string("")), ("itemsperpage", .string(""))])
        var headers = HTTPFields()
        let body: String
        if json {
            headers[.contentType] = "application/json; charset=utf-8"
            body = "{\"ocs\":{\"meta\":\(meta.json()),\"data\":\(data.json())}}"
        } else {
            headers[.contentType] = "text/xml; charset=UTF-8"
            body = "<?xml version=\"1.0\"?>\n<ocs><meta>\(meta.xml())</meta><data>\(data.xml())</data></ocs>\n"
        }
        if http == .unauthorized { headers[.wwwAuthenticate] = "Basic realm=\"hepbox\", charset=\"UTF-8\"" }
        return Response(status: http, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
