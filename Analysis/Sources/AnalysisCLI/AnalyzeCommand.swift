import ArgumentParser

/// `hepbox analyze …`: the analysis engine on the command line.
public struct AnalyzeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Read ROOT files, fill histograms, fit and plot.",
        subcommands: [
            InspectCommand.self, DumpCommand.self, HistCommand.self, QueryCommand.self,
            FitCommand.self, PlotCommand.self,
        ])
    public init() {}
}
