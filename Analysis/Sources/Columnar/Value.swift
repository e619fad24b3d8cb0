import Foundation

/// A value during evaluation of one partition (a fixed range of events). Numbers are Doubles;
/// booleans are 1/0. Missing values (indexing past the end of an event, min/argmin of an empty
/// event, the field of an object that does not exist) are NaN.
enum Value {
    /// The same number for every event.
    case constant(Double)
    /// One number per event of the partition.
    case event([Double])
    /// A list per event: event e holds data[offsets[e]..<offsets[e+1]].
    case jagged([Double], offsets: [Int])
    /// Objects of a collection (NanoAOD `X_*` branches), possibly filtered or one per event.
    case collection(CollectionView)
    /// Combinations of k objects of one collection (pairs, triples) per event.
    case tuples(TupleView)

    var kindName: String {
        switch self {
        case .constant: return "a number"
        case .event: return "a per-event number"
        case .jagged: return "a per-object list"
        case .collection: return "a collection"
        case .tuples: return "combinations"
        }
    }
}

/// Objects of `source` selected per event: event e has source elements index[offsets[e]..<offsets[e+1]]
/// (index nil = all objects in order). `singular` views hold at most one object per event (the
/// result of `c[i]`, `c[argmax(...)]`); their fields are per-event numbers (NaN when absent).
struct CollectionView {
    let source: CollectionSource
    var offsets: [Int]
    var index: [Int]?
    var singular: Bool

    init(source: CollectionSource) {
        self.source = source
        self.offsets = source.offsets
        self.index = nil
        self.singular = source.oneObjectPerEvent
    }

    init(source: CollectionSource, offsets: [Int], index: [Int]?, singular: Bool) {
        self.source = source
        self.offsets = offsets
        self.index = index
        self.singular = singular
    }

    var elementCount: Int { offsets.last ?? 0 }

    /// Source element of view element i.
    @inline(__always) func sourceElement(_ i: Int) -> Int { index?[i] ?? i }

    func field(_ name: String) throws -> Value {
        let all = try source.field(name)
        let data: [Double]
        if let index {
            // Gather without bounds checks: the indices are elements of this same source.
            data = [Double](unsafeUninitializedCapacity: index.count) { out, count in
                all.withUnsafeBufferPointer { a in
                    index.withUnsafeBufferPointer { ix in
                        for i in 0..<ix.count { out[i] = a[ix[i]] }
                    }
                }
                count = index.count
            }
        } else {
            data = all
        }
        return singular ? .event(Self.perEvent(data, offsets: offsets)) : .jagged(data, offsets: offsets)
    }

    /// One value per event from lists of at most one value (NaN when empty).
    static func perEvent(_ data: [Double], offsets: [Int]) -> [Double] {
        (0..<(offsets.count - 1)).map { e in offsets[e + 1] > offsets[e] ? data[offsets[e]] : .nan }
    }
}

/// k-object combinations of one collection: tuple t of event e (t in offsets[e]..<offsets[e+1])
/// consists of source elements members[0][t], members[1][t], ….
struct TupleView {
    let source: CollectionSource
    var offsets: [Int]
    var members: [[Int]]
    var singular: Bool

    func member(_ k: Int) -> CollectionView {
        CollectionView(source: source, offsets: offsets, index: members[k], singular: singular)
    }
}
