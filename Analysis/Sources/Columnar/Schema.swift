import Foundation

/// Column names of a dataset and the collections they form: `X_f` branches make collection `X`
/// with field `f` (NanoAOD naming); a counter `nX` gives its object counts when present.
struct Schema: Sendable {
    let columns: Set<String>
    let collections: [String: [String]]

    init(columnNames: [String]) {
        columns = Set(columnNames)
        var collections: [String: [String]] = [:]
        for name in columnNames {
            guard let underscore = name.firstIndex(of: "_"), underscore != name.startIndex else { continue }
            let prefix = String(name[..<underscore])
            let field = String(name[name.index(after: underscore)...])
            guard !field.isEmpty else { continue }
            collections[prefix, default: []].append(field)
        }
        self.collections = collections.mapValues { $0.sorted() }
    }

    func counterName(_ collection: String) -> String? {
        let n = "n" + collection
        return columns.contains(n) ? n : nil
    }

    /// Columns an expression may read, given all field names used anywhere in the query
    /// (an over-approximation: every used field of every referenced collection).
    func columnsNeeded(names: Set<String>, definitions: [String: QueryExpression], fields: Set<String>) -> Set<String> {
        var needed: Set<String> = []
        var visited: Set<String> = []
        var stack = Array(names)
        while let name = stack.popLast() {
            guard visited.insert(name).inserted else { continue }
            if let d = definitions[name] {
                stack.append(contentsOf: d.referencedNames)
            } else if columns.contains(name) {
                needed.insert(name)
            } else if let collectionFields = collections[name] {
                if let counter = counterName(name) { needed.insert(counter) }
                for f in collectionFields where fields.contains(f) { needed.insert("\(name)_\(f)") }
                if counterName(name) == nil, let first = collectionFields.first { needed.insert("\(name)_\(first)") }
            }
        }
        return needed
    }
}

extension QueryExpression {
    /// Field names used with `.f` anywhere, plus the fields implied by 4-vector functions.
    var fieldNames: Set<String> {
        switch self {
        case .number, .name: return []
        case .unary(_, let e): return e.fieldNames
        case .binary(_, let a, let b): return a.fieldNames.union(b.fieldNames)
        case .call(let f, let args, _):
            var out = args.reduce(into: Set<String>()) { $0.formUnion($1.fieldNames) }
            out.formUnion(FunctionTable.impliedFields(f))
            // concat needs every field of its parts; leave it to the field names used elsewhere
            return out
        case .index(let a, let b, _): return a.fieldNames.union(b.fieldNames)
        case .member(let e, let f, _):
            var out = e.fieldNames
            out.insert(f)
            // pt1-style member fields of combinations
            if let last = f.last, last.isNumber { out.insert(String(f.dropLast())) }
            return out
        }
    }
}
