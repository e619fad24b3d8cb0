import HepboxCore
import Hummingbird

/// PROPPATCH: dead properties are stored; live ones are protected (403) and make the whole request fail (424 for
/// the others), since RFC 4918 makes PROPPATCH all or nothing.
enum Proppatch {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        guard let root = try await dav.xmlBody(limit: services.settings.maxXMLBodyBytes),
              root.isElement(DAVNamespace.dav, "propertyupdate")
        else { throw HepboxError.badRequest("a PROPPATCH body must be a DAV:propertyupdate element") }
        let node = try await services.files.node(dav.principal, owner: dav.owner, path: dav.path)

        var sets: [DeadProperty] = []
        var removes: [(namespace: String, name: String)] = []
        var order: [PropertyName] = []
        for instruction in root.children where instruction.namespace == DAVNamespace.dav {
            guard instruction.name == "set" || instruction.name == "remove" else { continue }
            for prop in instruction.children(DAVNamespace.dav, "prop") {
                for element in prop.children {
                    let name = PropertyName(namespace: element.namespace, name: element.name)
                    order.append(name)
                    // Operations apply in document order: a later one on the same name wins.
                    removes.removeAll { $0.namespace == name.namespace && $0.name == name.name }
                    if instruction.name == "set" {
                        sets.removeAll { $0.namespace == name.namespace && $0.name == name.name }
                        sets.append(DeadProperty(namespace: name.namespace, name: name.name, valueXML: element.innerXML()))
                    } else {
                        sets.removeAll { $0.namespace == name.namespace && $0.name == name.name }
                        removes.append((name.namespace, name.name))
                    }
                }
            }
        }
        let protected = Set(order.filter { LiveProperties.known.contains($0) || $0.namespace == DAVNamespace.dav })
        var writer = MultistatusWriter()
        var seen = Set<PropertyName>()
        let unique = order.filter { seen.insert($0).inserted }
        if !protected.isEmpty {
            let forbidden = unique.filter { protected.contains($0) }.map { $0.element(nil) }
            let failed = unique.filter { !protected.contains($0) }.map { $0.element(nil) }
            var stats: [(String, [String])] = [("HTTP/1.1 403 Forbidden", forbidden)]
            if !failed.isEmpty { stats.append(("HTTP/1.1 424 Failed Dependency", failed)) }
            writer.response(href: dav.href(dav.path, isFolder: node.isFolder), propstats: stats)
            return writer.finish()
        }
        try await services.files.patchProperties(dav.context, owner: dav.owner, path: dav.path, set: sets, remove: removes)
        writer.response(href: dav.href(dav.path, isFolder: node.isFolder),
                        propstats: [("HTTP/1.1 200 OK", unique.map { $0.element(nil) })])
        return writer.finish()
    }
}
