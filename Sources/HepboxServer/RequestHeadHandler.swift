import HTTPTypes
import NIOCore
import NIOHTTPTypes
#if canImport(Glibc)
import Glibc
#endif

/// Looks at each request head once, before Hummingbird sees it, for two things that cost clients time:
///
/// - `Expect: 100-continue` is answered at once, so clients (curl, davfs2) do not wait a second before every upload
///   body. Errors found from the headers alone (auth, missing parent) still get their final answer after the 100.
/// - A request whose head came without all of its body is acknowledged at once (TCP_QUICKACK). The Qt network
///   stack of the desktop clients (nextcloudcmd, owncloudcmd) leaves Nagle's algorithm on and writes a PUT's headers
///   and its body in two writes: the body stays in the client's kernel until the headers are acknowledged, and Linux
///   delays that ACK by 40 ms while the server waits for the body. That stall capped a sync of small files at ~100
///   files/s. The kernel clears the flag again on its own, so it is set per request, when a read ends with the body
///   still missing: clients that send head and body together (curl, rclone, most libraries) cost no system call.
final class RequestHeadHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// A head announced a body whose end has not been read yet.
    private var awaitingBody = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .end = part { awaitingBody = false }
        guard case .head(var head) = part else { return context.fireChannelRead(data) }
        var hasBody = false
        var expectsContinue = false
        // One pass over the fields (a lookup by name would scan them once per name).
        for field in head.headerFields {
            switch field.name {
            case .contentLength: if field.value != "0" { hasBody = true }
            case .transferEncoding: hasBody = true
            case .expect: if field.value.lowercased() == "100-continue" { expectsContinue = true }
            default: continue
            }
        }
        // The 100 (Continue) below carries the acknowledgement itself.
        if hasBody && !expectsContinue { awaitingBody = true }
        guard expectsContinue else { return context.fireChannelRead(data) }
        head.headerFields[.expect] = nil
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if awaitingBody {
            awaitingBody = false
            Self.acknowledgeNow(context.channel)
        }
        context.fireChannelReadComplete()
    }

    private static func acknowledgeNow(_ channel: any Channel) {
        #if os(Linux)
        let option = ChannelOptions.socket(SocketOptionLevel(IPPROTO_TCP), SocketOptionName(TCP_QUICKACK))
        // Best effort: a failure only means the client may wait for the delayed ACK as before.
        try? channel.syncOptions?.setOption(option, value: 1)
        #endif
    }
}
