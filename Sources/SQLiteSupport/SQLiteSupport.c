#include "SQLiteSupport.h"

#include <stdlib.h>
#include <string.h>

int casebook_sqlite_enable_triggers(sqlite3 *db, int enable) {
    int enabled = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enable, &enabled);
    return enabled;
}

void casebook_sqlite_persist_wal(sqlite3 *db) {
    int persist = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
}

int casebook_sqlite_read_id_set(sqlite3_stmt *statement, uint64_t *words, int64_t wordCount) {
    int code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(statement, 0);
        if (id >= 0 && id / 64 < wordCount) words[id / 64] |= (uint64_t)1 << (id % 64);
    }
    return code;
}

/// The words an id filter tests, owned by the function.
struct id_filter {
    int64_t wordCount;
    uint64_t words[];
};

static void id_filter_passes(sqlite3_context *context, int argc, sqlite3_value **argv) {
    const struct id_filter *filter = sqlite3_user_data(context);
    int passes = 0;
    if (argc == 1 && sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        sqlite3_int64 id = sqlite3_value_int64(argv[0]);
        passes = id >= 0 && id / 64 < filter->wordCount && (filter->words[id / 64] >> (id % 64) & 1);
    }
    sqlite3_result_int(context, passes);
}

int casebook_sqlite_create_id_filter(sqlite3 *db, const char *name, const uint64_t *words, int64_t wordCount) {
    struct id_filter *filter = malloc(sizeof(struct id_filter) + (size_t)wordCount * sizeof(uint64_t));
    if (filter == NULL) return SQLITE_NOMEM;
    filter->wordCount = wordCount;
    if (wordCount > 0) memcpy(filter->words, words, (size_t)wordCount * sizeof(uint64_t));
    // On failure, SQLite calls the destructor itself.
    return sqlite3_create_function_v2(db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, filter, id_filter_passes, NULL,
                                      NULL, free);
}

void casebook_sqlite_drop_id_filter(sqlite3 *db, const char *name) {
    sqlite3_create_function_v2(db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL, NULL, NULL, NULL);
}
