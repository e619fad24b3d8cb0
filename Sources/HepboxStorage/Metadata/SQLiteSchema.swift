import GRDB

/// Versioned schema of the SQLite metadata store. Migrations are append-only: a shipped migration is never edited,
/// a change is a new migration, so every existing database upgrades the same way.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // AUTOINCREMENT (not plain rowid) so that the id of a deleted node is never handed out again:
            // clients cache file ids (oc:fileid) and a reused id would alias two different files.
            try db.execute(sql: """
                CREATE TABLE nodes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    parent_id INTEGER,
                    owner TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,
                    etag TEXT NOT NULL,
                    blob_id TEXT,
                    sha1 TEXT,
                    md5 TEXT,
                    adler32 TEXT,
                    content_type TEXT
                );
                CREATE UNIQUE INDEX nodes_parent_name ON nodes(parent_id, name);
                -- NULLs are distinct in a UNIQUE index, so roots need their own: one root per user.
                CREATE UNIQUE INDEX nodes_root_owner ON nodes(owner) WHERE parent_id IS NULL;
                CREATE INDEX nodes_blob ON nodes(blob_id) WHERE blob_id IS NOT NULL;

                CREATE TABLE users (
                    name TEXT PRIMARY KEY NOT NULL,
                    display_name TEXT NOT NULL,
                    email TEXT,
                    password_hash TEXT NOT NULL,
                    quota INTEGER,
                    is_admin INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );

                CREATE TABLE properties (
                    node_id INTEGER NOT NULL,
                    namespace TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value_xml TEXT NOT NULL,
                    PRIMARY KEY (node_id, namespace, name)
                );

                CREATE TABLE locks (
                    token TEXT PRIMARY KEY NOT NULL,
                    tree_owner TEXT NOT NULL,
                    path TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    deep INTEGER NOT NULL,
                    owner_xml TEXT NOT NULL,
                    principal TEXT NOT NULL,
                    timeout_seconds INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX locks_tree_owner ON locks(tree_owner);

                CREATE TABLE blobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    sha1 TEXT NOT NULL,
                    md5 TEXT NOT NULL,
                    adler32 TEXT NOT NULL,
                    block_size INTEGER NOT NULL,
                    block_checksums BLOB NOT NULL,
                    replicas TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: versions") { db in
            try db.execute(sql: """
                CREATE TABLE versions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    node_id INTEGER NOT NULL,
                    blob_id TEXT,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,
                    etag TEXT NOT NULL,
                    sha1 TEXT,
                    md5 TEXT,
                    adler32 TEXT,
                    replaced_at INTEGER NOT NULL
                );
                CREATE INDEX versions_node ON versions(node_id);
                CREATE INDEX versions_blob ON versions(blob_id) WHERE blob_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3: app passwords") { db in
            try db.execute(sql: """
                CREATE TABLE app_passwords (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user TEXT NOT NULL,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX app_passwords_user ON app_passwords(user);
                """)
        }
        migrator.registerMigration("v4: groups and shares") { db in
            try db.execute(sql: """
                CREATE TABLE groups (
                    name TEXT PRIMARY KEY NOT NULL,
                    display_name TEXT NOT NULL
                );
                CREATE TABLE group_members (
                    group_name TEXT NOT NULL,
                    user TEXT NOT NULL,
                    PRIMARY KEY (group_name, user)
                );
                CREATE INDEX group_members_user ON group_members(user);

                CREATE TABLE shares (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    type INTEGER NOT NULL,
                    sharer TEXT NOT NULL,
                    file_owner TEXT NOT NULL,
                    node_id INTEGER NOT NULL,
                    permissions INTEGER NOT NULL,
                    recipient TEXT,
                    token TEXT UNIQUE,
                    password_hash TEXT,
                    expiration INTEGER,
                    label TEXT NOT NULL,
                    note TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    parent_id INTEGER,
                    hide_download INTEGER NOT NULL
                );
                CREATE INDEX shares_node ON shares(node_id);
                CREATE INDEX shares_sharer ON shares(sharer);
                CREATE INDEX shares_file_owner ON shares(file_owner);
                CREATE INDEX shares_recipient ON shares(recipient) WHERE recipient IS NOT NULL;
                CREATE INDEX shares_parent ON shares(parent_id) WHERE parent_id IS NOT NULL;

                CREATE TABLE mounts (
                    node_id INTEGER PRIMARY KEY NOT NULL,
                    share_id INTEGER NOT NULL,
                    user TEXT NOT NULL
                );
                CREATE INDEX mounts_share ON mounts(share_id);
                CREATE INDEX mounts_user ON mounts(user);
                """)
        }
        migrator.registerMigration("v5: web sessions") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user TEXT NOT NULL,
                    csrf_token TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX sessions_user ON sessions(user);
                """)
        }
        migrator.registerMigration("v6: favorites per user") { db in
            // Favorites were a dead property of the node, so every user who could see a shared node saw one mark.
            // They become the owner's own marks.
            try db.execute(sql: """
                CREATE TABLE favorites (
                    user TEXT NOT NULL,
                    node_id INTEGER NOT NULL,
                    PRIMARY KEY (user, node_id)
                );
                CREATE INDEX favorites_node ON favorites(node_id);
                INSERT OR IGNORE INTO favorites (user, node_id)
                    SELECT nodes.owner, properties.node_id FROM properties JOIN nodes ON nodes.id = properties.node_id
                    WHERE properties.namespace = 'http://owncloud.org/ns' AND properties.name = 'favorite'
                      AND trim(properties.value_xml) = '1';
                DELETE FROM properties WHERE namespace = 'http://owncloud.org/ns' AND name = 'favorite';
                """)
        }
        migrator.registerMigration("v7: one mount point for several shares") { db in
            // A node shared with a user directly and through a group (or through two groups) mounts once, backed
            // by every such share: a mount point's rows are keyed by node and share.
            try db.execute(sql: """
                CREATE TABLE mounts_v7 (
                    node_id INTEGER NOT NULL,
                    share_id INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    PRIMARY KEY (node_id, share_id)
                );
                INSERT INTO mounts_v7 (node_id, share_id, user) SELECT node_id, share_id, user FROM mounts;
                DROP TABLE mounts;
                ALTER TABLE mounts_v7 RENAME TO mounts;
                CREATE INDEX mounts_share ON mounts(share_id);
                CREATE INDEX mounts_user ON mounts(user);
                """)
        }
        return migrator
    }
}
