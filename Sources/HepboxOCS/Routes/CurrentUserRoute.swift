import HepboxCore

/// `cloud/user`: who the credentials belong to, with quota.
enum CurrentUserRoute {
    static func data(_ principal: Principal, services: OCSFrontEnd.Services) async throws -> OCSValue {
        guard let user = try await services.users.user(named: principal.name) else { throw HepboxError.notFound("the user \(principal.name)") }
        let quota = try await services.files.quota(owner: user.name)
        let total = quota.available.map { $0 + quota.used }
        let relative = total.map { $0 > 0 ? Double(quota.used) * 100 / Double($0) : 0 } ?? 0
        return .object([
            ("id", .string(user.name)), ("display-name", .string(user.displayName)),
            ("displayname", .string(user.displayName)), ("email", user.email.map(OCSValue.string) ?? .null),
            ("enabled", .bool(true)),
            ("quota", .object([("free", .int(quota.available ?? -3)), ("used", .int(quota.used)),
                               ("total", .int(total ?? -3)), ("relative", .double((relative * 100).rounded() / 100)),
                               ("quota", .int(total ?? -3))])),
            ("groups", .list(try await services.groups.groups(of: user.name).map(OCSValue.string))),
        ])
    }
}
