/// Decodes the TTree metadata (TTree, TBranch, TBranchElement, TLeaf*, embedded TBaskets) from a
/// TTree key payload, following the member layouts of each class version that ROOT writes.
struct TreeParser {
    /// The TTree members this reader uses.
    struct TreeHeader {
        let name: String
        let title: String
        let entries: Int64
        let branches: [BranchRecord]
    }

    static func parseTree(_ cursor: inout RootCursor, className: String) throws -> TreeHeader {
        // TNtuple and TNtupleD are a TTree base followed by fNvar.
        let derived: ObjectHeader? = className == "TTree" ? nil : try cursor.versionHeader(className)
        let tree = try parseTTree(&cursor)
        if let derived { try cursor.finish(derived, className) }
        return tree
    }

    static func parseTTree(_ cursor: inout RootCursor) throws -> TreeHeader {
        let header = try cursor.versionHeader("TTree")
        let (name, title) = try cursor.named()
        try cursor.skipVersioned("TAttLine")
        try cursor.skipVersioned("TAttFill")
        try cursor.skipVersioned("TAttMarker")
        let entries: Int64
        switch header.version {
        case 5:
            entries = Int64(try cursor.f64())
            try cursor.skip(3 * 8 + 7 * 4)
        case 16:
            entries = try cursor.i64()
            try cursor.skip(84)
        case 17:
            entries = try cursor.i64()
            try cursor.skip(88)
        case 18:
            entries = try cursor.i64()
            try cursor.skip(104)
        case 19, 20:
            entries = try cursor.i64()
            try cursor.skip(56)
            let clusterRanges = Int(try cursor.u32())
            try cursor.skip(48)
            try cursor.skip(1 + 8 * clusterRanges)  // fClusterRangeEnd (with its 1-byte array marker)
            try cursor.skip(1 + 8 * clusterRanges)  // fClusterSize
            if header.version == 20 { try cursor.skipVersioned("ROOT::TIOFeatures") }
        default:
            throw RootError.unsupported("\(cursor.context): TTree class version \(header.version)")
        }
        let branches = try parseBranchArray(&cursor, owner: name)
        try cursor.finish(header, "TTree")
        return TreeHeader(name: name, title: title, entries: entries, branches: branches)
    }

    static func parseBranchArray(_ cursor: inout RootCursor, owner: String) throws -> [BranchRecord] {
        let (header, count) = try cursor.collectionHeader("fBranches of \(owner)", isList: false)
        var branches: [BranchRecord] = []
        branches.reserveCapacity(count)
        for _ in 0..<count {
            let slot = try cursor.pointer("branch of \(owner)") { c, className, _ in
                try parseBranch(&c, className: className)
            }
            switch slot {
            case .object(_, let branch): branches.append(branch)
            case .null: continue
            case .reference: throw cursor.failure("fBranches of \(owner) refers to an earlier object")
            }
        }
        try cursor.finish(header, "fBranches")
        return branches
    }

    static func parseBranch(_ cursor: inout RootCursor, className: String) throws -> BranchRecord {
        switch className {
        case "TBranch":
            return try parseBranchCore(&cursor, className: className)
        case "TBranchElement":
            let header = try cursor.versionHeader("TBranchElement")
            var element = ElementMembers()
            let core = try parseTBranch(&cursor)
            element.className = try cursor.string()
            switch header.version {
            case 1:
                _ = try cursor.i32()  // fClassVersion
            case 8...10:
                _ = try cursor.string()  // fParentName
                _ = try cursor.string()  // fClonesName
                _ = try cursor.u32()     // fCheckSum
                if header.version >= 10 { _ = try cursor.i16() } else { _ = try cursor.i32() }
            default:
                throw RootError.unsupported("\(cursor.context): TBranchElement class version \(header.version)")
            }
            element.id = Int(try cursor.i32())
            element.type = Int(try cursor.i32())
            element.streamerType = Int(try cursor.i32())
            try cursor.finish(header, "TBranchElement")
            return BranchRecord(className: className, name: core.name, title: core.title,
                                entryOffsetLength: core.entryOffsetLength, entries: core.entries,
                                baskets: core.baskets, leaves: core.leaves, branches: core.branches,
                                elementClassName: element.className, elementType: element.type,
                                streamerType: element.streamerType, parseProblem: core.problem)
        default:
            // TBranchObject, TBranchSTL, TBranchRef...: keep the name so errors can name the branch.
            let start = cursor.position
            var name = "?"
            if let header = try? cursor.versionHeader(className), header.end != nil,
               (try? cursor.versionHeader("TBranch")) != nil, let named = try? cursor.named() {
                name = named.name
            }
            cursor.position = start
            return BranchRecord(className: className, name: name, title: "", entryOffsetLength: 0, entries: 0,
                                baskets: [], leaves: [], branches: [], elementClassName: nil, elementType: nil,
                                streamerType: nil,
                                parseProblem: "branch \(name) has class \(className), which this reader does not decode")
        }
    }

    struct ElementMembers {
        var className = ""
        var id = 0
        var type = 0
        var streamerType = 0
    }

    struct Core {
        let name: String
        let title: String
        let entryOffsetLength: Int
        let entries: Int64
        let baskets: [BasketLocation]
        let leaves: [LeafRecord]
        let branches: [BranchRecord]
        let problem: String?
    }

    static func parseBranchCore(_ cursor: inout RootCursor, className: String) throws -> BranchRecord {
        let core = try parseTBranch(&cursor)
        return BranchRecord(className: className, name: core.name, title: core.title,
                            entryOffsetLength: core.entryOffsetLength, entries: core.entries, baskets: core.baskets,
                            leaves: core.leaves, branches: core.branches, elementClassName: nil, elementType: nil,
                            streamerType: nil, parseProblem: core.problem)
    }

    /// TBranch v8 (ROOT 4), v10–v13.
    static func parseTBranch(_ cursor: inout RootCursor) throws -> Core {
        let header = try cursor.versionHeader("TBranch")
        let (name, title) = try cursor.named()
        try cursor.skipVersioned("TAttFill")
        let version = header.version
        let entryOffsetLength: Int
        let writeBasket: Int
        let maxBaskets: Int
        let entries: Int64
        switch version {
        case 8:
            _ = try cursor.i32(); _ = try cursor.i32()           // fCompress, fBasketSize
            entryOffsetLength = Int(try cursor.i32())
            writeBasket = Int(try cursor.i32())
            try cursor.skip(8)                                   // fEntryNumber, fOffset
            maxBaskets = Int(try cursor.i32())
            try cursor.skip(4)                                   // fSplitLevel
            entries = Int64(try cursor.f64())
            try cursor.skip(16)                                  // fTotBytes, fZipBytes
        case 10, 11, 12, 13:
            _ = try cursor.i32(); _ = try cursor.i32()
            entryOffsetLength = Int(try cursor.i32())
            writeBasket = Int(try cursor.i32())
            try cursor.skip(8)                                   // fEntryNumber
            if version == 13 { try cursor.skipVersioned("ROOT::TIOFeatures") }
            try cursor.skip(4)                                   // fOffset
            maxBaskets = Int(try cursor.u32())
            try cursor.skip(4)                                   // fSplitLevel
            entries = try cursor.i64()
            try cursor.skip(version >= 11 ? 24 : 16)             // (fFirstEntry,) fTotBytes, fZipBytes
        default:
            throw RootError.unsupported("\(cursor.context): TBranch class version \(version) (branch \(name))")
        }
        let branches = try parseBranchArray(&cursor, owner: name)
        let leaves = try parseLeafArray(&cursor, owner: name)
        let embedded = try parseEmbeddedBaskets(&cursor, owner: name)
        guard maxBaskets >= 0, maxBaskets * 4 <= cursor.remaining else { throw cursor.failure("branch \(name): fMaxBaskets \(maxBaskets)") }
        try cursor.skip(1)
        let basketBytes = try cursor.i32Array(maxBaskets)
        try cursor.skip(1)
        let basketEntry: [Int64] = version == 8 ? try cursor.i32Array(maxBaskets).map(Int64.init) : try cursor.i64Array(maxBaskets)
        let seekMarker = try cursor.u8()
        let basketSeek: [Int64]
        if version == 8 && seekMarker != 2 {
            basketSeek = try cursor.i32Array(maxBaskets).map(Int64.init)
        } else {
            basketSeek = try cursor.i64Array(maxBaskets)
        }
        try cursor.finish(header, "TBranch \(name)")

        // Baskets with their own keys come first (non-zero seek, before fWriteBasket); the embedded
        // ones continue the entry numbering after them.
        var baskets: [BasketLocation] = []
        var next: Int64 = 0
        for i in 0..<maxBaskets {
            guard basketSeek[i] != 0, i < writeBasket else { break }
            let first = basketEntry[i]
            let end: Int64 = i + 1 < maxBaskets ? basketEntry[i + 1] : entries
            guard end >= first else { throw cursor.failure("branch \(name): basket \(i) entries \(first)..<\(end)") }
            baskets.append(BasketLocation(firstEntry: first, entryCount: end - first,
                                          storage: .disk(seek: basketSeek[i], bytes: Int(basketBytes[i]))))
            next = end
        }
        if next < entries {
            for basket in embedded {
                baskets.append(BasketLocation(firstEntry: next, entryCount: Int64(basket.entryCount), storage: .embedded(basket)))
                next += Int64(basket.entryCount)
            }
        }
        // Branches that only group sub-branches hold no baskets; for the others a mismatch is only
        // reported when the branch is read, so one odd branch does not hide the rest of the tree.
        let problem: String? = next == entries || baskets.isEmpty && !branches.isEmpty ? nil
            : "\(cursor.context): branch \(name) has baskets for \(next) entries but fEntries = \(entries)"
        return Core(name: name, title: title, entryOffsetLength: entryOffsetLength, entries: entries,
                    baskets: baskets, leaves: leaves, branches: branches, problem: problem)
    }

    static func parseLeafArray(_ cursor: inout RootCursor, owner: String) throws -> [LeafRecord] {
        let (header, count) = try cursor.collectionHeader("fLeaves of \(owner)", isList: false)
        var leaves: [LeafRecord] = []
        for _ in 0..<count {
            switch try readLeafPointer(&cursor, owner: owner) {
            case .some(let leaf): leaves.append(leaf)
            case .none: continue
            }
        }
        try cursor.finish(header, "fLeaves")
        return leaves
    }

    static func readLeafPointer(_ cursor: inout RootCursor, owner: String) throws -> LeafRecord? {
        let slot = try cursor.pointer("leaf of \(owner)") { c, className, key in
            let leaf = try parseLeaf(&c, className: className)
            c.leafReferences[key] = leaf
            return leaf
        }
        switch slot {
        case .null: return nil
        case .object(_, let leaf): return leaf
        case .reference(let key):
            guard let leaf = cursor.leafReferences[key] else { throw cursor.failure("leaf of \(owner) refers to unknown object \(key)") }
            return leaf
        }
    }

    static func parseLeaf(_ cursor: inout RootCursor, className: String) throws -> LeafRecord {
        let header = try cursor.versionHeader(className)
        let base = try cursor.versionHeader("TLeaf")
        let (name, title) = try cursor.named()
        let length = Int(try cursor.i32())
        let lengthType = Int(try cursor.i32())
        _ = try cursor.i32()  // fOffset
        _ = try cursor.u8()   // fIsRange
        let isUnsigned = try cursor.u8() != 0
        var leafCount: LeafRecord? = nil
        var unresolved = false
        let slot = try cursor.pointer("fLeafCount of \(name)") { c, countClass, key in
            let leaf = try parseLeaf(&c, className: countClass)
            c.leafReferences[key] = leaf
            return leaf
        }
        switch slot {
        case .null: break
        case .object(_, let leaf): leafCount = leaf
        case .reference(let key):
            leafCount = cursor.leafReferences[key]
            unresolved = leafCount == nil
        }
        try cursor.finish(base, "TLeaf \(name)")
        var elementType: Int? = nil
        if className == "TLeafElement" {
            _ = try cursor.i32()  // fID
            elementType = Int(try cursor.i32())
        }
        try cursor.finish(header, "\(className) \(name)")
        return LeafRecord(className: className, name: name, title: title, length: length, lengthType: lengthType,
                          isUnsigned: isUnsigned, leafCount: leafCount, hasUnresolvedCount: unresolved,
                          elementType: elementType)
    }

    /// fBaskets: null slots for baskets with their own keys, TBasket objects for embedded ones.
    static func parseEmbeddedBaskets(_ cursor: inout RootCursor, owner: String) throws -> [EmbeddedBasket] {
        let (header, count) = try cursor.collectionHeader("fBaskets of \(owner)", isList: false)
        var baskets: [EmbeddedBasket] = []
        for _ in 0..<count {
            let slot = try cursor.pointer("basket of \(owner)") { c, className, _ -> EmbeddedBasket in
                guard className == "TBasket" else { throw RootError.unsupported("\(c.context): \(className) in fBaskets of \(owner)") }
                return try parseEmbeddedBasket(&c, owner: owner)
            }
            if case .object(_, let basket) = slot { baskets.append(basket) }
        }
        try cursor.finish(header, "fBaskets")
        return baskets
    }

    /// An embedded TBasket: its key header, the basket header, optional entry offsets, then a copy
    /// of the key header followed by the data (fLast bytes in all).
    static func parseEmbeddedBasket(_ cursor: inout RootCursor, owner: String) throws -> EmbeddedBasket {
        let start = cursor.position
        try cursor.skip(4 + 2 + 4 + 4)
        let keyLength = Int(try cursor.i16())
        try cursor.seek(to: start + keyLength - 19)
        _ = try cursor.u16()
        _ = try cursor.i32()  // fBufferSize
        _ = try cursor.i32()  // fNevBufSize
        let entryCount = Int(try cursor.i32())
        let last = Int(try cursor.i32())
        let flag = Int(try cursor.u8())
        let border = last - keyLength
        guard entryCount >= 0, border >= 0 else { throw cursor.failure("embedded basket of \(owner): fNevBuf \(entryCount), fLast \(last)") }
        var offsets: [Int32]? = nil
        if flag != 0 && flag % 10 != 2 && flag < 80 && entryCount > 0 {
            let n = try cursor.count(itemSize: 4, what: "entry offsets")
            let raw = try cursor.i32Array(n)
            guard n >= entryCount else { throw cursor.failure("embedded basket of \(owner): \(n) offsets for \(entryCount) entries") }
            var table = raw.prefix(entryCount).map { $0 - Int32(keyLength) }
            table.append(Int32(border))
            offsets = table
            if flag > 40 { let d = try cursor.count(itemSize: 4, what: "displacements"); try cursor.skip(4 * d) }
        }
        guard flag == 1 || flag > 10 else {
            throw RootError.unsupported("\(cursor.context): embedded basket of \(owner) without a buffer (flag \(flag))")
        }
        try cursor.skip(keyLength)
        try cursor.need(border)
        let data = Array(cursor.bytes[cursor.position..<cursor.position + border])
        cursor.position += border
        return EmbeddedBasket(entryCount: entryCount, data: data, offsets: offsets)
    }
}
