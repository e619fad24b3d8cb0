import Foundation

/// How to turn the baskets of one leaf-level branch into values: the value encoding, the shape of
/// an entry and, for jagged branches, where the per-entry counts come from.
struct BranchLayout: Sendable {
    struct Jagged: Sendable {
        /// Full name of the counter branch (`n` in `x[n]`), nil when counts come from the data.
        let counterBranch: String?
        /// Bytes before each entry's values: 0 for `x[n]`, 1 for split pointer arrays, 10 for split std::vector.
        let headerBytes: Int
        /// std::vector entries carry their own length in bytes 6..<10 of the header.
        let countInHeader: Bool
    }

    let fullName: String
    let branch: BranchRecord
    let leaf: LeafRecord
    let encoding: ValueEncoding
    let fixedShape: [Int]
    let jagged: Jagged?
    /// Leaf lists: bytes per entry of the whole record and this leaf's byte offset inside it.
    let recordSize: Int?
    let fieldOffset: Int
    /// A ROOT-style type description ("Float_t", "vector<int>", "Double32_t[-2.71,10,32]").
    let rootType: String

    var valuesPerEntry: Int { fixedShape.reduce(1, *) }
    /// Bytes of one fixed-size entry of this leaf.
    var entryBytes: Int { encoding.diskWidth * valuesPerEntry }
}

/// Decides the layout of a branch from its leaf classes, TLeafElement/TBranchElement type codes and,
/// for members of split classes, the stored streamers. Anything not numeric is refused with its name.
struct LayoutResolver {
    let tree: RootTree

    // TStreamerInfo type codes.
    static let kOffsetL = 20, kOffsetP = 40, kCounter = 6, kBits = 15, kDouble32 = 9, kFloat16 = 19, kSTL = 300

    static func kind(forTypeCode code: Int) -> NumericKind? {
        switch code {
        case 1: return .int8
        case 2: return .int16
        case 3: return .int32
        case 4, 16: return .int64
        case 5: return .float32
        case 6, 13, 15: return .uint32
        case 8: return .float64
        case 11: return .uint8
        case 12: return .uint16
        case 14, 17: return .uint64
        case 18: return .bool
        default: return nil
        }
    }

    /// ROOT's typedef for a value kind ("Float_t", "UShort_t", ...).
    static func rootName(_ kind: NumericKind) -> String {
        switch kind {
        case .bool: return "Bool_t"
        case .int8: return "Char_t"
        case .uint8: return "UChar_t"
        case .int16: return "Short_t"
        case .uint16: return "UShort_t"
        case .int32: return "Int_t"
        case .uint32: return "UInt_t"
        case .int64: return "Long64_t"
        case .uint64: return "ULong64_t"
        case .float32: return "Float_t"
        case .float64: return "Double_t"
        }
    }

    static func kind(forTypeName name: String) -> NumericKind? {
        switch name.trimmingCharacters(in: .whitespaces) {
        case "bool", "Bool_t": return .bool
        case "char", "Char_t", "signed char", "int8_t": return .int8
        case "unsigned char", "UChar_t", "uint8_t": return .uint8
        case "short", "Short_t", "short int", "int16_t": return .int16
        case "unsigned short", "UShort_t", "unsigned short int", "uint16_t": return .uint16
        case "int", "Int_t", "int32_t": return .int32
        case "unsigned int", "UInt_t", "unsigned", "uint32_t": return .uint32
        case "long", "Long_t", "long long", "Long64_t", "int64_t", "long int": return .int64
        case "unsigned long", "ULong_t", "unsigned long long", "ULong64_t", "uint64_t", "unsigned long int": return .uint64
        case "float", "Float_t": return .float32
        case "double", "Double_t": return .float64
        default: return nil
        }
    }

    /// Layout of a plain or element branch with one leaf, or of one leaf of a leaf list.
    func layout(fullName: String, branch: BranchRecord, leafIndex: Int?) throws -> BranchLayout {
        if let problem = branch.parseProblem { throw RootError.unsupported(problem) }
        guard !branch.leaves.isEmpty else {
            throw RootError.unsupported("branch \(fullName) (\(branch.className)) has no leaves")
        }
        if let leafIndex { return try leafListLayout(fullName: fullName, branch: branch, leafIndex: leafIndex) }
        let leaf = branch.leaves[0]
        if leaf.className == "TLeafElement" { return try elementLayout(fullName: fullName, branch: branch, leaf: leaf) }
        let (encoding, rootType) = try plainLeafEncoding(leaf, fullName: fullName)
        return try simpleLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: encoding, rootType: rootType, headerBytes: 0)
    }

    func plainLeafEncoding(_ leaf: LeafRecord, fullName: String) throws -> (ValueEncoding, String) {
        switch leaf.className {
        case "TLeafO": return (.plain(.bool), "Bool_t")
        case "TLeafB": return leaf.isUnsigned ? (.plain(.uint8), "UChar_t") : (.plain(.int8), "Char_t")
        case "TLeafS": return leaf.isUnsigned ? (.plain(.uint16), "UShort_t") : (.plain(.int16), "Short_t")
        case "TLeafI": return leaf.isUnsigned ? (.plain(.uint32), "UInt_t") : (.plain(.int32), "Int_t")
        case "TLeafL", "TLeafG": return leaf.isUnsigned ? (.plain(.uint64), "ULong64_t") : (.plain(.int64), "Long64_t")
        case "TLeafF": return (.plain(.float32), "Float_t")
        case "TLeafD": return (.plain(.float64), "Double_t")
        case "TLeafF16": return (ValueEncoding.packed(title: leaf.title, isFloat16: true), "Float16_t" + rangeSuffix(leaf.title))
        case "TLeafD32": return (ValueEncoding.packed(title: leaf.title, isFloat16: false), "Double32_t" + rangeSuffix(leaf.title))
        case "TLeafC": throw RootError.unsupported("branch \(fullName) holds strings (TLeafC), not numbers")
        default: throw RootError.unsupported("branch \(fullName) has leaf class \(leaf.className)")
        }
    }

    func rangeSuffix(_ title: String) -> String {
        guard let open = title.firstIndex(of: "["), let close = title[open...].firstIndex(of: "]") else { return "" }
        return String(title[open...close])
    }

    func simpleLayout(fullName: String, branch: BranchRecord, leaf: LeafRecord, encoding: ValueEncoding,
                      rootType: String, headerBytes: Int) throws -> BranchLayout {
        if leaf.hasUnresolvedCount {
            throw RootError.unsupported("branch \(fullName): its counter leaf could not be resolved")
        }
        if let counter = leaf.leafCount {
            guard leaf.length <= 1 else {
                throw RootError.unsupported("branch \(fullName): jagged arrays with an inner fixed dimension (\(leaf.title))")
            }
            guard let counterName = tree.branchName(owning: counter) else {
                throw RootError.unsupported("branch \(fullName): counter leaf \(counter.name) belongs to no branch of this tree")
            }
            return BranchLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: encoding, fixedShape: [],
                                jagged: .init(counterBranch: counterName, headerBytes: headerBytes, countInHeader: false),
                                recordSize: nil, fieldOffset: 0, rootType: rootType + "[\(counter.name)]")
        }
        let shape = fixedShape(of: leaf)
        return BranchLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: encoding, fixedShape: shape,
                            jagged: nil, recordSize: nil, fieldOffset: 0,
                            rootType: rootType + shape.map { "[\($0)]" }.joined())
    }

    /// `x[3][4]` in the leaf title gives [3, 4] when the product matches fLen; otherwise [fLen].
    func fixedShape(of leaf: LeafRecord) -> [Int] {
        guard leaf.length > 1 else { return [] }
        var dims: [Int] = []
        var rest = Substring(leaf.title)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            if let d = Int(rest[rest.index(after: open)..<close]) { dims.append(d) }
            rest = rest[rest.index(after: close)...]
        }
        return !dims.isEmpty && dims.reduce(1, *) == leaf.length ? dims : [leaf.length]
    }

    func leafListLayout(fullName: String, branch: BranchRecord, leafIndex: Int) throws -> BranchLayout {
        var offset = 0
        var fieldOffset = 0
        var chosen: (ValueEncoding, String)? = nil
        for (i, leaf) in branch.leaves.enumerated() {
            guard leaf.leafCount == nil, !leaf.hasUnresolvedCount else {
                throw RootError.unsupported("branch \(fullName): leaf list with a variable-length leaf (\(leaf.title))")
            }
            let (encoding, rootType) = try plainLeafEncoding(leaf, fullName: fullName)
            guard case .plain = encoding else {
                throw RootError.unsupported("branch \(fullName): packed \(rootType) inside a leaf list")
            }
            if i == leafIndex { chosen = (encoding, rootType); fieldOffset = offset }
            offset += encoding.diskWidth * max(1, leaf.length)
        }
        guard let (encoding, rootType) = chosen else { throw RootError.notFound("leaf \(leafIndex) of \(fullName)") }
        let leaf = branch.leaves[leafIndex]
        let shape = fixedShape(of: leaf)
        return BranchLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: encoding, fixedShape: shape,
                            jagged: nil, recordSize: offset, fieldOffset: fieldOffset,
                            rootType: rootType + shape.map { "[\($0)]" }.joined() + " in leaf list \(branch.title)")
    }

    /// TBranchElement with a TLeafElement: basic members of split classes, their fixed and pointer
    /// arrays, and std::vector of numbers.
    func elementLayout(fullName: String, branch: BranchRecord, leaf: LeafRecord) throws -> BranchLayout {
        let type = leaf.elementType ?? -1
        var base = type
        var headerBytes = 0
        if type > Self.kOffsetL && type < Self.kOffsetP { base = type - Self.kOffsetL }
        if type > Self.kOffsetP && type < Self.kOffsetP + 20 { base = type - Self.kOffsetP; headerBytes = 1 }
        if base == Self.kDouble32 || base == Self.kFloat16 {
            let title = try memberElement(branch: branch, leaf: leaf)?.title ?? ""
            let encoding = ValueEncoding.packed(title: title, isFloat16: base == Self.kFloat16)
            let name = (base == Self.kFloat16 ? "Float16_t" : "Double32_t") + rangeSuffix(title)
            return try simpleLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: encoding, rootType: name, headerBytes: headerBytes)
        }
        if let kind = Self.kind(forTypeCode: base) {
            return try simpleLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: .plain(kind),
                                    rootType: Self.rootName(kind), headerBytes: headerBytes)
        }
        // std::vector<number>: top-level (fClassName is the vector) or a split member (kSTL, type from the streamer).
        var typeName: String? = nil
        if branch.streamerType == -1, let className = branch.elementClassName, className.hasPrefix("vector<") {
            typeName = className
        } else if branch.streamerType == Self.kSTL || type == Self.kSTL {
            typeName = try memberElement(branch: branch, leaf: leaf)?.typeName
        } else if let className = branch.elementClassName, branch.streamerType == -1 {
            throw RootError.unsupported("branch \(fullName) holds objects of class \(className)")
        }
        guard let typeName else {
            throw RootError.unsupported("branch \(fullName) has element type code \(type) (streamer type \(branch.streamerType ?? 0)), which is not numeric")
        }
        let compact = typeName.replacingOccurrences(of: " ", with: "")
        guard compact.hasPrefix("vector<"), compact.hasSuffix(">"),
              let kind = Self.kind(forTypeName: String(typeName.drop(while: { $0 != "<" }).dropFirst().dropLast())) else {
            throw RootError.unsupported("branch \(fullName) holds \(typeName), which is not a number or a std::vector of numbers")
        }
        return BranchLayout(fullName: fullName, branch: branch, leaf: leaf, encoding: .plain(kind), fixedShape: [],
                            jagged: .init(counterBranch: nil, headerBytes: 10, countInHeader: true),
                            recordSize: nil, fieldOffset: 0, rootType: typeName)
    }

    /// The streamer element describing a split-class member branch.
    func memberElement(branch: BranchRecord, leaf: LeafRecord) throws -> StreamerElement? {
        guard let className = branch.elementClassName, let info = try tree.file.streamer(for: className) else { return nil }
        var member = Substring(branch.name)
        if let dot = member.lastIndex(of: ".") { member = member[member.index(after: dot)...] }
        if let bracket = member.firstIndex(of: "[") { member = member[..<bracket] }
        return info.elements.first { $0.name == member }
    }
}
