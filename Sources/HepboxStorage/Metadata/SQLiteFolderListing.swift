import HepboxCore

/// Every child of one folder (with its file's blob record), read in one statement and kept in the read cache, so
/// that looking up the folder's children one by one (a sync client downloading a folder, a benchmark's GETs) stops
/// costing a query each.
///
/// Whether to read a folder whole is a rent-or-buy choice: the folder's size is unknown until it is read, and a
/// cache that every commit retires may not keep it long. So a folder is read whole only after 8, 16, 32…
/// lookups in it missed the cache at one change stamp, and only up to 16 rows per miss so far: a folder too large
/// for that attempt costs about as much as the misses that led to it, which bounds the wasted work to a constant
/// factor of what the lookups cost anyway.
struct SQLiteFolderListing: Sendable {
    struct Child: Sendable {
        let node: Node
        let blob: BlobRecord?
    }

    let children: [String: Child]

    /// Rows read per miss so far, at most.
    static let rowsPerMiss = 16
    static let firstAttempt = 8

    /// The row limit of an attempt to read the folder whole after `misses` lookups in it missed, or nil for no
    /// attempt now; `largest` is the most a listing may hold.
    static func attemptLimit(afterMisses misses: Int, largest: Int) -> Int? {
        guard misses >= firstAttempt, misses & (misses - 1) == 0 else { return nil }
        let limit = misses * rowsPerMiss
        // One attempt at the largest size, then none: a folder that does not fit is looked up name by name.
        guard limit / 2 < largest else { return nil }
        return min(limit, largest)
    }
}

extension SQLiteMetadataTransaction {
    /// The child named `name` of `parent` from a cached listing of the folder, or from one read now when enough
    /// lookups in the folder missed; nil when neither applies (the caller then looks the name up alone).
    func childFromListing(of parent: NodeID, named name: String, cachedRead: SQLiteCachedRead) throws -> Node?? {
        let listing: SQLiteFolderListing
        if let cached = try cachedRead.lookup(.folder(parent))?.listing {
            listing = cached
        } else if let limit = cachedRead.listingAttempt(afterMissIn: parent),
                  let read = try readListing(of: parent, limit: limit) {
            try cachedRead.remember(.listing(read), for: .folder(parent))
            listing = read
        } else {
            return nil
        }
        guard let child = listing.children[name] else { return .some(nil) }
        // A GET of the file asks for its blob record next.
        if let blob = child.blob { try cachedRead.remember(.blob(blob), for: .blob(blob.id)) }
        return child.node
    }

    private static let childrenWithBlobs = "\(SQLiteRows.nodesWithBlobs) WHERE n.parent_id = ? LIMIT ?"

    /// The folder's children and their blob records, or nil when it has more than `limit`.
    private func readListing(of parent: NodeID, limit: Int) throws -> SQLiteFolderListing? {
        let rows = try db.allRows(Self.childrenWithBlobs, [parent, limit + 1]) { row in
            let (node, blob) = try SQLiteRows.nodeWithBlob(row)
            return SQLiteFolderListing.Child(node: node, blob: blob)
        }
        guard rows.count <= limit else { return nil }
        var children: [String: SQLiteFolderListing.Child] = [:]
        children.reserveCapacity(rows.count)
        for child in rows { children[child.node.name] = child }
        return SQLiteFolderListing(children: children)
    }
}
