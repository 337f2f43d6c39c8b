import GRDB

/// The state database's tables. Records are stored as JSON bodies beside the few columns queries need, so
/// adding a field to a record needs no migration.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE revision (number INTEGER PRIMARY KEY, createdAt DATETIME NOT NULL, body BLOB NOT NULL);
                CREATE TABLE deploy (id INTEGER PRIMARY KEY AUTOINCREMENT, outcome TEXT NOT NULL, body BLOB NOT NULL);
                CREATE INDEX deploy_outcome ON deploy (outcome);
                CREATE TABLE step (deployID INTEGER NOT NULL REFERENCES deploy(id), sequence INTEGER NOT NULL, body BLOB NOT NULL);
                CREATE INDEX step_deploy ON step (deployID);
                CREATE TABLE event (deployID INTEGER NOT NULL REFERENCES deploy(id), body BLOB NOT NULL);
                CREATE INDEX event_deploy ON event (deployID);
                CREATE TABLE instance (id TEXT PRIMARY KEY, service TEXT NOT NULL, body BLOB NOT NULL);
                CREATE TABLE traffic (service TEXT PRIMARY KEY, body BLOB NOT NULL);
                CREATE TABLE lock (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
                """)
        }
        migrator.registerMigration("v2-commands") { db in
            try db.execute(sql: """
                CREATE TABLE command (deployID INTEGER NOT NULL REFERENCES deploy(id), sequence INTEGER NOT NULL,
                                      body BLOB NOT NULL, PRIMARY KEY (deployID, sequence));
                """)
        }
        return migrator
    }
}
