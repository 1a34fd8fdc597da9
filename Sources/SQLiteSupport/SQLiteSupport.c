#include "SQLiteSupport.h"

int casebook_sqlite_enable_triggers(sqlite3 *db, int enable) {
    int enabled = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enable, &enabled);
    return enabled;
}

void casebook_sqlite_persist_wal(sqlite3 *db) {
    int persist = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
}
