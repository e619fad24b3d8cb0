/// A TLeaf as stored in the TTree metadata (TLeafF, TLeafElement, ...).
final class LeafRecord: Sendable {
    let className: String
    let name: String
    let title: String
    /// Number of values per entry for fixed arrays (fLen), 1 for scalars.
    let length: Int
    /// Size in bytes of one value (fLenType).
    let lengthType: Int
    let isUnsigned: Bool
    /// The counter leaf of a jagged `x[n]` leaf.
    let leafCount: LeafRecord?
    /// fLeafCount pointed at an object this reader could not resolve.
    let hasUnresolvedCount: Bool
    /// TLeafElement's fType (a TStreamerInfo type code).
    let elementType: Int?

    init(className: String, name: String, title: String, length: Int, lengthType: Int, isUnsigned: Bool,
         leafCount: LeafRecord?, hasUnresolvedCount: Bool, elementType: Int?) {
        self.className = className
        self.name = name
        self.title = title
        self.length = length
        self.lengthType = lengthType
        self.isUnsigned = isUnsigned
        self.leafCount = leafCount
        self.hasUnresolvedCount = hasUnresolvedCount
        self.elementType = elementType
    }
}

/// A basket stored inside the TTree key (fBaskets): already uncompressed.
struct EmbeddedBasket: Sendable {
    let entryCount: Int
    let data: [UInt8]
    /// Entry start offsets into `data` with the end appended, when the basket has an offset table.
    let offsets: [Int32]?
}

/// Where the bytes of one basket live and which entries it holds.
struct BasketLocation: Sendable {
    enum Storage: Sendable {
        case disk(seek: Int64, bytes: Int)
        case embedded(EmbeddedBasket)
    }
    let firstEntry: Int64
    let entryCount: Int64
    let storage: Storage
    var endEntry: Int64 { firstEntry + entryCount }
}

/// A TBranch or TBranchElement with the members a reader needs.
final class BranchRecord: Sendable {
    let className: String
    let name: String
    let title: String
    let entryOffsetLength: Int
    let entries: Int64
    let baskets: [BasketLocation]
    let leaves: [LeafRecord]
    let branches: [BranchRecord]
    /// TBranchElement members (nil for plain TBranch).
    let elementClassName: String?
    let elementType: Int?
    let streamerType: Int?
    /// Unreadable for a reason found while parsing (unknown branch class); the message names it.
    let parseProblem: String?

    init(className: String, name: String, title: String, entryOffsetLength: Int, entries: Int64,
         baskets: [BasketLocation], leaves: [LeafRecord], branches: [BranchRecord],
         elementClassName: String?, elementType: Int?, streamerType: Int?, parseProblem: String?) {
        self.className = className
        self.name = name
        self.title = title
        self.entryOffsetLength = entryOffsetLength
        self.entries = entries
        self.baskets = baskets
        self.leaves = leaves
        self.branches = branches
        self.elementClassName = elementClassName
        self.elementType = elementType
        self.streamerType = streamerType
        self.parseProblem = parseProblem
    }

    var compressedBytes: Int64 {
        baskets.reduce(0) { total, basket in
            switch basket.storage {
            case .disk(_, let bytes): return total + Int64(bytes)
            case .embedded(let e): return total + Int64(e.data.count)
            }
        }
    }
}
