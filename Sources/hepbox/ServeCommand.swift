import ArgumentParser
import HepboxServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server (embedded defaults: SQLite and blobs under ./hepbox-data, 127.0.0.1:8080).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to listen on. Default 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one). Default 8080.")
    var port: Int?

    func run() async throws {
        let configuration = try storage.configuration(host: host, port: port)
        try await HepboxServer.run(configuration: configuration)
    }
}
