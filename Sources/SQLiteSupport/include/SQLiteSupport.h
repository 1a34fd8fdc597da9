#ifndef CASEBOOK_SQLITE_SUPPORT_H
#define CASEBOOK_SQLITE_SUPPORT_H

#include <sqlite3.h>

/// Turns the firing of triggers on or off for one connection (`SQLITE_DBCONFIG_ENABLE_TRIGGER`), and returns
/// whether they fire now. `sqlite3_db_config` is variadic, so Swift cannot call it itself. SQLite re-prepares the
/// connection's statements when the setting changes.
int casebook_sqlite_enable_triggers(sqlite3 *db, int enable);

/// Keeps the connection's -wal file when it closes last (`SQLITE_FCNTL_PERSIST_WAL`) instead of deleting it.
void casebook_sqlite_persist_wal(sqlite3 *db);

#endif
