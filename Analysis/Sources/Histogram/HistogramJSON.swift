import Foundation

// JSON form (any dimension), also Histogram's Codable representation:
// {"name", "title", "storage": "count"|"weight"|"mean", "entries",
//  "axes": [{"type": "regular", "bins", "lower", "upper", "title"} | {"type": "variable", "edges"}
//           | {"type": "integer", "lower", "upper"} | {"type": "category", "labels"}],
//  "sumW": [...], "sumW2": [...]?, "sumWY": [...]?, "sumWY2": [...]?,   // all slots, flow included, first axis fastest
//  "values": [...], "variances": [...], "edges": [[...] per axis]}     // derived, ignored when decoding
// Non-finite numbers are written as the strings "inf", "-inf", "nan".

extension Axis: Codable {
    private enum CodingKeys: String, CodingKey { case type, bins, lower, upper, edges, labels, title }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        switch try c.decode(String.self, forKey: .type) {
        case "regular":
            self = try .regular(c.decode(Int.self, forKey: .bins), c.decode(Double.self, forKey: .lower),
                                c.decode(Double.self, forKey: .upper), title: title)
        case "variable": self = try .variable(c.decode([Double].self, forKey: .edges), title: title)
        case "integer": self = try .integer(c.decode(Int.self, forKey: .lower), c.decode(Int.self, forKey: .upper), title: title)
        case "category": self = try .category(c.decode([String].self, forKey: .labels), title: title)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown axis type '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .regular(let bins, let lower, let upper):
            try c.encode("regular", forKey: .type)
            try c.encode(bins, forKey: .bins); try c.encode(lower, forKey: .lower); try c.encode(upper, forKey: .upper)
        case .variable(let edges):
            try c.encode("variable", forKey: .type); try c.encode(edges, forKey: .edges)
        case .integer(let lower, let upper):
            try c.encode("integer", forKey: .type); try c.encode(lower, forKey: .lower); try c.encode(upper, forKey: .upper)
        case .category(let labels):
            try c.encode("category", forKey: .type); try c.encode(labels, forKey: .labels)
        }
        try c.encode(title, forKey: .title)
    }
}

extension Histogram: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, title, storage, entries, axes, sumW, sumW2, sumWY, sumWY2, values, variances, edges
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(axes: c.decode([Axis].self, forKey: .axes),
                      storage: c.decode(HistogramStorage.self, forKey: .storage),
                      name: c.decodeIfPresent(String.self, forKey: .name) ?? "",
                      title: c.decodeIfPresent(String.self, forKey: .title) ?? "")
        let n = sumW.count
        func slots(_ key: CodingKeys) throws -> [Double] {
            let v = try c.decode([Double].self, forKey: key)
            guard v.count == n else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.rawValue) has \(v.count) slots, the axes need \(n)")
            }
            return v
        }
        sumW = try slots(.sumW)
        if sumW2 != nil { sumW2 = try slots(.sumW2) }
        if sumWY != nil { sumWY = try slots(.sumWY) }
        if sumWY2 != nil { sumWY2 = try slots(.sumWY2) }
        entries = try c.decode(Double.self, forKey: .entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(title, forKey: .title)
        try c.encode(storage, forKey: .storage)
        try c.encode(entries, forKey: .entries)
        try c.encode(axes, forKey: .axes)
        try c.encode(sumW, forKey: .sumW)
        try c.encodeIfPresent(sumW2, forKey: .sumW2)
        try c.encodeIfPresent(sumWY, forKey: .sumWY)
        try c.encodeIfPresent(sumWY2, forKey: .sumWY2)
        try c.encode(values(), forKey: .values)
        try c.encode(variances(), forKey: .variances)
        try c.encode(axes.map(\.edges), forKey: .edges)
    }

    /// Pretty-printed JSON (sorted keys) as described above.
    public func jsonData() throws -> Data {
        try Self.jsonEncoder().encode(self)
    }

    public static func fromJSON(_ data: Data) throws -> Histogram {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Histogram.self, from: data)
    }

    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
