import Foundation
import HepboxCore

/// The provisioning subset (`cloud/users…`, `cloud/groups`) that admins and pyocclient use. Admin only.
enum ProvisioningRoute {
    static func handle(method: String, route: String, query: [String: String], form: [String: String],
                       principal: Principal, services: OCSFrontEnd.Services) async throws -> OCSValue? {
        let parts = route.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.count >= 2, parts[0] == "cloud", parts[1] == "users" || parts[1] == "groups" else { return nil }
        guard principal.isAdmin else { throw HepboxError(.forbidden, "only administrators may manage accounts") }
        let users = services.users
        switch (method, parts.count, parts[1]) {
        case ("GET", 2, "users"):
            let search = query["search"]?.lowercased() ?? ""
            let names = try await users.list().map(\.name).filter { search.isEmpty || $0.lowercased().contains(search) }
            return .object([("users", .list(names.map(OCSValue.string)))])
        case ("POST", 2, "users"):
            guard let name = form["userid"], let password = form["password"] else {
                throw HepboxError.badRequest("userid and password are required")
            }
            try await users.add(name: name, password: password, displayName: form["displayName"], email: form["email"])
            try await services.files.ensureRoot(owner: name)
            return .object([("id", .string(name))])
        case ("GET", 3, "users"):
            return try await CurrentUserRoute.data(Principal(name: parts[2]), services: services)
        case ("PUT", 3, "users"):
            guard var record = try await users.user(named: parts[2]) else { throw HepboxError.notFound("the user \(parts[2])") }
            guard let key = form["key"], let value = form["value"] else { throw HepboxError.badRequest("key and value are required") }
            switch key {
            case "email": record.email = value.isEmpty ? nil : value
            case "displayname", "display": record.displayName = value
            case "quota": record.quota = try ByteSizeText.parse(value)
            case "password":
                try await users.setPassword(name: record.name, password: value)
                return .list([])
            default: throw HepboxError.badRequest("unknown key \(key) (email, displayname, quota, password)")
            }
            try await users.update(record)
            return .list([])
        case ("DELETE", 3, "users"):
            try await users.delete(name: parts[2])
            return .list([])
        case (_, 4, "users") where parts[3] == "groups":
            return try await userGroups(method: method, user: parts[2], form: form, services: services)
        case ("GET", 2, "groups"):
            let search = query["search"]?.lowercased() ?? ""
            let names = try await services.groups.list().map(\.name).filter { search.isEmpty || $0.lowercased().contains(search) }
            return .object([("groups", .list(names.map(OCSValue.string)))])
        case ("POST", 2, "groups"):
            guard let name = form["groupid"], !name.isEmpty else { throw HepboxError.badRequest("groupid is required") }
            try await services.groups.add(name: name, displayName: form["displayname"])
            return .list([])
        case ("GET", 3, "groups"):
            return .object([("users", .list(try await services.groups.members(of: parts[2]).map(OCSValue.string)))])
        case ("DELETE", 3, "groups"):
            try await services.groups.delete(name: parts[2])
            return .list([])
        default:
            return nil
        }
    }

    /// `cloud/users/{user}/groups`: list (GET), join (POST `groupid`), leave (DELETE `groupid`).
    static func userGroups(method: String, user: String, form: [String: String], services: OCSFrontEnd.Services) async throws -> OCSValue? {
        guard try await services.users.user(named: user) != nil else { throw HepboxError.notFound("the user \(user)") }
        switch method {
        case "GET":
            return .object([("groups", .list(try await services.groups.groups(of: user).map(OCSValue.string)))])
        case "POST", "DELETE":
            guard let group = form["groupid"], !group.isEmpty else { throw HepboxError.badRequest("groupid is required") }
            if method == "POST" {
                try await services.groups.addUser(user, to: group)
            } else {
                try await services.groups.removeUser(user, from: group)
            }
            return .list([])
        default:
            return nil
        }
    }
}

/// Quota values as the provisioning API sends them: bytes, `none`, or `10 GB`-style text.
enum ByteSizeText {
    static func parse(_ text: String) throws -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "none" || t == "default" || t == "unlimited" { return nil }
        if let bytes = Int64(t), bytes >= 0 { return bytes }
        let units: [(String, Double)] = [("tb", 1e12), ("gb", 1e9), ("mb", 1e6), ("kb", 1e3), ("b", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            if let number = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0 {
                return Int64(number * factor)
            }
        }
        throw HepboxError.badRequest("\(text) is not a quota")
    }
}
