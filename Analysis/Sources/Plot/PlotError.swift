/// What went wrong building or rendering a plot, naming the input at fault.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case invalidInput(String)
    case logAxisWithoutPositiveValues(axis: String)
    case rasterizer(String)
    case io(String)

    public var description: String {
        switch self {
        case .invalidInput(let message): return "plot input: \(message)"
        case .logAxisWithoutPositiveValues(let axis):
            return "log \(axis) axis: no positive values to show (a log axis cannot show zero or negative values)"
        case .rasterizer(let message): return "PNG rendering: \(message)"
        case .io(let message): return message
        }
    }
}
