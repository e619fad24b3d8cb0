/// One member of a class layout (a TStreamerElement).
public struct StreamerElement: Sendable, Hashable {
    public var name: String
    /// The member comment; Double32_t/Float16_t ranges such as "[0, 10, 12]" live here.
    public var title: String
    public var typeName: String
    /// TStreamerInfo type code (kInt = 3, kSTL = 300, ...).
    public var type: Int
    /// TStreamerBase, TStreamerBasicType, TStreamerSTL, ...
    public var elementClass: String
}

/// The stored layout of one class version (a TStreamerInfo).
public struct StreamerInfo: Sendable, Hashable {
    public var className: String
    public var classVersion: Int
    public var elements: [StreamerElement]
}

/// Reads the TList of TStreamerInfo stored at the file's fSeekInfo.
enum StreamerParser {
    static func parseList(_ cursor: inout RootCursor) throws -> [StreamerInfo] {
        let (header, count) = try cursor.collectionHeader("streamer list", isList: true)
        var infos: [StreamerInfo] = []
        for _ in 0..<count {
            let slot = try cursor.pointer("streamer") { c, className, _ -> StreamerInfo? in
                guard className == "TStreamerInfo" else { return nil }  // schema rules lists etc.
                return try parseInfo(&c)
            }
            if case .object(_, let value) = slot, let info = value { infos.append(info) }
            let optionLength = Int(try cursor.u8())
            try cursor.skip(optionLength)
        }
        try cursor.finish(header, "streamer list")
        return infos
    }

    static func parseInfo(_ cursor: inout RootCursor) throws -> StreamerInfo {
        let header = try cursor.versionHeader("TStreamerInfo")
        let (name, _) = try cursor.named()
        _ = try cursor.u32()  // fCheckSum
        let classVersion = Int(try cursor.i32())
        var elements: [StreamerElement] = []
        let slot = try cursor.pointer("fElements of \(name)") { c, _, _ -> [StreamerElement] in
            let (arrayHeader, count) = try c.collectionHeader("fElements of \(name)", isList: false)
            var out: [StreamerElement] = []
            for _ in 0..<count {
                let element = try c.pointer("element of \(name)") { e, elementClass, _ in
                    try parseElement(&e, elementClass: elementClass)
                }
                if case .object(_, let value) = element { out.append(value) }
            }
            try c.finish(arrayHeader, "fElements")
            return out
        }
        if case .object(_, let value) = slot { elements = value }
        try cursor.finish(header, "TStreamerInfo \(name)")
        return StreamerInfo(className: name, classVersion: classVersion, elements: elements)
    }

    static func parseElement(_ cursor: inout RootCursor, elementClass: String) throws -> StreamerElement {
        let header = try cursor.versionHeader(elementClass)
        // TStreamerSTLstring derives from TStreamerSTL; every other element class from TStreamerElement.
        let middle: ObjectHeader? = elementClass == "TStreamerSTLstring" ? try cursor.versionHeader("TStreamerSTL") : nil
        let base = try cursor.versionHeader("TStreamerElement")
        let (name, title) = try cursor.named()
        let type = Int(try cursor.i32())
        _ = try cursor.i32()  // fSize
        _ = try cursor.i32()  // fArrayLength
        _ = try cursor.i32()  // fArrayDim
        if base.version == 1 {
            let n = try cursor.count(itemSize: 4, what: "fMaxIndex")
            try cursor.skip(4 * n)
        } else {
            try cursor.skip(20)
        }
        let typeName = try cursor.string()
        try cursor.finish(base, "TStreamerElement \(name)")
        if let middle { try cursor.finish(middle, "TStreamerSTL \(name)") }
        try cursor.finish(header, "\(elementClass) \(name)")
        return StreamerElement(name: name, title: title, typeName: typeName, type: type, elementClass: elementClass)
    }
}
