import Foundation
import HepboxCore

/// The OCS Share API (`apps/files_sharing/api/v1/…`): shares of users, groups and public links, and the sharee
/// search of the share dialog. Fields follow Nextcloud's share objects, which the clients and pyocclient read.
enum ShareRoute {
    static let prefix = "apps/files_sharing/api/v1/"

    static func handle(method: String, route: String, query: [String: String], form: [String: String],
                       principal: Principal, services: OCSFrontEnd.Services, baseURL: String) async throws -> OCSValue? {
        let parts = route.dropFirst(prefix.count).split(separator: "/").map(String.init)
        let shares = services.shares
        let format = ShareFormat(baseURL: baseURL)
        switch (method, parts.first, parts.count) {
        case ("GET", "shares", 1):
            let path = try query["path"].map { try TreePath(slashSeparated: $0) }
            func flag(_ name: String) -> Bool { ["true", "1"].contains(query[name]?.lowercased() ?? "") }
            let found = flag("shared_with_me")
                ? try await shares.sharedWithMe(principal, path: path.flatMap { $0.isRoot ? nil : $0 })
                : try await shares.list(principal, path: path, reshares: flag("reshares"), subfiles: flag("subfiles"))
            return .list(found.map(format.object))
        case ("POST", "shares", 1):
            return format.object(try await shares.create(principal, try request(form)))
        case ("GET", "shares", 2):
            // A list with one element, as Nextcloud answers.
            return .list([format.object(try await shares.get(principal, id: try shareID(parts[1])))])
        case ("PUT", "shares", 2):
            return format.object(try await shares.update(principal, id: try shareID(parts[1]), try update(form)))
        case ("DELETE", "shares", 2):
            try await shares.delete(principal, id: try shareID(parts[1]))
            return .list([])
        case ("GET", "sharees", 1):
            return try await sharees(principal, query: query, services: services)
        case ("GET", "remote_shares", _):
            return .list([])  // no federation: nothing is ever pending
        default:
            return nil
        }
    }

    static func shareID(_ text: String) throws -> Int64 {
        guard let id = Int64(text) else { throw HepboxError.notFound("the share \(text)") }
        return id
    }

    static func request(_ form: [String: String]) throws -> ShareRequest {
        guard let pathText = form["path"], !pathText.isEmpty else { throw HepboxError.notFound("please specify a file or folder path") }
        let path = try TreePath(slashSeparated: pathText)
        guard let typeNumber = form["shareType"].flatMap({ Int($0) }), let type = ShareType(rawValue: typeNumber) else {
            throw HepboxError.badRequest("unknown share type \(form["shareType"] ?? "(none)"): use 0 user, 1 group, 3 public link")
        }
        if type != .link && (form["shareWith"] ?? "").isEmpty {
            throw HepboxError.notFound("please specify a valid \(type == .user ? "user" : "group")")
        }
        return ShareRequest(path: path, type: type, recipient: form["shareWith"],
                            permissions: try form["permissions"].map(permissions), password: nonEmpty(form["password"]),
                            expiration: try nonEmpty(form["expireDate"]).map(ShareDate.parse),
                            publicUpload: form["publicUpload"].map { $0 == "true" || $0 == "1" },
                            label: form["label"] ?? form["name"], note: form["note"])
    }

    static func update(_ form: [String: String]) throws -> ShareUpdate {
        var change = ShareUpdate(permissions: try form["permissions"].map(permissions), password: form["password"],
                                 publicUpload: form["publicUpload"].map { $0 == "true" || $0 == "1" },
                                 label: form["label"] ?? form["name"], note: form["note"])
        if let date = form["expireDate"] { change.expiration = .some(date.isEmpty ? nil : try ShareDate.parse(date)) }
        return change
    }

    static func permissions(_ text: String) throws -> SharePermissions {
        guard let bits = Int(text), bits > 0, bits <= SharePermissions.all.rawValue else {
            throw HepboxError.badRequest("invalid permissions \(text): a sum of 1 read, 2 update, 4 create, 8 delete, 16 share")
        }
        return SharePermissions(rawValue: bits)
    }

    static func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }

    static func sharees(_ principal: Principal, query: [String: String], services: OCSFrontEnd.Services) async throws -> OCSValue {
        let search = query["search"] ?? ""
        let perPage = query["perPage"].flatMap { Int($0) } ?? 200
        let (users, groups) = try await services.shares.sharees(principal, search: search, limit: perPage)
        func entry(_ label: String, _ type: ShareType, _ value: String) -> OCSValue {
            .object([("label", .string(label)), ("shareWithDisplayNameUnique", .string(value)),
                     ("value", .object([("shareType", .int(Int64(type.rawValue))), ("shareWith", .string(value))]))])
        }
        let lower = search.lowercased()
        let exactUsers = users.filter { $0.name.lowercased() == lower }.map { entry($0.displayName, .user, $0.name) }
        let exactGroups = groups.filter { $0.name.lowercased() == lower }.map { entry($0.displayName, .group, $0.name) }
        return .object([
            ("exact", .object([("users", .list(exactUsers)), ("groups", .list(exactGroups)), ("remotes", .list([])),
                               ("emails", .list([]))])),
            ("users", .list(users.filter { $0.name.lowercased() != lower }.map { entry($0.displayName, .user, $0.name) })),
            ("groups", .list(groups.filter { $0.name.lowercased() != lower }.map { entry($0.displayName, .group, $0.name) })),
            ("remotes", .list([])), ("emails", .list([])), ("lookup", .list([])),
        ])
    }
}

/// `expireDate` values: `YYYY-MM-DD` (a share works through that whole day, UTC).
enum ShareDate {
    static func parse(_ text: String) throws -> Int64 {
        let day = text.prefix(10)
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            throw HepboxError.badRequest("invalid expireDate \(text): use YYYY-MM-DD")
        }
        return (Int64(CivilDate.days(fromCivil: parts[0], parts[1], parts[2])) + 1) * 86_400
    }

    /// The `Y-m-d 00:00:00` text of the last day a share works.
    static func format(_ expiration: Int64) -> String {
        let (y, m, d) = CivilDate.civil(fromDays: Int(expiration / 86_400 - 1))
        return String(y) + "-" + pad(Int64(m)) + "-" + pad(Int64(d)) + " 00:00:00"
    }

    private static func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
}
