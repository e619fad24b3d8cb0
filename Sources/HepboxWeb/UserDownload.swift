import HepboxCore
import HTTPTypes
import Hummingbird

/// A signed-in user's download from the file manager: a file as an attachment, a folder as a streamed zip.
enum UserDownload {
    static func response(principal: Principal, path: TreePath, files: FileService, includeBody: Bool,
                         faults: FaultLog) async throws -> Response {
        let (node, record) = try await files.download(principal, owner: principal.name, path: path)
        if node.isFolder {
            return try await FolderArchive.response(principal: principal, owner: principal.name, path: path,
                                                    name: path.isRoot ? principal.name : node.name, files: files,
                                                    includeBody: includeBody, faults: faults)
        }
        return try LinkDownload.file(node, record: record, files: files, includeBody: includeBody, faults: faults,
                                     user: principal.name)
    }
}
