import AnalysisCLI
import ArgumentParser

@main
struct HepboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hepbox",
        abstract: "A data platform for science: sync-and-share (WebDAV, ownCloud/Nextcloud clients) and analysis.",
        subcommands: [ServeCommand.self, AdminCommand.self, AnalyzeCommand.self])
}
