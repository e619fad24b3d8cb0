import HTTPTypes
import Hummingbird

enum Options {
    static let allowed = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK, REPORT"

    static func response() -> Response {
        var headers = HTTPFields()
        headers[HTTPField.Name("DAV")!] = "1, 2"
        headers[.allow] = allowed
        headers[HTTPField.Name("MS-Author-Via")!] = "DAV"
        headers[.acceptRanges] = "bytes"
        headers[.contentLength] = "0"
        return Response(status: .ok, headers: headers)
    }
}
