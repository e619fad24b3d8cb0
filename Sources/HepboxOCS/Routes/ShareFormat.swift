import HepboxCore

/// A share as an OCS object, with the fields of Nextcloud's `formatShare` that clients read.
struct ShareFormat {
    let baseURL: String

    func object(_ info: ShareInfo) -> OCSValue {
        let share = info.record
        let node = info.node
        let isFolder = node.isFolder
        var fields: [(String, OCSValue)] = [
            ("id", .string(String(share.id))),
            ("share_type", .int(Int64(share.type.rawValue))),
            ("uid_owner", .string(share.sharer)),
            ("displayname_owner", .string(info.sharerDisplayName)),
            ("permissions", .int(Int64(info.permissions.rawValue))),
            ("can_edit", .bool(true)),
            ("can_delete", .bool(true)),
            ("stime", .int(share.createdAt)),
            ("parent", share.parentID.map { .int($0) } ?? .null),
            ("expiration", share.expiration.map { .string(ShareDate.format($0)) } ?? .null),
            ("token", share.token.map(OCSValue.string) ?? .null),
            ("uid_file_owner", .string(share.fileOwner)),
            ("displayname_file_owner", .string(info.fileOwnerDisplayName)),
            ("note", .string(share.note)),
            ("label", .string(share.label)),
            ("name", .string(share.label)),
            ("path", .string("/" + info.path.description)),
            ("item_type", .string(isFolder ? "folder" : "file")),
            ("mimetype", .string(isFolder ? "httpd/unix-directory" : node.contentType ?? MimeTypes.guess(node.name))),
            ("has_preview", .bool(false)),
            ("storage_id", .string("home::" + share.fileOwner)),
            ("storage", .int(1)),
            ("item_source", .int(node.id)),
            ("file_source", .int(node.id)),
            ("file_parent", node.parentID.map { .int($0) } ?? .null),
            ("file_target", .string("/" + info.target.description)),
            ("item_size", .int(node.size)),
            ("item_mtime", .int(node.mtime)),
            ("share_with", share.recipient.map(OCSValue.string) ?? .null),
            ("share_with_displayname", info.recipientDisplayName.map(OCSValue.string) ?? .null),
            ("mail_send", .int(0)),
            ("hide_download", .int(share.hideDownload ? 1 : 0)),
            ("attributes", .null),
        ]
        if share.type == .link, let token = share.token {
            fields.append(("url", .string(baseURL + "/s/" + token)))
            fields.append(("password_protected", .bool(share.passwordHash != nil)))
        }
        return .object(fields)
    }
}
