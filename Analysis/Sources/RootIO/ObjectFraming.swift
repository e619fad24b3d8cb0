/// ROOT's object framing (TBufferFile): byte counts, versions, TObject headers and object pointers.
enum RootConstants {
    static let byteCountMask: UInt32 = 0x4000_0000
    static let newClassTag: UInt32 = 0xFFFF_FFFF
    static let classMask: UInt32 = 0x8000_0000
    static let mapOffset = 2
    static let streamedMemberwise: UInt16 = 0x4000
    static let isReferenced: UInt32 = 1 << 4
}

/// Where a versioned object starts and ends; `end` is nil for objects written without a byte count.
struct ObjectHeader {
    let start: Int
    let end: Int?
    let version: Int
}

/// What a pointer slot (`ReadObjectAny`) holds.
enum PointerSlot<T> {
    case null
    /// A reference to an object read earlier, by its reference offset.
    case reference(Int)
    case object(className: String, value: T)
}

extension RootCursor {
    /// Reads `[byte count | kByteCountMask] version` (or a bare version) of a class written by streamers.
    mutating func versionHeader(_ what: String) throws -> ObjectHeader {
        let start = position
        let first = try u32()
        if first & RootConstants.byteCountMask != 0 {
            let count = Int(first & ~RootConstants.byteCountMask)
            let version = try u16()
            if version & RootConstants.streamedMemberwise != 0 {
                throw RootError.unsupported("\(context): \(what) is streamed member-wise")
            }
            let end = start + count + 4
            if end > bytes.count { throw failure("\(what) byte count \(count) runs past the buffer") }
            return ObjectHeader(start: start, end: end, version: Int(version))
        }
        position = start
        return ObjectHeader(start: start, end: nil, version: Int(try u16()))
    }

    /// Moves to the end of an object (byte counts let us skip members we do not need).
    mutating func finish(_ header: ObjectHeader, _ what: String) throws {
        guard let end = header.end else { return }
        if position > end { throw failure("\(what) read past its byte count") }
        position = end
    }

    /// TObject: version, fUniqueID, fBits (+ process id when referenced).
    mutating func skipTObject() throws {
        let version = try u16()
        if version & 0x4000 != 0 { try skip(4) }  // a byte count was written before the version
        _ = try u32()
        let bits = try u32()
        if bits & RootConstants.isReferenced != 0 { try skip(2) }
    }

    /// TNamed: returns (fName, fTitle).
    mutating func named() throws -> (name: String, title: String) {
        let header = try versionHeader("TNamed")
        try skipTObject()
        let name = try string()
        let title = try string()
        try finish(header, "TNamed")
        return (name, title)
    }

    /// Skips any object with a byte count (bases such as TAttLine, members we do not use).
    mutating func skipVersioned(_ what: String) throws {
        let header = try versionHeader(what)
        guard header.end != nil else { throw failure("\(what) has no byte count, cannot skip it") }
        try finish(header, what)
    }

    /// `TBufferFile::ReadObjectAny`: a null, a reference to an earlier object, or a new object whose
    /// class is named inline or by reference. `read` decodes the object body starting at its own header;
    /// the cursor is always left at the end of the object's byte count. `read` also gets the offset
    /// under which later pointers refer to this object.
    mutating func pointer<T>(_ what: String, read: (inout RootCursor, String, Int) throws -> T) throws -> PointerSlot<T> {
        let begin = referencePosition
        let beginPosition = position
        let first = try u32()
        var tag = first
        var byteCount: Int? = nil
        var tagPosition = 0
        if first & RootConstants.byteCountMask != 0 && first != RootConstants.newClassTag {
            byteCount = Int(first & ~RootConstants.byteCountMask)
            tagPosition = referencePosition
            tag = try u32()
        } else if first != 0 && first & RootConstants.classMask == 0 {
            return .reference(Int(first))
        }
        if tag & RootConstants.classMask == 0 {
            if tag == 0 { return .null }
            if let count = byteCount { try seek(to: beginPosition + count + 4) }
            return .reference(Int(tag))
        }
        let className: String
        if tag == RootConstants.newClassTag {
            className = try cString()
            guard byteCount != nil else { throw failure("\(what): class \(className) without byte count") }
            classReferences[tagPosition + RootConstants.mapOffset] = className
        } else {
            let reference = Int(tag & ~RootConstants.classMask)
            guard let known = classReferences[reference] else {
                throw failure("\(what): unknown class reference \(reference)")
            }
            className = known
        }
        let value = try read(&self, className, begin + RootConstants.mapOffset)
        if let count = byteCount { try seek(to: beginPosition + count + 4) }
        return .object(className: className, value: value)
    }

    /// TObjArray / TList header; returns the number of slots. The caller then reads each slot.
    mutating func collectionHeader(_ what: String, isList: Bool) throws -> (header: ObjectHeader, count: Int) {
        let header = try versionHeader(what)
        if header.version > 2 || isList { try skipTObject() }
        if header.version > 1 || isList { _ = try string() }
        let count = try self.count(itemSize: 0, what: "\(what) entries")
        if !isList { _ = try i32() }  // fLowerBound
        return (header, count)
    }
}
