#include "SQLiteSupport.h"

int casebook_sqlite_enable_triggers(sqlite3 *db, int enable) {
    int enabled = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enable, &enabled);
    return enabled;
}
