#ifndef CASEBOOK_SQLITE_SUPPORT_H
#define CASEBOOK_SQLITE_SUPPORT_H

#include <sqlite3.h>
#include <stdint.h>

/// Turns the firing of triggers on or off for one connection (`SQLITE_DBCONFIG_ENABLE_TRIGGER`), and returns
/// whether they fire now. `sqlite3_db_config` is variadic, so Swift cannot call it itself. SQLite re-prepares the
/// connection's statements when the setting changes.
int casebook_sqlite_enable_triggers(sqlite3 *db, int enable);

/// Keeps the connection's -wal file when it closes last (`SQLITE_FCNTL_PERSIST_WAL`) instead of deleting it.
void casebook_sqlite_persist_wal(sqlite3 *db);

/// Sets bit `id` of `words` (`wordCount` 64-bit words) for each id that the prepared, bound statement `statement`
/// returns in its first column; ids outside the words are skipped. Returns `SQLITE_DONE`, or the error code of the
/// step that failed. The statement is left to the caller to reset or finalize.
///
/// Reading the rows here costs a few nanoseconds each; through GRDB's cursor, which makes a value of each, about a
/// tenth of a microsecond.
int casebook_sqlite_read_id_set(sqlite3_stmt *statement, uint64_t *words, int64_t wordCount);

/// Registers `name(id)` on `db`: 1 when bit `id` of `words` is set, else 0, for an integer `id` (0 for anything else).
/// The words are copied; the copy is freed when the function is replaced or removed (`sqlite3_create_function` with
/// no callbacks) or the connection closes. Returns SQLite's result code.
///
/// A search's filter asks it about every full-text match: a C function costs a few nanoseconds a call, a Swift one
/// through GRDB about a microsecond (an array of argument values each time).
int casebook_sqlite_create_id_filter(sqlite3 *db, const char *name, const uint64_t *words, int64_t wordCount);

/// Removes the function `name(id)` from `db`, freeing its words.
void casebook_sqlite_drop_id_filter(sqlite3 *db, const char *name);

#endif
