import HepboxCore

/// `core/getapppassword` (turns a session authenticated with the account password into an app password) and
/// `core/apppassword` DELETE (revokes the app password in use).
enum AppPasswordRoute {
    static func issue(_ principal: Principal, services: OCSFrontEnd.Services, clientName: String) async throws -> OCSValue {
        if principal.appPasswordID != nil {
            throw HepboxError(.forbidden, "this request already uses an app password")
        }
        let (_, token) = try await services.users.issueAppPassword(user: principal.name, name: clientName)
        return .object([("apppassword", .string(token))])
    }

    static func revoke(_ principal: Principal, services: OCSFrontEnd.Services) async throws -> OCSValue {
        guard let id = principal.appPasswordID else {
            throw HepboxError(.forbidden, "only an app password can revoke itself")
        }
        try await services.users.revokeAppPassword(id: id, user: principal.name)
        return .list([])
    }
}
