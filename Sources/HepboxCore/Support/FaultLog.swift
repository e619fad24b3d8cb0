import Logging

/// Where front ends turn a failure into what the client sees. A failure that is the server's (a storage node gone
/// or full, damaged data, a bug) is logged with everything known about it, for the administrators, and the client
/// gets a short message with the request's reference instead of internals (file-system paths, SQL, system
/// errors). A failure that is the request's (bad input, missing target, quota) goes to the client as it is.
public struct FaultLog: Sendable {
    private let logger: Logger
    private let referenceKey: String

    /// - Parameters:
    ///   - logger: the request's logger (its metadata, the request id among it, goes into every line).
    ///   - referenceKey: the metadata key of the request id that the client is given as its reference.
    public init(logger: Logger, referenceKey: String) {
        self.logger = logger
        self.referenceKey = referenceKey
    }

    /// For callers without a request (tests that drive a front end directly): faults are not written anywhere.
    public static var silent: FaultLog {
        FaultLog(logger: Logger(label: "hepbox.silent") { _ in SwiftLogNoOpLogHandler() }, referenceKey: "")
    }

    /// The request's reference, as given to the client and written in the log.
    public var reference: String { logger[metadataKey: referenceKey]?.description ?? "-" }

    /// `error` as the client may see it; a server fault is logged first.
    public func visible(_ error: any Error, method: String, path: String, user: String?) -> HepboxError {
        let domain = error as? HepboxError ?? HepboxError(.internalError, "\(error)")
        guard domain.code.isServerFault, let summary = Self.clientSummary(of: domain.code) else { return domain }
        logger.error("\(method) \(path) failed: \(domain.message)",
                     metadata: ["user": .string(user ?? "-"), "error.code": .string(domain.code.rawValue)])
        return HepboxError(domain.code, "\(summary) (reference \(reference): the server's log has the details)")
    }

    /// What the client is told of a server fault.
    static func clientSummary(of code: HepboxError.Code) -> String? {
        switch code {
        case .internalError: "the server failed to complete the request"
        case .corrupt: "the server could not read a good copy of the stored data"
        case .unavailable: "the server's storage is not available at the moment"
        case .storageFull: "the server's storage is full"
        default: nil
        }
    }
}

extension HepboxError.Code {
    /// True when the server, not the request, failed (a 5xx answer, or 507 for a full disk).
    public var isServerFault: Bool { FaultLog.clientSummary(of: self) != nil }
}
