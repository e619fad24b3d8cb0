import ArgumentParser
import HepboxCore
import HepboxServer

struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Local groups (share with a group to share with all of its members).",
        subcommands: [Add.self, Delete.self, List.self, AddUser.self, RemoveUser.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")
        @Argument var name: String
        @Option var displayName: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let groups = try AdminRuntime.groups(storage)
            try await AdminRuntime.reporting {
                try await groups.add(name: name, displayName: displayName)
                Console.line("created group \(name)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group (its shares end).")
        @Argument var name: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let groups = try AdminRuntime.groups(storage)
            try await AdminRuntime.reporting {
                try await groups.delete(name: name)
                Console.line("deleted group \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups with their members (or the members of one).")
        @Argument var name: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let groups = try AdminRuntime.groups(storage)
            try await AdminRuntime.reporting {
                var names = [String]()
                if let name { names = [name] } else { names = try await groups.list().map(\.name) }
                for group in names {
                    let members = try await groups.members(of: group)
                    Console.line("\(group)\t\(members.joined(separator: ","))")
                }
            }
        }
    }

    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "adduser", abstract: "Add a user to a group.")
        @Argument var group: String
        @Argument var user: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let groups = try AdminRuntime.groups(storage)
            try await AdminRuntime.reporting {
                try await groups.addUser(user, to: group)
                Console.line("added \(user) to \(group)")
            }
        }
    }

    struct RemoveUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "removeuser", abstract: "Remove a user from a group.")
        @Argument var group: String
        @Argument var user: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let groups = try AdminRuntime.groups(storage)
            try await AdminRuntime.reporting {
                try await groups.removeUser(user, from: group)
                Console.line("removed \(user) from \(group)")
            }
        }
    }
}
