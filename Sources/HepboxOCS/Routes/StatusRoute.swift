import HTTPTypes
import Hummingbird

/// `/status.php`, read by nextcloudcmd (and the GUIs) before anything else; answered without authentication.
enum StatusRoute {
    static func response(_ capabilities: ServerCapabilities) -> Response {
        let body = OCSValue.object(statusObject(capabilities)).json()
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func statusObject(_ c: ServerCapabilities) -> [(String, OCSValue)] {
        [("installed", .bool(true)), ("maintenance", .bool(false)), ("needsDbUpgrade", .bool(false)),
         ("version", .string(c.version)), ("versionstring", .string(c.versionString)), ("edition", .string("")),
         ("productname", .string(c.productName)), ("extendedSupport", .bool(false))]
    }
}
