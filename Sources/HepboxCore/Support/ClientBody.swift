/// A request's body as front ends read it: a failure to read it (the client's connection lost mid-body, a broken
/// chunked encoding) is the request's fault, a `badRequest`, and so never logged as the server's (sync clients
/// abort uploads all the time: pausing, going offline).
public struct ClientBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Base.Element
    let base: Base

    public init(_ base: Base) { self.base = base }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator

        public mutating func next() async throws -> Element? {
            do {
                return try await base.next()
            } catch {
                throw ClientBody.failure(error)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }

    /// `error`, met while reading a request's body, as the request's fault.
    static func failure(_ error: any Error) -> HepboxError {
        error as? HepboxError ?? HepboxError(.badRequest, "the request body could not be read to its end (\(error))")
    }
}
