import Foundation
import RootIO

/// A ROOT TTree as a column source: each branch is read whole (all baskets) on first use.
public struct RootTreeSource: ColumnSource {
    public let tree: RootTree
    public let entryCount: Int
    public let columnNames: [String]

    public init(tree: RootTree) {
        self.tree = tree
        self.entryCount = Int(tree.entryCount)
        self.columnNames = tree.branchNames
    }

    public func readColumn(_ name: String) throws -> ColumnBuffer {
        try readColumn(name, offsetsHints: OffsetsHints())
    }

    public func readColumn(_ name: String, offsetsHints: OffsetsHints) throws -> ColumnBuffer {
        let array = try tree.read(name, hints: offsetsHints)
        let data = ColumnData(array.values)
        if let offsets = array.offsets { return try ColumnBuffer(data, offsets: offsets) }
        let width = array.fixedShape.reduce(1, *)
        if !array.fixedShape.isEmpty, width > 0 { return try ColumnBuffer(data, fixedWidth: width) }
        return try ColumnBuffer(data)
    }
}

extension ColumnData {
    /// Same values, no copy (arrays are shared copy-on-write).
    public init(_ values: NumericArray) {
        switch values {
        case .bool(let a): self = .bool(a)
        case .int8(let a): self = .int8(a)
        case .uint8(let a): self = .uint8(a)
        case .int16(let a): self = .int16(a)
        case .uint16(let a): self = .uint16(a)
        case .int32(let a): self = .int32(a)
        case .uint32(let a): self = .uint32(a)
        case .int64(let a): self = .int64(a)
        case .uint64(let a): self = .uint64(a)
        case .float32(let a): self = .float32(a)
        case .float64(let a): self = .float64(a)
        }
    }
}

extension Dataset {
    /// A dataset over tree `treePath` of a local ROOT file.
    public convenience init(path: String, tree treePath: String, byteBudget: Int = 4 << 30,
                            readConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let file = try RootFile(path: path)
        self.init(source: RootTreeSource(tree: try file.tree(treePath)), byteBudget: byteBudget, readConcurrency: readConcurrency)
    }
}
