import HepboxCore
import Hummingbird

/// Maps domain errors to WebDAV answers in one place: status and a `<d:error>` body with the message.
enum DAVError {
    static func status(for code: HepboxError.Code) -> HTTPResponse.Status {
        switch code.httpStatus {
        case 423: .init(code: 423, reasonPhrase: "Locked")
        case 424: .init(code: 424, reasonPhrase: "Failed Dependency")
        case 507: .init(code: 507, reasonPhrase: "Insufficient Storage")
        case let other: .init(code: other)
        }
    }

    static func response(_ error: HepboxError, condition: String? = nil) -> Response {
        var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\">"
        if let condition { body += "<d:\(condition)/>" }
        body += "<s:exception>\(exceptionName(error.code))</s:exception><s:message>\(XMLText.escape(error.message))</s:message></d:error>\n"
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        return Response(status: status(for: error.code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Sabre's exception names, which some clients log.
    private static func exceptionName(_ code: HepboxError.Code) -> String {
        switch code {
        case .notFound: "Sabre\\DAV\\Exception\\NotFound"
        case .forbidden: "Sabre\\DAV\\Exception\\Forbidden"
        case .conflict: "Sabre\\DAV\\Exception\\Conflict"
        case .preconditionFailed: "Sabre\\DAV\\Exception\\PreconditionFailed"
        case .locked: "Sabre\\DAV\\Exception\\Locked"
        case .insufficientStorage, .storageFull: "Sabre\\DAV\\Exception\\InsufficientStorage"
        case .badRequest, .checksumMismatch: "Sabre\\DAV\\Exception\\BadRequest"
        case .methodNotAllowed, .alreadyExists: "Sabre\\DAV\\Exception\\MethodNotAllowed"
        default: "Sabre\\DAV\\Exception"
        }
    }
}
