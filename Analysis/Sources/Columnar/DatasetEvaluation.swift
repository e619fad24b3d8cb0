import Foundation

/// An expression's values over all events: one per event (`offsets` nil) or a list per event
/// (event i holds values[offsets[i]..<offsets[i+1]]).
public struct EvaluatedColumn: Sendable, Equatable {
    public var values: [Double]
    public var offsets: [Int]?

    /// The list of event i (one value for per-event results).
    public func event(_ i: Int) -> ArraySlice<Double> {
        guard let offsets else { return values[i...i] }
        return values[offsets[i]..<offsets[i + 1]]
    }
}

extension Dataset {
    /// Evaluates an expression (with optional named definitions, `define`-style) over every event,
    /// partition by partition in parallel, concatenated in event order. For unbinned fits, dumps
    /// and tests.
    public func evaluate(_ expression: String, definitions: [(String, String)] = [],
                         partitionSize: Int = 1 << 16,
                         threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> EvaluatedColumn {
        let parsed = try ExpressionParser.parse(expression)
        var defs: [String: QueryExpression] = [:]
        for (name, text) in definitions { defs[name] = try ExpressionParser.parse(text) }
        let schema = Schema(columnNames: columnNames)
        var roots = parsed.referencedNames, fields = parsed.fieldNames
        for d in defs.values { roots.formUnion(d.referencedNames); fields.formUnion(d.fieldNames) }
        let preloaded = try columns(Array(schema.columnsNeeded(names: roots, definitions: defs, fields: fields)))
        let lookup: @Sendable (String) throws -> ColumnBuffer = { [self] name in
            if let c = preloaded[name] { return c }
            return try self.column(name)
        }
        let size = max(partitionSize, 1)
        let events = entryCount
        let partitions = (events + size - 1) / size
        let slots = ResultSlots<(values: [Double], offsets: [Int]?)>(count: partitions)
        let counter = WorkCounter()
        let definitionsCopy = defs
        DispatchQueue.concurrentPerform(iterations: min(max(threads, 1), max(partitions, 1))) { _ in
            while let p = counter.next(below: partitions) {
                let range = (p * size)..<min((p + 1) * size, events)
                slots.set(p, Result {
                    let evaluator = PartitionEvaluator(range: range, schema: schema, definitions: definitionsCopy, column: lookup)
                    switch try evaluator.evaluate(parsed) {
                    case .constant(let c): return ([Double](repeating: c, count: range.count), nil)
                    case .event(let d): return (d, nil)
                    case .jagged(let d, let o): return (d, o)
                    case let other: throw ColumnarError.type("'\(expression)' gives \(other.kindName); select a field, e.g. .pt")
                    }
                })
            }
        }
        let parts = try slots.values()
        let isJagged = parts.contains { $0.offsets != nil }
        var values: [Double] = []
        var offsets: [Int]? = isJagged ? [0] : nil
        for part in parts {
            if isJagged {
                let local = part.offsets ?? Array(0...part.values.count)
                let base = values.count
                offsets?.append(contentsOf: local.dropFirst().map { $0 + base })
            }
            values.append(contentsOf: part.values)
        }
        return EvaluatedColumn(values: values, offsets: offsets)
    }
}
