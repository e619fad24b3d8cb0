/// A domain error: a code that front ends map to their status codes in one place, and a message for the user.
public struct HepboxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, conflict, alreadyExists
        case preconditionFailed, payloadTooLarge, unsupportedMediaType, locked, failedDependency
        case insufficientStorage, checksumMismatch, rangeNotSatisfiable, corrupt, unavailable, internalError
        /// A storage node's disk is full: 507 like a quota, but the server's fault, not the user's.
        case storageFull
    }
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func notFound(_ what: String) -> HepboxError { .init(.notFound, "\(what) does not exist") }
    public static func badRequest(_ why: String) -> HepboxError { .init(.badRequest, why) }
}

extension HepboxError.Code {
    /// The HTTP status every front end answers this error with (WebDAV's reason phrases are its own).
    public var httpStatus: Int {
        switch self {
        case .badRequest, .checksumMismatch: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed, .alreadyExists: 405
        case .conflict: 409
        case .preconditionFailed: 412
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .rangeNotSatisfiable: 416
        case .locked: 423
        case .failedDependency: 424
        case .corrupt, .internalError: 500
        case .unavailable: 503
        case .insufficientStorage, .storageFull: 507
        }
    }
}
