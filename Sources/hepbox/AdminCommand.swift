import ArgumentParser
import Foundation
import HepboxCore
import HepboxServer

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer accounts and storage (works while the server runs).",
        subcommands: [UserCommand.self, GroupCommand.self, AppPasswordCommand.self, FsckCommand.self])
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Local accounts.",
        subcommands: [Add.self, List.self, Passwd.self, Delete.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @Argument var name: String
        @Option var password: String
        @Option var displayName: String?
        @Option var email: String?
        @Flag(help: "Make the account an administrator.") var admin = false
        @Option(help: "Quota, e.g. 10GB (default: the configured default).") var quota: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            let quotaBytes = try quota.flatMap { try ByteSize.parse($0) }
            try await AdminRuntime.reporting {
                try await users.add(name: name, password: password, displayName: displayName, email: email,
                                    isAdmin: admin, quota: quotaBytes)
                Console.line("created user \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            try await AdminRuntime.reporting {
                let all = try await users.list()
                if json {
                    let rows = all.map { ["name": $0.name, "displayName": $0.displayName, "email": $0.email ?? "",
                                          "admin": $0.isAdmin ? "true" : "false", "quota": $0.quota.map(String.init) ?? "default"] }
                    let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
                    Console.line(String(decoding: data, as: UTF8.self))
                } else {
                    for user in all {
                        Console.line("\(user.name)\t\(user.displayName)\t\(user.email ?? "-")\(user.isAdmin ? "\tadmin" : "")")
                    }
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password.")
        @Argument var name: String
        @Option var password: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            try await AdminRuntime.reporting {
                try await users.setPassword(name: name, password: password)
                Console.line("password of \(name) changed")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account (its files stay until fsck --repair).")
        @Argument var name: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            try await AdminRuntime.reporting {
                try await users.delete(name: name)
                Console.line("deleted user \(name)")
            }
        }
    }
}

struct AppPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app-password", abstract: "App passwords issued to clients.",
        subcommands: [List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List app passwords (the tokens themselves are never stored).")
        @Option(help: "Only this user's.") var user: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            try await AdminRuntime.reporting {
                for record in try await users.appPasswords(user: user) {
                    Console.line("\(record.id)\t\(record.user)\t\(record.name)\tcreated \(record.createdAt)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an app password by its id.")
        @Argument var id: Int64
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try AdminRuntime.users(storage)
            try await AdminRuntime.reporting {
                try await users.revokeAppPassword(id: id)
                Console.line("revoked app password \(id)")
            }
        }
    }
}

struct FsckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Check (and with --repair fix) replicas and the namespace. Exit 0 only when clean.")
    @Flag(help: "Restore missing/corrupt replicas, remove orphans, fix folder sizes.") var repair = false
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let runtime = try HepboxRuntime(configuration: try storage.configuration())
        let report = try await StorageCheck(metadata: runtime.metadata, blobs: runtime.blobs).run(repair: repair)
        for line in report.namespaceProblems { Console.line("namespace: \(line)") }
        for problem in report.blobs.problems { Console.line("storage: \(problem)") }
        for line in report.namespaceRepairs { Console.line("repaired: \(line)") }
        for problem in report.blobs.repaired { Console.line("repaired: \(problem)") }
        let total = report.namespaceProblems.count + report.blobs.problems.count
        Console.line(total == 0 ? "fsck: clean" : "fsck: \(total) problem(s)\(repair ? ", repair attempted" : "")")
        if total > 0 { throw ExitCode(1) }
    }
}

enum AdminRuntime {
    static func users(_ storage: StorageOptions) throws -> UserDirectory {
        let configuration = try storage.configuration()
        return UserDirectory(metadata: try HepboxStorageFactory.metadata(configuration))
    }

    static func groups(_ storage: StorageOptions) throws -> GroupDirectory {
        let configuration = try storage.configuration()
        return GroupDirectory(metadata: try HepboxStorageFactory.metadata(configuration), shareFolder: configuration.shareFolder)
    }

    /// Prints a domain error as a sentence and exits 1 instead of a stack of Swift noise.
    static func reporting(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as HepboxError {
            Console.error("hepbox: \(error.message)")
            throw ExitCode(1)
        }
    }
}
