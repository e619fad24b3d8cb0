import ArgumentParser
import HepboxServer

/// Options every command that opens the data directory takes.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data directory (metadata database, default storage node). Default ./hepbox-data.")
    var dataDir: String?

    @Option(help: "A YAML configuration file (see the README for its keys).")
    var config: String?

    @Option(name: .customLong("storage-node"), help: "A storage node directory; repeat for several.")
    var storageNodes: [String] = []

    @Option(help: "Replicas per blob (1 … number of storage nodes).")
    var replicas: Int?

    func configuration(host: String? = nil, port: Int? = nil) throws -> HepboxConfiguration {
        try ConfigurationLoader.load(file: config, overrides: .init(dataDir: dataDir, host: host, port: port,
                                                                     storageNodes: storageNodes, replicas: replicas))
    }
}
