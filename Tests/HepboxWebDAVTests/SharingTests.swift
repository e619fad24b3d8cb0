import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird
import Testing

/// Shares with users and groups: what recipients see and may do, through every door.
@Suite struct SharingTests {
    let alice = "/remote.php/dav/files/alice"
    let bob = "/remote.php/dav/files/bob"
    var bobAuth: String { ServerFixture.basic("bob", "bob-pw") }

    @Test func aReadOnlyShareIsReadableAndRefusesEveryChange() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Project")
            _ = try await client.dav("PUT", "\(alice)/Project/data.txt", body: "physics")
            _ = try await client.dav("PUT", "\(bob)/mine.txt", body: "bob's", auth: bobAuth)
            let share = try await client.share(["path": "/Project", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            #expect(share["share_with"] as? String == "bob" && share["permissions"] as? Int == 1)
            #expect(share["item_type"] as? String == "folder" && share["path"] as? String == "/Project")

            let root = try await client.listing("\(bob)/", user: "bob")
            let mount = try #require(root["\(bob)/Project/"])
            #expect(mount.permissions.contains("S") && mount.permissions.contains("M") && mount.permissions.contains("G"))
            #expect(!mount.permissions.contains("C") && !mount.permissions.contains("R"))
            let inside = try await client.listing("\(bob)/Project/", user: "bob")
            #expect(inside["\(bob)/Project/data.txt"]?.permissions == "SG")
            #expect(String(buffer: try await client.dav("GET", "\(bob)/Project/data.txt", auth: bobAuth).body) == "physics")

            // Every way of changing it is refused, and nothing changes for alice.
            #expect(try await client.dav("PUT", "\(bob)/Project/data.txt", body: "changed", auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("PUT", "\(bob)/Project/new.txt", body: "new", auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("DELETE", "\(bob)/Project/data.txt", auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("MKCOL", "\(bob)/Project/sub", auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("MOVE", "\(bob)/mine.txt", headers: ["Destination": "\(bob)/Project/mine.txt"], auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("COPY", "\(bob)/mine.txt", headers: ["Destination": "\(bob)/Project/mine.txt"], auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("MOVE", "\(bob)/Project/data.txt", headers: ["Destination": "\(bob)/stolen.txt"], auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("PROPPATCH", "\(bob)/Project/data.txt", body: "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><x:y xmlns:x=\"urn:x\">1</x:y></d:prop></d:set></d:propertyupdate>", auth: bobAuth).status == .forbidden)
            let chunked = try await client.dav("PUT", "\(bob)/Project/big.bin-chunking-42-2-0", headers: ["OC-Chunked": "1"], body: "ab", auth: bobAuth)
            #expect(chunked.status == .forbidden || chunked.status.code == 201)  // chunks land in the uploads tree…
            let last = try await client.dav("PUT", "\(bob)/Project/big.bin-chunking-42-2-1", headers: ["OC-Chunked": "1"], body: "cd", auth: bobAuth)
            #expect(last.status == .forbidden)  // …but are never assembled into the share
            // A copy out of the share is allowed (reading is), into bob's own tree.
            #expect(try await client.dav("COPY", "\(bob)/Project/data.txt", headers: ["Destination": "\(bob)/copy.txt"], auth: bobAuth).status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/Project/data.txt").body) == "physics")
            let aliceFiles = try await client.listing("\(alice)/Project/", user: "alice")
            #expect(Set(aliceFiles.keys) == ["\(alice)/Project/", "\(alice)/Project/data.txt"])
        }
    }

    @Test func aWritableShareWorksBothWaysAndChargesTheOwner() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Team")
            _ = try await client.share(["path": "/Team", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            let before = try await client.listing("\(bob)/", user: "bob")["\(bob)/"]?.etag
            #expect(try await client.dav("PUT", "\(bob)/Team/from-bob.txt", body: "hello alice", auth: bobAuth).status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/Team/from-bob.txt").body) == "hello alice")
            #expect(try await client.dav("MKCOL", "\(bob)/Team/sub", auth: bobAuth).status == .created)
            #expect(try await client.dav("MOVE", "\(bob)/Team/from-bob.txt", headers: ["Destination": "\(bob)/Team/sub/renamed.txt"], auth: bobAuth).status == .created)
            #expect(try await client.dav("GET", "\(alice)/Team/sub/renamed.txt").status == .ok)

            // alice's change reaches bob's root etag (so his client looks again).
            _ = try await client.dav("PUT", "\(alice)/Team/from-alice.txt", body: "hi bob")
            let after = try await client.listing("\(bob)/", user: "bob")["\(bob)/"]?.etag
            #expect(before != nil && before != after)
            #expect(String(buffer: try await client.dav("GET", "\(bob)/Team/from-alice.txt", auth: bobAuth).body) == "hi bob")

            // A file bob moves in from his own tree becomes alice's, and counts against her quota, not his.
            _ = try await client.dav("PUT", "\(bob)/own.txt", body: "12345", auth: bobAuth)
            #expect(try await client.dav("MOVE", "\(bob)/own.txt", headers: ["Destination": "\(bob)/Team/own.txt"], auth: bobAuth).status == .created)
            let aliceQuota = try await fixture.runtime.files.quota(owner: "alice")
            let bobQuota = try await fixture.runtime.files.quota(owner: "bob")
            #expect(aliceQuota.used == Int64("hello alice".count + "hi bob".count + 5))
            #expect(bobQuota.used == 0)

            // Renaming the mount point changes bob's view only.
            #expect(try await client.dav("MOVE", "\(bob)/Team", headers: ["Destination": "\(bob)/From%20Alice"], auth: bobAuth).status == .created)
            #expect(try await client.dav("GET", "\(bob)/From%20Alice/own.txt", auth: bobAuth).status == .ok)
            #expect(try await client.dav("PROPFIND", "\(alice)/Team/", headers: ["Depth": "0"]).status.code == 207)
        }
    }

    @Test func quotaIsTheOwnersThroughAShareEvenWithALyingLength() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.users.update({
            var record = try #require(try await fixture.runtime.users.user(named: "alice"))
            record.quota = 100
            return record
        }())
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Drop")
            _ = try await client.share(["path": "/Drop", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            let big = String(repeating: "x", count: 200)
            #expect(try await client.dav("PUT", "\(bob)/Drop/big.txt", body: big, auth: bobAuth).status.code == 507)
            // Chunked: the announced total is small, the chunks are not.
            let uploads = "/remote.php/dav/uploads/bob/u1"
            #expect(try await client.dav("MKCOL", uploads, auth: bobAuth).status == .created)
            _ = try await client.dav("PUT", "\(uploads)/00001", body: big, auth: bobAuth)
            let move = try await client.dav("MOVE", "\(uploads)/.file", headers: ["Destination": "\(bob)/Drop/big.txt", "OC-Total-Length": "10"], auth: bobAuth)
            #expect(move.status.code == 400 || move.status.code == 507)
            let move2 = try await client.dav("MOVE", "\(uploads)/.file", headers: ["Destination": "\(bob)/Drop/big.txt"], auth: bobAuth)
            #expect(move2.status.code == 507)
            #expect(try await client.dav("GET", "\(alice)/Drop/big.txt").status == .notFound)
            // bob's own (unlimited) quota does not help him past alice's.
            #expect(try await fixture.runtime.files.quota(owner: "alice").used == 0)
        }
    }

    @Test func reshareNeverExceedsTheResharersRights() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.users.add(name: "carol", password: "carol-pw")
        try await fixture.test { [alice] client in
            _ = try await client.dav("MKCOL", "\(alice)/Data")
            let readOnly = try await client.share(["path": "/Data", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            // Without the share right bob cannot reshare at all.
            let (noShare, _) = try await client.ocs("POST", "shares", form: ["path": "/Data", "shareType": "0", "shareWith": "carol", "permissions": "1"], user: "bob")
            #expect(noShare == 403)
            let id = try #require(readOnly["id"] as? String)
            let (updated, _) = try await client.ocs("PUT", "shares/\(id)", form: ["permissions": "17"])
            #expect(updated == 100)
            // With read+share: resharing read works, asking for more is refused.
            let (more, _) = try await client.ocs("POST", "shares", form: ["path": "/Data", "shareType": "0", "shareWith": "carol", "permissions": "31"], user: "bob")
            #expect(more == 403)
            let reshare = try await client.share(["path": "/Data", "shareType": "0", "shareWith": "carol", "permissions": "1"], user: "bob")
            #expect(reshare["uid_owner"] as? String == "bob" && reshare["uid_file_owner"] as? String == "alice")
            #expect(try await client.dav("GET", "/remote.php/dav/files/carol/Data/", auth: ServerFixture.basic("carol", "carol-pw")).status != .notFound)
            // A recipient cannot change the share itself; ending alice's share ends bob's reshare too.
            let (bobEdits, _) = try await client.ocs("PUT", "shares/\(id)", form: ["permissions": "31"], user: "bob")
            #expect(bobEdits == 403)
            let (deleted, _) = try await client.ocs("DELETE", "shares/\(id)")
            #expect(deleted == 100)
            let carolRoot = try await client.listing("/remote.php/dav/files/carol/", user: "carol")
            #expect(carolRoot["/remote.php/dav/files/carol/Data/"] == nil)
        }
    }

    @Test func mountPointsCannotBeEscaped() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Shared")
            _ = try await client.dav("PUT", "\(alice)/secret.txt", body: "private")
            _ = try await client.share(["path": "/Shared", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            for path in ["\(bob)/Shared/../secret.txt", "\(bob)/Shared/%2e%2e/secret.txt", "\(bob)/Shared/%2E%2E/%2E%2E/alice/secret.txt",
                         "\(bob)/Shared/..%2fsecret.txt"] {
                let response = try await client.dav("GET", path, auth: bobAuth)
                #expect(response.status == .badRequest || response.status == .notFound, "\(path): \(response.status)")
                #expect(!String(buffer: response.body).contains("private"))
            }
            #expect(try await client.dav("GET", "\(alice)/secret.txt", auth: bobAuth).status == .notFound)
            #expect(try await client.dav("MOVE", "\(bob)/Shared/x", headers: ["Destination": "\(alice)/x"], auth: bobAuth).status != .created)
        }
    }

    @Test func versionsAndTrashOfAReadOnlyShareCannotBeRestoredByTheRecipient() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Docs")
            let first = try await client.dav("PUT", "\(alice)/Docs/paper.tex", body: "v1")
            _ = try await client.dav("PUT", "\(alice)/Docs/paper.tex", body: "v2")
            _ = try await client.dav("PUT", "\(alice)/Docs/old.tex", body: "old")
            _ = try await client.dav("DELETE", "\(alice)/Docs/old.tex")
            _ = try await client.share(["path": "/Docs", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            let fileID = try #require(first.headers[HTTPField.Name("OC-FileId")!].flatMap { Int64($0.prefix(8)) })
            let versions = "/remote.php/dav/versions/bob/versions/\(fileID)"
            let list = try await client.dav("PROPFIND", "\(versions)/", headers: ["Depth": "1"], auth: bobAuth)
            #expect(list.status.code == 207)
            let versionHref = try #require(String(buffer: list.body).components(separatedBy: "<d:href>").dropFirst(2).first?.components(separatedBy: "<").first)
            let restore = try await client.dav("MOVE", versionHref, headers: ["Destination": "/remote.php/dav/versions/bob/restore/target"], auth: bobAuth)
            #expect(restore.status == .forbidden)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/Docs/paper.tex").body) == "v2")
            // alice's trash is hers: bob neither sees nor restores it.
            let trash = try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/bob/trash/", headers: ["Depth": "1"], auth: bobAuth)
            #expect(!String(buffer: trash.body).contains("old.tex"))
            #expect(try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/alice/trash/", headers: ["Depth": "1"], auth: bobAuth).status == .notFound)
        }
    }

    @Test func groupSharesFollowMembership() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.groups.add(name: "physics")
        try await fixture.runtime.groups.addUser("bob", to: "physics")
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Analysis")
            let share = try await client.share(["path": "/Analysis", "shareType": "1", "shareWith": "physics", "permissions": "5"])
            #expect(share["share_with"] as? String == "physics")
            #expect(try await client.listing("\(bob)/", user: "bob")["\(bob)/Analysis/"] != nil)
            #expect(try await client.dav("PUT", "\(bob)/Analysis/new.txt", body: "n", auth: bobAuth).status == .created)
            #expect(try await client.dav("PUT", "\(bob)/Analysis/new.txt", body: "changed", auth: bobAuth).status == .forbidden)
            let (code, data) = try await client.ocs("GET", "shares?shared_with_me=true", user: "bob")
            #expect(code == 100 && (data as? [[String: Any]])?.first?["file_target"] as? String == "/Analysis")
            let sharees = try await client.ocs("GET", "sharees?search=phy&itemType=folder")
            #expect(String(describing: sharees.1).contains("physics"))
            try await fixture.runtime.groups.removeUser("bob", from: "physics")
            #expect(try await client.listing("\(bob)/", user: "bob")["\(bob)/Analysis/"] == nil)
            #expect(try await client.dav("GET", "\(bob)/Analysis/new.txt", auth: bobAuth).status == .notFound)
        }
    }

    /// A folder shared with bob directly and with his group appears once in his tree, with the rights of both;
    /// it stays while any of the shares does.
    @Test func aNodeSharedTwiceWithTheSameUserAppearsOnce() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.groups.add(name: "physics")
        try await fixture.runtime.groups.add(name: "cms")
        try await fixture.runtime.groups.addUser("bob", to: "physics")
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Run2")
            _ = try await client.dav("PUT", "\(alice)/Run2/a.txt", body: "a")
            let direct = try await client.share(["path": "/Run2", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            let before = try await client.listing("\(bob)/", user: "bob")
            #expect(before["\(bob)/Run2/"]?.permissions.contains("C") == false)
            // The group share joins the mount point: still one entry, now writable, and its etag changed.
            let group = try await client.share(["path": "/Run2", "shareType": "1", "shareWith": "physics", "permissions": "15"])
            var root = try await client.listing("\(bob)/", user: "bob")
            #expect(root.keys.sorted() == ["\(bob)/", "\(bob)/Run2/"])
            #expect(root["\(bob)/Run2/"]?.permissions.contains("C") == true)
            #expect(root["\(bob)/Run2/"]?.etag != before["\(bob)/Run2/"]?.etag)
            #expect(try await client.dav("PUT", "\(bob)/Run2/b.txt", body: "b", auth: bobAuth).status == .created)
            // Both shares are listed as shared with bob, at the one path.
            let (code, data) = try await client.ocs("GET", "shares?shared_with_me=true", user: "bob")
            let received = (data as? [[String: Any]]) ?? []
            #expect(code == 100 && received.count == 2)
            #expect(Set(received.compactMap { $0["file_target"] as? String }) == ["/Run2"])
            // Joining a second group that receives the folder too still gives one entry.
            _ = try await client.share(["path": "/Run2", "shareType": "1", "shareWith": "cms", "permissions": "1"])
            try await fixture.runtime.groups.addUser("bob", to: "cms")
            root = try await client.listing("\(bob)/", user: "bob")
            #expect(root.keys.sorted() == ["\(bob)/", "\(bob)/Run2/"])
            // Ending the writable group share leaves the mount point with the read-only rights of the others.
            try await fixture.runtime.groups.removeUser("bob", from: "physics")
            root = try await client.listing("\(bob)/", user: "bob")
            #expect(root["\(bob)/Run2/"]?.permissions.contains("C") == false)
            #expect(try await client.dav("PUT", "\(bob)/Run2/c.txt", body: "c", auth: bobAuth).status == .forbidden)
            let (deleted, _) = try await client.ocs("DELETE", "shares/\(try #require(direct["id"] as? String))")
            #expect(deleted == 100)
            #expect(try await client.dav("GET", "\(bob)/Run2/a.txt", auth: bobAuth).status == .ok)
            // Deleting the mount point leaves every share behind it: bob's tree is empty again, alice's is intact.
            #expect(try await client.dav("DELETE", "\(bob)/Run2", auth: bobAuth).status == .noContent)
            root = try await client.listing("\(bob)/", user: "bob")
            #expect(root.keys.sorted() == ["\(bob)/"])
            #expect(try await client.dav("GET", "\(alice)/Run2/b.txt").status == .ok)
            let (groupCode, _) = try await client.ocs("GET", "shares/\(try #require(group["id"] as? String))")
            #expect(groupCode == 100, "the physics share stays for the group's other members")
        }
    }

    /// A recipient deleting inside a share finds the item in their own trash bin too; each copy restores.
    @Test func aRecipientDeletingInAShareFindsTheItemInBothTrashBins() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/Team")
            _ = try await client.dav("MKCOL", "\(alice)/Team/run1")
            _ = try await client.dav("PUT", "\(alice)/Team/run1/notes.txt", body: "notes")
            _ = try await client.share(["path": "/Team", "shareType": "0", "shareWith": "bob"])
            #expect(try await client.dav("DELETE", "\(bob)/Team/run1", auth: bobAuth).status == .noContent)
            func item(_ user: String) async throws -> String {
                let auth = ServerFixture.basic(user, "\(user)-pw")
                let xml = String(buffer: try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/\(user)/trash/",
                                                               headers: ["Depth": "1"], auth: auth).body)
                #expect(xml.contains("<nc:trashbin-original-location>Team/run1</nc:trashbin-original-location>"), "\(user): \(xml)")
                return try #require(xml.components(separatedBy: "<d:href>/remote.php/dav/trash-bin/\(user)/trash/").dropFirst()
                    .compactMap { $0.components(separatedBy: "</d:href>").first }.first { !$0.isEmpty })
            }
            let (aliceItem, bobItem) = (try await item("alice"), try await item("bob"))
            // bob's copy comes back into his own files (the shared folder is alice's), with its content.
            let bobRestore = try await client.dav("MOVE", "/remote.php/dav/trash-bin/bob/trash/\(bobItem)",
                                                  headers: ["Destination": "/remote.php/dav/trash-bin/bob/restore/run1"], auth: bobAuth)
            #expect(bobRestore.status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(bob)/run1/notes.txt", auth: bobAuth).body) == "notes")
            // alice's copy goes back into the shared folder, where bob sees it again.
            let aliceRestore = try await client.dav("MOVE", "/remote.php/dav/trash-bin/alice/trash/\(aliceItem)",
                                                    headers: ["Destination": "/remote.php/dav/trash-bin/alice/restore/run1"])
            #expect(aliceRestore.status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(bob)/Team/run1/notes.txt", auth: bobAuth).body) == "notes")
            // alice deleting in her own folder leaves bob's trash alone.
            _ = try await client.dav("DELETE", "\(alice)/Team/run1/notes.txt")
            let bobTrash = try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/bob/trash/", headers: ["Depth": "1"], auth: bobAuth)
            #expect(!String(buffer: bobTrash.body).contains("notes.txt"))
        }
    }

    @Test func deletingTheSharedFolderOrTheShareRemovesTheMount() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice, bob, bobAuth] client in
            _ = try await client.dav("MKCOL", "\(alice)/A")
            _ = try await client.dav("MKCOL", "\(alice)/B")
            _ = try await client.dav("MKCOL", "\(bob)/A", auth: bobAuth)  // a clash: the share appears as "A (2)"
            _ = try await client.share(["path": "/A", "shareType": "0", "shareWith": "bob"])
            let b = try await client.share(["path": "/B", "shareType": "0", "shareWith": "bob"])
            var root = try await client.listing("\(bob)/", user: "bob")
            #expect(root["\(bob)/A%20(2)/"] != nil && root["\(bob)/B/"] != nil)
            let etag = root["\(bob)/"]?.etag
            _ = try await client.dav("DELETE", "\(alice)/A")
            root = try await client.listing("\(bob)/", user: "bob")
            #expect(root["\(bob)/A%20(2)/"] == nil && root["\(bob)/"]?.etag != etag)
            // A recipient deleting the mount point leaves the share; alice's folder stays.
            #expect(try await client.dav("DELETE", "\(bob)/B", auth: bobAuth).status == .noContent)
            #expect(try await client.dav("PROPFIND", "\(alice)/B", headers: ["Depth": "0"]).status.code == 207)
            let (code, _) = try await client.ocs("GET", "shares/\(try #require(b["id"] as? String))")
            #expect(code == 404)
        }
    }
}

/// A single file shared: it appears as a file in the recipient's root and updates reach its owner.
@Suite struct FileShareTests {
    @Test func aSharedFileCanBeUpdatedButNeverDeletedThroughTheShare() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let alice = "/remote.php/dav/files/alice"
            let bob = "/remote.php/dav/files/bob"
            let bobAuth = ServerFixture.basic("bob", "bob-pw")
            _ = try await client.dav("PUT", "\(alice)/notes.txt", body: "one")
            let share = try await client.share(["path": "/notes.txt", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            #expect(share["permissions"] as? Int == 19)  // file shares never carry create (4) or delete (8)
            #expect(share["item_type"] as? String == "file")
            let listed = try await client.listing("\(bob)/", user: "bob")
            #expect(listed["\(bob)/notes.txt"]?.permissions.contains("W") == true)
            let put = try await client.dav("PUT", "\(bob)/notes.txt", body: "two", auth: bobAuth)
            #expect(put.status == .noContent)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/notes.txt").body) == "two")
            // The etag bob got from the PUT is the one his listing shows, so his client does not download again.
            let after = try await client.listing("\(bob)/", user: "bob")["\(bob)/notes.txt"]?.etag
            #expect(after == put.headers[.eTag])
            // alice's own listing marks the file as shared by her.
            let aliceListing = String(buffer: try await client.dav("PROPFIND", "\(alice)/", headers: ["Depth": "1"],
                body: "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><oc:share-types/></d:prop></d:propfind>").body)
            #expect(aliceListing.contains("<oc:share-type>0</oc:share-type>"))
            // Deleting it in bob's tree only removes bob's access.
            #expect(try await client.dav("DELETE", "\(bob)/notes.txt", auth: bobAuth).status == .noContent)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/notes.txt").body) == "two")
            #expect(try await client.dav("GET", "\(bob)/notes.txt", auth: bobAuth).status == .notFound)
            // alice deleting a shared file ends its share: the recipient's copy of the mount goes too.
            _ = try await client.dav("PUT", "\(alice)/plan.txt", body: "p")
            let plan = try await client.share(["path": "/plan.txt", "shareType": "0", "shareWith": "bob"])
            #expect(try await client.listing("\(bob)/", user: "bob")["\(bob)/plan.txt"] != nil)
            _ = try await client.dav("MKCOL", "\(alice)/box")
            _ = try await client.share(["path": "/box", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            // A shared file cannot move into a folder of another owner (its share is bound to alice's tree).
            #expect(try await client.dav("MOVE", "\(bob)/plan.txt",
                                         headers: ["Destination": "\(bob)/box/plan.txt"], auth: bobAuth).status == .forbidden)
            #expect(try await client.dav("DELETE", "\(alice)/plan.txt").status == .noContent)
            #expect(try await client.listing("\(bob)/", user: "bob")["\(bob)/plan.txt"] == nil)
            let (code, _) = try await client.ocs("GET", "shares/\(try #require(plan["id"] as? String))")
            #expect(code == 404)
        }
    }
}

@Suite struct AccountDeletionSharingTests {
    @Test func deletingAnAccountEndsTheSharesItMadeAndReceived() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.users.add(name: "carol", password: "carol-pw")
        try await fixture.test { client in
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/Data")
            _ = try await client.share(["path": "/Data", "shareType": "0", "shareWith": "bob", "permissions": "17"])
            _ = try await client.share(["path": "/Data", "shareType": "0", "shareWith": "carol", "permissions": "1"], user: "bob")
            #expect(try await client.listing("/remote.php/dav/files/carol/", user: "carol")["/remote.php/dav/files/carol/Data/"] != nil)
            try await fixture.runtime.users.delete(name: "bob")
            // bob's reshare dies with his account: carol loses access, alice keeps no share with bob.
            #expect(try await client.listing("/remote.php/dav/files/carol/", user: "carol")["/remote.php/dav/files/carol/Data/"] == nil)
            let (code, data) = try await client.ocs("GET", "shares")
            #expect(code == 100 && (data as? [Any])?.isEmpty == true)
        }
    }
}

@Suite struct ShareFolderAndBulkTests {
    @Test func sharesAppearInTheConfiguredFolderAndBulkUploadsHonourTheShare() async throws {
        let fixture = try await ServerFixture { $0.shareFolder = try! TreePath(components: ["Shared with me"]) }
        try await fixture.test { client in
            let bobAuth = ServerFixture.basic("bob", "bob-pw")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/RO")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/RW")
            _ = try await client.share(["path": "/RO", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            _ = try await client.share(["path": "/RW", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            let folder = try await client.listing("/remote.php/dav/files/bob/Shared%20with%20me/", user: "bob")
            #expect(folder["/remote.php/dav/files/bob/Shared%20with%20me/RO/"] != nil)
            #expect(folder["/remote.php/dav/files/bob/Shared%20with%20me/RW/"] != nil)
            func part(_ path: String, _ content: String, md5: String) -> String {
                "--B\r\nX-File-Path: \(path)\r\nX-File-MD5: \(md5)\r\nX-File-Mtime: 1600000000\r\nContent-Length: \(content.utf8.count)\r\n\r\n\(content)\r\n"
            }
            let body = part("/Shared with me/RO/a.txt", "hello", md5: "5d41402abc4b2a76b9719d911017c592")
                + part("/Shared with me/RW/b.txt", "hello", md5: "5d41402abc4b2a76b9719d911017c592") + "--B--\r\n"
            let response = try await client.dav("POST", "/remote.php/dav/bulk", headers: ["Content-Type": "multipart/related; boundary=B"],
                                                body: body, auth: bobAuth)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: Any]])
            #expect(json["/Shared with me/RO/a.txt"]?["error"] as? Bool == true)
            #expect(json["/Shared with me/RW/b.txt"]?["error"] as? Bool == false)
            #expect(try await client.dav("GET", "/remote.php/dav/files/alice/RO/a.txt").status == .notFound)
            #expect(String(buffer: try await client.dav("GET", "/remote.php/dav/files/alice/RW/b.txt").body) == "hello")
        }
    }
}

@Suite struct LocksInSharesTests {
    @Test func aRecipientLocksRefreshesAndUnlocksAFileInAShareAndTheOwnerIsHeldOff() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let bob = "/remote.php/dav/files/bob"
            let bobAuth = ServerFixture.basic("bob", "bob-pw")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/Team")
            _ = try await client.dav("PUT", "/remote.php/dav/files/alice/Team/doc.txt", body: "v1")
            _ = try await client.share(["path": "/Team", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            let body = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>bob</d:owner></d:lockinfo>"
            let lock = try await client.dav("LOCK", "\(bob)/Team/doc.txt", headers: ["Timeout": "Second-600"], body: body, auth: bobAuth)
            #expect(lock.status == .ok)
            let token = try #require(lock.headers[HTTPField.Name("Lock-Token")!])
            // The lock lives on the shared file itself: its owner cannot write past it.
            #expect(try await client.dav("PUT", "/remote.php/dav/files/alice/Team/doc.txt", body: "alice").status.code == 423)
            let ifHeader = ["If": "(\(token))"]
            #expect(try await client.dav("PUT", "\(bob)/Team/doc.txt", headers: ifHeader, body: "v2", auth: bobAuth).status == .noContent)
            #expect(try await client.dav("LOCK", "\(bob)/Team/doc.txt", headers: ifHeader.merging(["Timeout": "Second-60"]) { $1 }, auth: bobAuth).status == .ok)
            #expect(try await client.dav("UNLOCK", "\(bob)/Team/doc.txt", headers: ["Lock-Token": token], auth: bobAuth).status == .noContent)
            #expect(try await client.dav("PUT", "/remote.php/dav/files/alice/Team/doc.txt", body: "alice").status == .noContent)
        }
    }
}

extension LocksInSharesTests {
    /// Locks live in the owner's tree; a recipient sees them under the mount point, whatever it is called.
    @Test func locksInAShareShowUnderTheRecipientsMountPoint() async throws {
        let fixture = try await ServerFixture { $0.shareFolder = try! TreePath(components: ["Shared"]) }
        try await fixture.test { client in
            let bobAuth = ServerFixture.basic("bob", "bob-pw")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/Team")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/Team/sub")
            _ = try await client.dav("PUT", "/remote.php/dav/files/alice/Team/sub/doc.txt", body: "v1")
            _ = try await client.share(["path": "/Team", "shareType": "0", "shareWith": "bob", "permissions": "31"])
            let info = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>alice</d:owner></d:lockinfo>"
            let locked = try await client.dav("LOCK", "/remote.php/dav/files/alice/Team/sub", headers: ["Timeout": "Second-600"], body: info)
            #expect(locked.status == .ok)
            let token = try #require(locked.headers[HTTPField.Name("Lock-Token")!]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            let props = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:lockdiscovery/></d:prop></d:propfind>"
            let seen = String(buffer: try await client.dav("PROPFIND", "/remote.php/dav/files/bob/Shared/Team/sub/doc.txt",
                                                           headers: ["Depth": "0"], body: props, auth: bobAuth).body)
            #expect(seen.contains(token))
            #expect(seen.contains("<d:lockroot><d:href>/remote.php/dav/files/bob/Shared/Team/sub</d:href></d:lockroot>"))
            // bob's own lock on a file of the share answers with his path as its root, and so does its refresh.
            _ = try await client.dav("UNLOCK", "/remote.php/dav/files/alice/Team/sub", headers: ["Lock-Token": "<\(token)>"])
            let bobs = try await client.dav("LOCK", "/remote.php/dav/files/bob/Shared/Team/sub/doc.txt", headers: ["Depth": "0"], body: info, auth: bobAuth)
            #expect(String(buffer: bobs.body).contains("<d:href>/remote.php/dav/files/bob/Shared/Team/sub/doc.txt</d:href>"))
            let bobsToken = try #require(bobs.headers[HTTPField.Name("Lock-Token")!])
            let refreshed = try await client.dav("LOCK", "/remote.php/dav/files/bob/Shared/Team/sub/doc.txt",
                                                 headers: ["If": "(\(bobsToken))"], auth: bobAuth)
            #expect(String(buffer: refreshed.body).contains("<d:href>/remote.php/dav/files/bob/Shared/Team/sub/doc.txt</d:href>"))
            // alice, the owner, sees bob's lock in her own tree.
            let aliceSees = String(buffer: try await client.dav("PROPFIND", "/remote.php/dav/files/alice/Team/sub/doc.txt",
                                                                headers: ["Depth": "0"], body: props).body)
            #expect(aliceSees.contains("<d:lockroot><d:href>/remote.php/dav/files/alice/Team/sub/doc.txt</d:href></d:lockroot>"))
        }
    }
}

/// Search, the favorites report and folder downloads walk into the shares mounted in the viewer's tree;
/// favorites are per user.
@Suite struct WalkingIntoSharesTests {
    @Test func searchAndFavoritesReachIntoReceivedSharesWithTheSharesRights() async throws {
        let fixture = try await ServerFixture()
        let (alice, bob, bobAuth) = ("/remote.php/dav/files/alice", "/remote.php/dav/files/bob", ServerFixture.basic("bob", "bob-pw"))
        try await fixture.test { client in
            _ = try await client.dav("MKCOL", "\(alice)/Project")
            _ = try await client.dav("MKCOL", "\(alice)/Project/runs")
            _ = try await client.dav("PUT", "\(alice)/Project/runs/run7.root", body: "events")
            _ = try await client.dav("PUT", "\(bob)/run8.root", body: "bob's", auth: bobAuth)
            _ = try await client.share(["path": "/Project", "shareType": "0", "shareWith": "bob", "permissions": "1"])
            // bob shares a folder of his own with alice: inside alice's share bob must not see alice's mounts.
            _ = try await client.dav("MKCOL", "\(bob)/Mine", auth: bobAuth)
            _ = try await client.share(["path": "/Mine", "shareType": "0", "shareWith": "alice", "permissions": "31"], user: "bob")

            let search = """
            <d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:basicsearch>
            <d:select><d:prop><d:displayname/><oc:permissions/></d:prop></d:select>
            <d:from><d:scope><d:href>/files/bob</d:href><d:depth>infinity</d:depth></d:scope></d:from>
            <d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%.root</d:literal></d:like></d:where>
            <d:orderby/></d:basicsearch></d:searchrequest>
            """
            let found = String(buffer: try await client.dav("SEARCH", "/remote.php/dav/", headers: ["Content-Type": "text/xml"],
                                                            body: search, auth: bobAuth).body)
            #expect(found.contains("/files/bob/run8.root"))
            #expect(found.contains("/files/bob/Project/runs/run7.root"))
            let inShare = found.components(separatedBy: "Project/runs/run7.root").dropFirst().first ?? ""
            #expect(inShare.components(separatedBy: "</d:response>").first?.contains("<oc:permissions>SG</oc:permissions>") == true)

            // Favorites are each user's own: bob may mark a file of a read-only share, alice does not see his mark,
            // and hers is not his; the favorites report under bob's root reaches into the share.
            func favorite(_ on: Bool) -> String {
                "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:set><d:prop><oc:favorite>\(on ? 1 : 0)</oc:favorite></d:prop></d:set></d:propertyupdate>"
            }
            let report = "<?xml version=\"1.0\"?><oc:filter-files xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:displayname/></d:prop><oc:filter-rules><oc:favorite>1</oc:favorite></oc:filter-rules></oc:filter-files>"
            func favorites(_ user: String) async throws -> String {
                String(buffer: try await client.dav("REPORT", "/remote.php/dav/files/\(user)/", body: report,
                                                    auth: ServerFixture.basic(user, "\(user)-pw")).body)
            }
            #expect(try await client.dav("PROPPATCH", "\(bob)/Project/runs/run7.root", body: favorite(true), auth: bobAuth).status.code == 207)
            #expect(try await favorites("bob").contains("/files/bob/Project/runs/run7.root"))
            #expect(try await !favorites("alice").contains("run7.root"))
            _ = try await client.dav("PROPPATCH", "\(alice)/Project/runs/run8.txt", body: favorite(true))  // missing: 404, no mark
            _ = try await client.dav("PROPPATCH", "\(alice)/Project/runs/run7.root", body: favorite(true))
            _ = try await client.dav("PROPPATCH", "\(bob)/Project/runs/run7.root", body: favorite(false), auth: bobAuth)
            #expect(try await favorites("alice").contains("/files/alice/Project/runs/run7.root"))
            #expect(try await !favorites("bob").contains("run7.root"))
            let props = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><oc:favorite/></d:prop></d:propfind>"
            let bobsView = try await client.dav("PROPFIND", "\(bob)/Project/runs/run7.root", headers: ["Depth": "0"], body: props, auth: bobAuth)
            #expect(String(buffer: bobsView.body).contains("<oc:favorite>0</oc:favorite>"))
            // Other properties of a read-only share still cannot be changed along with the mark.
            let mixed = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:set><d:prop><oc:favorite>1</oc:favorite><x:y xmlns:x=\"urn:x\">1</x:y></d:prop></d:set></d:propertyupdate>"
            #expect(try await client.dav("PROPPATCH", "\(bob)/Project/runs/run7.root", body: mixed, auth: bobAuth).status == .forbidden)
            #expect(try await !favorites("bob").contains("run7.root"))

            // alice's own search sees her file once, in her tree, and bob's share "Mine" but nothing of bob's beyond it.
            let aliceSearch = search.replacingOccurrences(of: "/files/bob", with: "/files/alice")
            let aliceFound = String(buffer: try await client.dav("SEARCH", "/remote.php/dav/", headers: ["Content-Type": "text/xml"],
                                                                 body: aliceSearch).body)
            #expect(aliceFound.contains("/files/alice/Project/runs/run7.root") && !aliceFound.contains("run8.root"))
            #expect(aliceFound.components(separatedBy: "Project/runs/run7.root</d:href>").count == 2)
        }
    }

    @Test func aFolderDownloadedAsZipHoldsTheSharesInside() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let bobAuth = ServerFixture.basic("bob", "bob-pw")
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/bob/Data", auth: bobAuth)
            _ = try await client.dav("PUT", "/remote.php/dav/files/bob/Data/x.txt", body: "from bob", auth: bobAuth)
            _ = try await client.share(["path": "/Data", "shareType": "0", "shareWith": "alice", "permissions": "1"], user: "bob")
            _ = try await client.dav("PUT", "/remote.php/dav/files/alice/own.txt", body: "alice")
            let (session, _) = try #require(try await WebSessionTests.logIn(client))
            let zip = try await client.dav("GET", "/apps/files/download?path=%2F", headers: ["Cookie": "hepbox_session=\(session)"], auth: nil)
            #expect(zip.status == .ok)
            #expect(try ZipMember.text(of: "alice/Data/x.txt", in: zip.body.readableBytesView) == "from bob")
        }
    }
}
