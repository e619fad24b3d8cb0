/// What a branch holds, without reading its values.
public struct BranchInfo: Sendable, Hashable {
    public var name: String
    /// Element type of the values returned by `read` ("float32", "int32", "bool", ...).
    public var typeName: String
    /// ROOT's view of the type ("Float_t[nJet]", "vector<int>", "Double32_t[-2.71,10,32]").
    public var rootType: String
    public var isJagged: Bool
    public var fixedShape: [Int]
    /// The branch giving the per-entry counts of a jagged `x[n]` branch.
    public var counterBranch: String?
    public var entryCount: Int64
    public var basketCount: Int
    /// Bytes the baskets occupy in the file (embedded baskets count their stored size).
    public var compressedBytes: Int64
    public var title: String
}

/// A TTree: entry count, branch names and typed reads of any entry range. Branch types are worked
/// out on first use, so opening a tree with hundreds of branches only parses its metadata.
public final class RootTree: Sendable {
    public let name: String
    public let title: String
    public let entryCount: Int64
    /// Path of the tree inside the file.
    public let path: String
    let file: RootFile
    /// Leaf-level branches in tree order: full name → (branch, leaf index for leaf lists).
    let leafBranches: [(name: String, branch: BranchRecord, leafIndex: Int?)]
    private let byName: [String: Int]
    private let byShortName: [String: [Int]]
    /// Leaf identity → full name of the branch holding it (to find the counters of jagged leaves).
    private let leafOwners: [ObjectIdentifier: String]
    private let layouts = Locked<[String: Result<BranchLayout, RootError>]>([:])
    private let readableNames = Locked<[String]?>(nil)

    init(file: RootFile, path: String, header: TreeParser.TreeHeader) {
        self.file = file
        self.path = path
        self.name = header.name
        self.title = header.title
        self.entryCount = header.entries
        var leaves: [(name: String, branch: BranchRecord, leafIndex: Int?)] = []
        var owners: [ObjectIdentifier: String] = [:]
        func walk(_ branch: BranchRecord, prefix: String) {
            let full = prefix.isEmpty ? branch.name : prefix + "/" + branch.name
            if branch.branches.isEmpty {
                if branch.leaves.count > 1 {
                    for (i, leaf) in branch.leaves.enumerated() {
                        let leafName = full + "." + leaf.name
                        leaves.append((leafName, branch, i))
                        owners[ObjectIdentifier(leaf)] = leafName
                    }
                } else {
                    leaves.append((full, branch, nil))
                    if let leaf = branch.leaves.first { owners[ObjectIdentifier(leaf)] = full }
                }
            } else {
                for child in branch.branches { walk(child, prefix: full) }
            }
        }
        for branch in header.branches { walk(branch, prefix: "") }
        var byName: [String: Int] = [:]
        var byShortName: [String: [Int]] = [:]
        for (i, entry) in leaves.enumerated() {
            byName[entry.name] = i
            let short = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
            byShortName[short, default: []].append(i)
        }
        self.leafBranches = leaves
        self.byName = byName
        self.byShortName = byShortName
        self.leafOwners = owners
    }

    /// Every leaf-level branch whose values this reader can return as numbers, full names
    /// ("parent/child" for sub-branches, "branch.leaf" for the leaves of a leaf list).
    public var branchNames: [String] {
        if let cached = readableNames.withLock({ $0 }) { return cached }
        let names = leafBranches.compactMap { entry in (try? layout(entry.name)) != nil ? entry.name : nil }
        readableNames.withLock { $0 = names }
        return names
    }

    /// Every leaf-level branch, readable or not.
    public var allBranchNames: [String] { leafBranches.map(\.name) }

    /// Why a branch cannot be read (nil when it can).
    public func unreadableReason(_ branch: String) -> String? {
        do { _ = try layout(branch); return nil } catch { return "\(error)" }
    }

    public func branchInfo(_ branch: String) throws -> BranchInfo {
        let layout = try layout(branch)
        return BranchInfo(name: layout.fullName, typeName: layout.encoding.output.rawValue, rootType: layout.rootType,
                          isJagged: layout.jagged != nil, fixedShape: layout.fixedShape,
                          counterBranch: layout.jagged?.counterBranch, entryCount: layout.branch.entries,
                          basketCount: layout.branch.baskets.count, compressedBytes: layout.branch.compressedBytes,
                          title: layout.leaf.title)
    }

    /// Values of `branch` for `entries` (all entries when nil). Only the baskets overlapping the range are read.
    /// - Parameter hints: offsets arrays to return instead of an equal copy (the branches of one
    ///   collection share their offsets); offsets newly built by this read are added to it.
    public func read(_ branch: String, entries: Range<Int64>? = nil, hints: OffsetsHints? = nil) throws -> BranchArray {
        let layout = try layout(branch)
        let range = entries ?? 0..<entryCount
        guard range.lowerBound >= 0, range.upperBound <= entryCount else {
            throw RootError.notFound("entries \(range.lowerBound)..<\(range.upperBound) of \(layout.fullName): the tree has \(entryCount)")
        }
        if layout.branch.entries < range.upperBound {
            throw RootError.format("branch \(layout.fullName) has \(layout.branch.entries) entries, the tree \(entryCount)")
        }
        let reader = BranchReader(tree: self, layout: layout)
        if let streamed = try reader.readStreaming(range, hints: hints) { return streamed }
        return try reader.read(range)
    }

    // MARK: - lookup

    func resolve(_ branch: String) throws -> Int {
        if let index = byName[branch] { return index }
        if let matches = byShortName[branch] {
            if matches.count == 1 { return matches[0] }
            throw RootError.notFound("branch name \(branch) is ambiguous in \(name): \(matches.map { leafBranches[$0].name }.joined(separator: ", "))")
        }
        throw RootError.notFound("no branch \(branch) in tree \(name)")
    }

    func layout(_ branch: String) throws -> BranchLayout {
        let index = try resolve(branch)
        let entry = leafBranches[index]
        if let cached = layouts.withLock({ $0[entry.name] }) { return try cached.get() }
        let result: Result<BranchLayout, RootError>
        do {
            result = .success(try LayoutResolver(tree: self).layout(fullName: entry.name, branch: entry.branch, leafIndex: entry.leafIndex))
        } catch let error as RootError {
            result = .failure(error)
        } catch {
            result = .failure(.format("\(entry.name): \(error)"))
        }
        layouts.withLock { $0[entry.name] = result }
        return try result.get()
    }

    func branchName(owning leaf: LeafRecord) -> String? { leafOwners[ObjectIdentifier(leaf)] }
}
