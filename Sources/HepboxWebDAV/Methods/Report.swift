import HepboxCore
import Hummingbird

/// REPORT `oc:filter-files` (favorites): the files and folders below the request path whose `oc:favorite` is 1,
/// with the properties the body asks for.
enum Report {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        guard let root = try await dav.xmlBody(limit: services.settings.maxXMLBodyBytes),
              root.isElement(DAVNamespace.owncloud, "filter-files")
        else { throw HepboxError.badRequest("hepbox answers REPORT oc:filter-files only") }
        let rules = root.child(DAVNamespace.owncloud, "filter-rules")
        guard rules?.child(DAVNamespace.owncloud, "favorite")?.text.trimmingCharacters(in: .whitespaces) == "1" else {
            throw HepboxError.badRequest("filter-files needs the rule <oc:favorite>1</oc:favorite>")
        }
        let wanted: Propfind.Request = root.child(DAVNamespace.dav, "prop").map { prop in
            .prop(prop.children.map { PropertyName(namespace: $0.namespace, name: $0.name) })
        } ?? .allprop(include: [])
        let entries = try await services.files.list(dav.principal, owner: dav.owner, path: dav.path, depth: .allIncludingShares)
        let quota = try await services.files.quota(owner: dav.owner)
        var body = MultistatusWriter()
        for entry in entries where entry.properties.contains(where: {
            $0.namespace == DAVNamespace.owncloud && $0.name == "favorite" && $0.valueXML.trimmingCharacters(in: .whitespaces) == "1"
        }) {
            let live = LiveProperties(services: services, quota: quota, locks: [],
                                      permissions: entry.permissions, shareTypes: entry.shareTypes,
                                      lockBaseHref: { _ in "" })
            body.response(href: dav.href(entry.path, isFolder: entry.node.isFolder), wanted: wanted, node: entry.node,
                          path: entry.path, live: live, dead: entry.properties)
        }
        return body.finish()
    }
}

import Foundation
