/* vibesql.h: the C ABI of the VibeSQL engine (library libVibeSQLC.so).
 *
 * Every function returns a status (or a value that cannot fail); no error or trap of the engine
 * crosses this boundary. After a failing call, vibesql_errcode/errmsg/erroffset/errkind of the
 * connection describe it until the next call on that connection.
 *
 * Threading: a connection and the statements prepared on it are used by one thread at a time
 * (calls on one connection must not overlap). Different connections may be used on different
 * threads at once. vibesql_interrupt is the one call that may be made from any thread while
 * another thread runs a statement on the connection.
 *
 * Text is UTF-8, passed with a byte length. Pointers returned (text, blobs, names, buffers) stay
 * valid until the next step, reset or finalize of their statement.
 */
#ifndef VIBESQL_H
#define VIBESQL_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vibesql_db vibesql_db;
typedef struct vibesql_stmt vibesql_stmt;

/* Status codes: SQLite's numbers where the meaning is the same. */
#define VIBESQL_OK          0
#define VIBESQL_ERROR       1   /* SQL error: syntax, no such table, run-time error */
#define VIBESQL_READONLY    8   /* attempt to write a read-only database */
#define VIBESQL_INTERRUPT   9   /* interrupted */
#define VIBESQL_CANTOPEN   14   /* a dump file cannot be read or written */
#define VIBESQL_TOOBIG     18   /* an integer parameter outside 64 bits */
#define VIBESQL_CONSTRAINT 19   /* NOT NULL, UNIQUE, PRIMARY KEY, CHECK, FOREIGN KEY, RAISE */
#define VIBESQL_MISMATCH   20   /* datatype mismatch */
#define VIBESQL_MISUSE     21   /* a null handle, a finalized statement, ... */
#define VIBESQL_RANGE      25   /* a parameter index or count out of range, a missing name */
#define VIBESQL_TYPE       26   /* a parameter of a type the engine does not store */
#define VIBESQL_ROW       100   /* vibesql_step: a row is ready */
#define VIBESQL_DONE      101   /* vibesql_step: the statement has finished */
#define VIBESQL_BUFFER    102   /* vibesql_run_pymarshal: the output is larger than the buffer */
#define VIBESQL_ENCODING  103   /* a parameter's str holds lone surrogates (not UTF-8) */

/* Value types (vibesql_column_type), as SQLite numbers them. */
#define VIBESQL_INTEGER 1
#define VIBESQL_FLOAT   2
#define VIBESQL_TEXT    3
#define VIBESQL_BLOB    4
#define VIBESQL_NULL    5

/* The library's version, e.g. "0.1.0". */
const char *vibesql_version(void);

/* Connections. path NULL opens an empty database; otherwise the SQL dump at path is loaded
 * (VIBESQL_CANTOPEN when it cannot be read, VIBESQL_ERROR when it cannot be applied; *db is
 * then NULL and the message is in *errmsg_out if not NULL: free it with vibesql_free). */
int vibesql_open(const char *path, vibesql_db **db, char **errmsg_out);
int vibesql_close(vibesql_db *db);
void vibesql_free(void *pointer);

/* Errors of the last failing call on db. errkind is the engine's kind ("syntax",
 * "constraint", "unknownTable", ...) or "" for errors of this interface. erroffset is the
 * byte offset in the statement's text, or -1 when unknown. */
int vibesql_errcode(vibesql_db *db);
const char *vibesql_errmsg(vibesql_db *db);
const char *vibesql_errkind(vibesql_db *db);
int64_t vibesql_erroffset(vibesql_db *db);

int64_t vibesql_changes(vibesql_db *db);        /* rows changed by the last DML statement */
int64_t vibesql_total_changes(vibesql_db *db);
int64_t vibesql_last_insert_rowid(vibesql_db *db);
int vibesql_in_transaction(vibesql_db *db);     /* 1 inside BEGIN ... COMMIT/ROLLBACK */
/* Changes whenever the schema may have changed: a statement's columns and declared types stay
 * the same while it does not. */
int64_t vibesql_schema_version(vibesql_db *db);

/* 1 when sql ends with a complete statement (as sqlite3_complete: a ";" outside any string,
 * comment or trigger body). */
int vibesql_complete(const char *sql, int64_t sql_len);
/* In read-only mode every statement that would change the database fails (VIBESQL_READONLY). */
int vibesql_set_readonly(vibesql_db *db, int readonly);
/* Rows in marshal format carry each text as a one-element tuple of its bytes (for a Python
 * text_factory other than str). Otherwise a text that is not valid UTF-8 fails the call
 * (VIBESQL_ERROR, "Could not decode to UTF-8 column ..."), as Python's sqlite3 fails. */
int vibesql_text_as_bytes(vibesql_db *db, int as_bytes);

/* Stops the statement running on db (from any thread): it fails with VIBESQL_INTERRUPT and its
 * changes are undone. When none runs, the next statement to start fails so. */
int vibesql_interrupt(vibesql_db *db);

/* Runs every statement of a script (sql, sql_len bytes); stops at the first error. */
int vibesql_exec(vibesql_db *db, const char *sql, int64_t sql_len);

/* The whole database as a SQL dump: *out (free with vibesql_free), *out_len bytes. */
int vibesql_dump(vibesql_db *db, char **out, int64_t *out_len);
/* Writes the dump to path, replacing the file atomically. */
int vibesql_save(vibesql_db *db, const char *path);
/* Applies a dump (text) to db, which should be empty; on failure db is left as it was. */
int vibesql_load(vibesql_db *db, const char *dump, int64_t dump_len);

/* Statements. Prepares the first statement of sql; *tail_offset receives the byte offset just
 * past it (where the next statement starts). *stmt is NULL when the text holds no statement. */
int vibesql_prepare(vibesql_db *db, const char *sql, int64_t sql_len,
                    vibesql_stmt **stmt, int64_t *tail_offset);
int vibesql_finalize(vibesql_stmt *stmt);
/* Back to before the first step; bound values stay. */
int vibesql_reset(vibesql_stmt *stmt);
int vibesql_clear_bindings(vibesql_stmt *stmt);

int vibesql_bind_parameter_count(vibesql_stmt *stmt);
/* The number of the parameter named name (with its prefix: ":id", "@id", "$id"), 0 if none. */
int vibesql_bind_parameter_index(vibesql_stmt *stmt, const char *name);
/* Parameter i's name with its prefix, or NULL for a positional parameter. */
const char *vibesql_bind_parameter_name(vibesql_stmt *stmt, int i);
/* Parameters are numbered from 1. */
int vibesql_bind_int64(vibesql_stmt *stmt, int i, int64_t value);
int vibesql_bind_double(vibesql_stmt *stmt, int i, double value);
int vibesql_bind_text(vibesql_stmt *stmt, int i, const char *text, int64_t len);
int vibesql_bind_blob(vibesql_stmt *stmt, int i, const void *blob, int64_t len);
int vibesql_bind_null(vibesql_stmt *stmt, int i);

/* The first step runs the statement; each step then gives one row (VIBESQL_ROW) until
 * VIBESQL_DONE. A failing statement changed nothing. */
int vibesql_step(vibesql_stmt *stmt);
int vibesql_stmt_is_query(vibesql_stmt *stmt);       /* SELECT or VALUES */
int vibesql_stmt_is_dml(vibesql_stmt *stmt);         /* INSERT, UPDATE, DELETE, REPLACE */

/* Columns are numbered from 0. Before the first step of a query, the count and names are those
 * the query will return. Declared types come from CREATE TABLE for columns read directly from a
 * table, else NULL. */
int vibesql_column_count(vibesql_stmt *stmt);
const char *vibesql_column_name(vibesql_stmt *stmt, int i);
const char *vibesql_column_decltype(vibesql_stmt *stmt, int i);
/* Values of the current row (after VIBESQL_ROW). */
int vibesql_column_type(vibesql_stmt *stmt, int i);
int64_t vibesql_column_int64(vibesql_stmt *stmt, int i);
double vibesql_column_double(vibesql_stmt *stmt, int i);
const char *vibesql_column_text(vibesql_stmt *stmt, int i, int64_t *len);   /* NUL-terminated */
const void *vibesql_column_blob(vibesql_stmt *stmt, int i, int64_t *len);

/* Batches for a host language: values in the format of Python's marshal module (lists,
 * tuples, dicts, None, bool, int, float, str, bytes; version 2, no references), decoded and
 * encoded in one call instead of one call per value.
 *
 * vibesql_bind_pymarshal binds one parameter set: a tuple or list (positional) or a dict
 * (named, keys without their prefix).
 * vibesql_run_pymarshal resets, binds params (none when params_len is 0), runs the statement
 * and writes the tuple (more rows remain, changes, last insert rowid, schema version, up to
 * max_rows rows as a list of tuples) into out, returning VIBESQL_OK; when the tuple is longer
 * than out_cap it returns VIBESQL_BUFFER and vibesql_output_pymarshal hands it over (valid
 * until the next call on stmt). Its counts are 32-bit, so that a caller can pass every
 * argument without conversion.
 * vibesql_fetch_pymarshal encodes the next rows as a list of tuples into *rows (valid until the
 * next call on stmt); it returns VIBESQL_ROW when rows remain, VIBESQL_DONE when not.
 * vibesql_executemany_pymarshal runs the statement once per parameter set of a list, and sets
 * *changes to the rows they changed together; it stops at the first failing set, whose
 * 0-based number goes to *failed_set. */
int vibesql_bind_pymarshal(vibesql_stmt *stmt, const void *params, int64_t params_len);
/* The columns as a list of two tuples: the names (str) and the declared types (str or None);
 * valid until the next call on stmt. */
int vibesql_columns_pymarshal(vibesql_stmt *stmt, const void **columns, int64_t *columns_len);
int vibesql_fetch_pymarshal(vibesql_stmt *stmt, int64_t max_rows,
                            const void **rows, int64_t *rows_len);
int vibesql_run_pymarshal(vibesql_stmt *stmt, const void *params, int32_t params_len,
                          int32_t max_rows, void *out, int32_t out_cap);
int vibesql_output_pymarshal(vibesql_stmt *stmt, const void **data, int64_t *len);
int vibesql_executemany_pymarshal(vibesql_stmt *stmt, const void *sets, int64_t sets_len,
                                  int64_t *changes, int64_t *last_insert_rowid,
                                  int64_t *failed_set);

#ifdef __cplusplus
}
#endif
#endif
