/// The contents of a TH1*/TH2*/TProfile as stored in the file.
///
/// Arrays with bins use ROOT's layout: (nx+2)·(ny+2) cells including underflow and overflow,
/// x fastest. For TH1/TH2, `contents` are the bin sums of weights and `sumw2` the sums of squared
/// weights (nil when the histogram was filled without weights and never asked for them).
/// For a TProfile, `contents` are Σ w·y per bin (fArray), `sumw2` is Σ w·y² (fSumw2),
/// `binEntries` is Σ w (fBinEntries) and `profileSumw2` is Σ w² (fBinSumw2, nil when not stored);
/// the mean of bin i is contents[i] / binEntries[i].
public struct RootHistogramData: Sendable {
    public var className: String
    public var name: String
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var dimension: Int
    /// Bin edges without flow bins: nx+1 values (variable bins as stored, uniform ones computed).
    public var xEdges: [Double]
    public var yEdges: [Double]?
    public var contents: [Double]
    public var sumw2: [Double]?
    public var entries: Double
    public var binEntries: [Double]?
    public var profileSumw2: [Double]?
    /// fTsumw, fTsumw2, fTsumwx, fTsumwx2 (statistics kept over in-range fills).
    public var sumOfWeights: Double
    public var sumOfWeightsSquared: Double
    public var sumOfWeightedX: Double
    public var sumOfWeightedX2: Double

    public init(className: String, name: String, title: String, xTitle: String, yTitle: String, dimension: Int,
                xEdges: [Double], yEdges: [Double]?, contents: [Double], sumw2: [Double]?, entries: Double,
                binEntries: [Double]?, profileSumw2: [Double]?, sumOfWeights: Double = 0, sumOfWeightsSquared: Double = 0,
                sumOfWeightedX: Double = 0, sumOfWeightedX2: Double = 0) {
        self.className = className
        self.name = name
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.dimension = dimension
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.contents = contents
        self.sumw2 = sumw2
        self.entries = entries
        self.binEntries = binEntries
        self.profileSumw2 = profileSumw2
        self.sumOfWeights = sumOfWeights
        self.sumOfWeightsSquared = sumOfWeightsSquared
        self.sumOfWeightedX = sumOfWeightedX
        self.sumOfWeightedX2 = sumOfWeightedX2
    }
}

/// Decodes TH1F/D/I, TH2F/D/I and TProfile objects.
enum HistogramParser {
    static let supportedClasses: Set<String> = ["TH1F", "TH1D", "TH1I", "TH2F", "TH2D", "TH2I", "TProfile"]

    struct Axis {
        var title: String
        var edges: [Double]
    }

    static func parse(_ cursor: inout RootCursor, className: String) throws -> RootHistogramData {
        let outer = try cursor.versionHeader(className)
        let is2D = className.hasPrefix("TH2")
        let isProfile = className == "TProfile"
        let middle: ObjectHeader? = is2D ? try cursor.versionHeader("TH2") : isProfile ? try cursor.versionHeader("TH1D") : nil
        let th1 = try cursor.versionHeader("TH1")
        let (name, title) = try cursor.named()
        try cursor.skipVersioned("TAttLine")
        try cursor.skipVersioned("TAttFill")
        try cursor.skipVersioned("TAttMarker")
        let cellCount = Int(try cursor.i32())
        let x = try parseAxis(&cursor)
        let y = try parseAxis(&cursor)
        _ = try parseAxis(&cursor)
        try cursor.skip(4)  // fBarOffset, fBarWidth
        let entries = try cursor.f64()
        let sumw = try cursor.f64()
        let sumw2Total = try cursor.f64()
        let sumwx = try cursor.f64()
        let sumwx2 = try cursor.f64()
        try cursor.skip(3 * 8)  // fMaximum, fMinimum, fNormFactor
        _ = try doubleArray(&cursor, "fContour")
        let sumw2 = try doubleArray(&cursor, "fSumw2")
        if th1.end == nil {
            // ROOT 4 wrote TH1 without a byte count: walk the remaining members of TH1 v3.
            guard th1.version <= 3 else { throw RootError.unsupported("\(cursor.context): TH1 v\(th1.version) without byte count") }
            _ = try cursor.string()                // fOption
            try cursor.skipVersioned("TList")      // fFunctions
        }
        try cursor.finish(th1, "TH1 \(name)")
        if is2D, let middle {
            if middle.end == nil { try cursor.skip(4 * 8) }  // fScalefactor, fTsumwy, fTsumwy2, fTsumwxy
            try cursor.finish(middle, "TH2 \(name)")
        }
        let contents: [Double]
        switch className.last {
        case "F":
            let n = try cursor.count(itemSize: 4, what: "TArrayF")
            contents = try (0..<n).map { _ in Double(try cursor.f32()) }
        case "I":
            let n = try cursor.count(itemSize: 4, what: "TArrayI")
            contents = try (0..<n).map { _ in Double(try cursor.i32()) }
        default:
            contents = try doubleArray(&cursor, "TArrayD")
        }
        var binEntries: [Double]? = nil
        var profileSumw2: [Double]? = nil
        if isProfile, let middle {
            try cursor.finish(middle, "TH1D \(name)")
            binEntries = try doubleArray(&cursor, "fBinEntries")
            try cursor.skip(4 + 4 * 8)  // fErrorMode, fYmin, fYmax, fTsumwy, fTsumwy2
            if outer.version >= 6 {
                let stored = try doubleArray(&cursor, "fBinSumw2")
                profileSumw2 = stored.isEmpty ? nil : stored
            }
        }
        try cursor.finish(outer, "\(className) \(name)")

        let expected = (x.edges.count + 1) * (is2D ? y.edges.count + 1 : 1)
        guard contents.count == expected, cellCount == expected else {
            throw RootError.format("\(className) \(name): \(contents.count) cells (fNcells \(cellCount)) but axes give \(expected)")
        }
        if !sumw2.isEmpty && sumw2.count != expected {
            throw RootError.format("\(className) \(name): fSumw2 has \(sumw2.count) cells, expected \(expected)")
        }
        return RootHistogramData(className: className, name: name, title: title, xTitle: x.title, yTitle: y.title,
                                 dimension: is2D ? 2 : 1, xEdges: x.edges, yEdges: is2D ? y.edges : nil,
                                 contents: contents, sumw2: sumw2.isEmpty ? nil : sumw2, entries: entries,
                                 binEntries: binEntries, profileSumw2: profileSumw2, sumOfWeights: sumw,
                                 sumOfWeightsSquared: sumw2Total, sumOfWeightedX: sumwx, sumOfWeightedX2: sumwx2)
    }

    static func doubleArray(_ cursor: inout RootCursor, _ what: String) throws -> [Double] {
        let n = try cursor.count(itemSize: 8, what: what)
        return try cursor.f64Array(n)
    }

    static func parseAxis(_ cursor: inout RootCursor) throws -> Axis {
        let header = try cursor.versionHeader("TAxis")
        let (_, title) = try cursor.named()
        try cursor.skipVersioned("TAttAxis")
        let bins = Int(try cursor.i32())
        let low = try cursor.f64()
        let high = try cursor.f64()
        let variable = try doubleArray(&cursor, "fXbins")
        try cursor.finish(header, "TAxis")
        guard bins >= 1 else { throw cursor.failure("TAxis with \(bins) bins") }
        if !variable.isEmpty {
            guard variable.count == bins + 1 else { throw cursor.failure("TAxis fXbins has \(variable.count) edges for \(bins) bins") }
            return Axis(title: title, edges: variable)
        }
        let width = (high - low) / Double(bins)
        // Same arithmetic as numpy.linspace: start + i·step, with the last edge exactly `high`.
        var edges = (0...bins).map { low + Double($0) * width }
        edges[bins] = high
        return Axis(title: title, edges: edges)
    }
}
