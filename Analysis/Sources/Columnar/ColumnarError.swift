import Foundation

public enum ColumnarError: Error, Equatable, CustomStringConvertible {
    /// A parse error with the 0-based character position and the offending token.
    case parse(message: String, position: Int, token: String)
    case unknownName(String, position: Int)
    case type(String)
    case invalidColumn(String)
    case source(String)
    case script(line: Int, message: String)

    public var description: String {
        switch self {
        case .parse(let message, let position, let token):
            return "parse error at position \(position) near '\(token)': \(message)"
        case .unknownName(let name, let position):
            return "unknown name '\(name)' at position \(position): not a definition, branch or collection"
        case .type(let s): return "type error: \(s)"
        case .invalidColumn(let s): return "invalid column: \(s)"
        case .source(let s): return "data source: \(s)"
        case .script(let line, let message): return "query script line \(line): \(message)"
        }
    }
}
