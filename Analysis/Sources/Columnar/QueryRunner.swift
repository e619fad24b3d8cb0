import Foundation
import Histogram

/// The result of running a query script: the histograms in script order and bookkeeping.
public struct QueryResult: Sendable {
    public struct Filled: Sendable {
        public var name: String
        public var histogram: Histogram
        /// Events that passed this histogram's selections.
        public var selectedEvents: Int
        /// Values not filled because they were missing (NaN).
        public var missingValues: Int
    }
    public var histograms: [Filled]
    public var events: Int
    public var partitions: Int
    public var seconds: Double

    public func histogram(_ name: String) -> Histogram? { histograms.first { $0.name == name }?.histogram }
}

/// Runs query scripts over a Dataset: the events are cut into partitions of a fixed size (the
/// boundaries do not depend on the number of threads), partitions are evaluated on `threads`
/// workers, and the partial histograms are merged in partition order, so every result —
/// floating-point sums included — is identical for any thread count.
public struct QueryRunner: Sendable {
    public var partitionSize: Int
    public var threads: Int

    public init(partitionSize: Int = 1 << 16, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.partitionSize = max(partitionSize, 1)
        self.threads = max(threads, 1)
    }

    /// - Parameter progress: called after each partition with (partitions done, total), from worker threads.
    public func run(_ script: QueryScript, on dataset: Dataset,
                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> QueryResult {
        let start = Date()
        let schema = Schema(columnNames: dataset.columnNames)
        let definitions = Dictionary(uniqueKeysWithValues: script.definitions.map { ($0.name, $0.expression) })
        try checkNames(script, schema: schema, definitions: definitions)

        // Read every column the script may touch up front (in parallel, through the cache).
        var roots = Set<String>()
        var fields = Set<String>()
        var all: [QueryExpression] = script.selections + script.definitionExpressions
        for h in script.histograms { all.append(h.expression); all += [h.weight, h.selection].compactMap { $0 } }
        for e in all { roots.formUnion(e.referencedNames); fields.formUnion(e.fieldNames) }
        let needed = schema.columnsNeeded(names: roots, definitions: definitions, fields: fields)
        let preloaded = try dataset.columns(Array(needed))
        let columnLookup: @Sendable (String) throws -> ColumnBuffer = { name in
            if let c = preloaded[name] { return c }
            return try dataset.column(name)
        }

        let events = dataset.entryCount
        let partitionCount = (events + partitionSize - 1) / partitionSize
        let templates = try script.histograms.map { spec in
            try Histogram(axes: [.regular(spec.bins, spec.lower, spec.upper, title: spec.name)], storage: spec.weight == nil ? .count : .weight, name: spec.name)
        }
        let results = ResultSlots<[PartialFill]>(count: partitionCount)
        let counter = WorkCounter()
        let workers = min(threads, max(partitionCount, 1))
        let size = partitionSize
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let p = counter.next(below: partitionCount) {
                let range = (p * size)..<min((p + 1) * size, events)
                results.set(p, Result {
                    try Self.evaluatePartition(range, script: script, schema: schema, definitions: definitions,
                                               templates: templates, column: columnLookup)
                })
                if let progress { progress(counter.finish(), partitionCount) }
            }
        }
        let partials = try results.values()
        var filled = templates.map { QueryResult.Filled(name: $0.name, histogram: $0, selectedEvents: 0, missingValues: 0) }
        for partition in partials {
            for (k, part) in partition.enumerated() {
                try filled[k].histogram.merge(part.histogram)
                filled[k].selectedEvents += part.selectedEvents
                filled[k].missingValues += part.missingValues
            }
        }
        return QueryResult(histograms: filled, events: events, partitions: partitionCount,
                           seconds: Date().timeIntervalSince(start))
    }

    struct PartialFill {
        var histogram: Histogram
        var selectedEvents: Int
        var missingValues: Int
    }

    private func checkNames(_ script: QueryScript, schema: Schema, definitions: [String: QueryExpression]) throws {
        func check(_ e: QueryExpression) throws {
            switch e {
            case .name(let n, let pos):
                if definitions[n] == nil, !schema.columns.contains(n), schema.collections[n] == nil {
                    throw ColumnarError.unknownName(n, position: pos)
                }
            case .number: break
            case .unary(_, let x): try check(x)
            case .binary(_, let a, let b): try check(a); try check(b)
            case .call(_, let args, _): for a in args { try check(a) }
            case .index(let a, let b, _): try check(a); try check(b)
            case .member(let x, _, _): try check(x)
            }
        }
        for (name, e) in script.definitions {
            do { try check(e) } catch { throw ColumnarError.type("in definition '\(name)': \(error)") }
        }
        for e in script.selections { try check(e) }
        for h in script.histograms {
            do {
                try check(h.expression)
                if let w = h.weight { try check(w) }
                if let s = h.selection { try check(s) }
            } catch { throw ColumnarError.type("in histogram '\(h.name)': \(error)") }
        }
    }

    static func evaluatePartition(_ range: Range<Int>, script: QueryScript, schema: Schema, definitions: [String: QueryExpression],
                                  templates: [Histogram], column: @escaping (String) throws -> ColumnBuffer) throws -> [PartialFill] {
        let evaluator = PartitionEvaluator(range: range, schema: schema, definitions: definitions, column: column)
        var selectionMasks: [[Bool]] = []
        func eventMask(_ e: QueryExpression, _ what: String) throws -> [Bool] {
            switch try evaluator.evaluate(e) {
            case .constant(let c): return [Bool](repeating: PartitionEvaluator.truthy(c), count: range.count)
            case .event(let d): return d.map(PartitionEvaluator.truthy)
            case let other:
                throw ColumnarError.type("\(what) must give one value per event, got \(other.kindName); reduce it with any(), all() or count()")
            }
        }
        var out: [PartialFill] = []
        for (k, spec) in script.histograms.enumerated() {
            while selectionMasks.count < spec.activeSelections {
                let i = selectionMasks.count
                var m = try eventMask(script.selections[i], "selection \(i + 1)")
                if let previous = selectionMasks.last { for e in 0..<m.count { m[e] = m[e] && previous[e] } }
                selectionMasks.append(m)
            }
            var mask: [Bool]? = spec.activeSelections > 0 ? selectionMasks[spec.activeSelections - 1] : nil
            if let s = spec.selection {
                let own = try eventMask(s, "the selection of histogram '\(spec.name)'")
                mask = mask.map { zip($0, own).map { $0 && $1 } } ?? own
            }
            let value = try evaluator.evaluate(spec.expression)
            let weight = try spec.weight.map { try evaluator.evaluate($0) }
            var partial = PartialFill(histogram: templates[k], selectedEvents: mask.map { $0.lazy.filter { $0 }.count } ?? range.count, missingValues: 0)
            try Self.fill(&partial, value: value, weight: weight, mask: mask, events: range.count, name: spec.name)
            out.append(partial)
        }
        return out
    }

    /// Flattens the selected values (and weights) and fills; missing values are counted, not filled.
    static func fill(_ partial: inout PartialFill, value: Value, weight: Value?, mask: [Bool]?, events: Int, name: String) throws {
        let what = "histogram '\(name)'"
        var offsets: [Int]? = nil
        let data: [Double]
        switch value {
        case .constant(let c): data = [Double](repeating: c, count: events)
        case .event(let d): data = d
        case .jagged(let d, let o): data = d; offsets = o
        default: throw ColumnarError.type("\(what) needs numbers, got \(value.kindName) (select a field, e.g. .pt)")
        }
        var weights: [Double]? = nil
        if let weight {
            if let offsets { weights = try Broadcast.broadcastToLists(weight, offsets: offsets, "the weight of \(what)") }
            else {
                switch try Broadcast.numbers(weight, "the weight of \(what)") {
                case .constant(let c): weights = [Double](repeating: c, count: events)
                case .event(let w): weights = w
                default: throw ColumnarError.type("the weight of \(what) is a list but the values are one per event")
                }
            }
        }
        // element → keep?
        var keep: [Bool]? = nil
        if let mask {
            if let offsets {
                var k = [Bool](repeating: false, count: data.count)
                for e in 0..<events where mask[e] { for i in offsets[e]..<offsets[e + 1] { k[i] = true } }
                keep = k
            } else {
                keep = mask
            }
        }
        var hasNaN = false
        for x in data where x.isNaN { hasNaN = true; break }
        if keep == nil && !hasNaN {
            try partial.histogram.fill(data, weights: weights)
            return
        }
        if weights == nil {
            // Branch-free compaction: every value is written, the position advances only past
            // kept, non-missing ones.
            var missing = 0
            let selected = [Double](unsafeUninitializedCapacity: data.count) { out, count in
                var c = 0
                data.withUnsafeBufferPointer { d in
                    if let keep {
                        keep.withUnsafeBufferPointer { kp in
                            for i in 0..<d.count {
                                let x = d[i]
                                let kept = Int(unsafeBitCast(kp[i], to: UInt8.self))
                                let number = Int(unsafeBitCast(x == x, to: UInt8.self))
                                out[c] = x
                                c &+= kept & number
                                missing &+= kept & (1 - number)
                            }
                        }
                    } else {
                        for i in 0..<d.count {
                            let x = d[i]
                            let number = Int(unsafeBitCast(x == x, to: UInt8.self))
                            out[c] = x
                            c &+= number
                            missing &+= 1 - number
                        }
                    }
                }
                count = c
            }
            partial.missingValues += missing
            try partial.histogram.fill(selected, weights: nil)
            return
        }
        var selected: [Double] = []
        var selectedWeights: [Double] = []
        selected.reserveCapacity(data.count)
        if weights != nil { selectedWeights.reserveCapacity(data.count) }
        var missing = 0
        data.withUnsafeBufferPointer { d in
            for i in 0..<d.count {
                if let keep, !keep[i] { continue }
                let x = d[i]
                if x.isNaN { missing += 1; continue }
                selected.append(x)
                if let weights { selectedWeights.append(weights[i]) }
            }
        }
        partial.missingValues += missing
        try partial.histogram.fill(selected, weights: weights == nil ? nil : selectedWeights)
    }
}

/// Hands out partition numbers to workers and counts finished ones.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var finished = 0

    func next(below limit: Int) -> Int? {
        lock.withLock {
            guard nextIndex < limit else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func finish() -> Int { lock.withLock { finished += 1; return finished } }
}
