import HTTPTypes
import NIOCore
import NIOHTTPTypes
#if canImport(Glibc)
import Glibc
#endif

/// Acknowledges a request head at once (TCP_QUICKACK), so a client that leaves Nagle's algorithm on does not wait
/// for the server's delayed ACK before it may send the body.
///
/// The Qt network stack of the desktop clients (nextcloudcmd, owncloudcmd) does not set TCP_NODELAY and writes a
/// PUT's headers and its body in two writes: the body stays in the client's kernel until the headers are
/// acknowledged, and Linux delays that ACK by 40 ms while the server waits for the body. That stall capped a sync
/// of small files at about 100 files/s. Setting TCP_QUICKACK sends the pending ACK now; the kernel clears the flag
/// again on its own, so it is set for every request head (one setsockopt, only when the request has a body).
final class QuickAckHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), Self.expectsBody(head) {
            Self.acknowledgeNow(context.channel)
        }
        context.fireChannelRead(data)
    }

    private static func expectsBody(_ head: HTTPRequest) -> Bool {
        if let length = head.headerFields[.contentLength] { return length != "0" }
        return head.headerFields[.transferEncoding] != nil
    }

    private static func acknowledgeNow(_ channel: any Channel) {
        #if os(Linux)
        let option = ChannelOptions.socket(SocketOptionLevel(IPPROTO_TCP), SocketOptionName(TCP_QUICKACK))
        // Best effort: a failure only means the client may wait for the delayed ACK as before.
        try? channel.syncOptions?.setOption(option, value: 1)
        #endif
    }
}
