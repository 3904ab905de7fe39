/*
 * store_int.h - what store.c and store_decide.c share; nothing else
 * includes it.
 */
#ifndef LG_STORE_INT_H
#define LG_STORE_INT_H

#include <sqlite3.h>

struct lg_store {
	sqlite3		*st_db;
	sqlite3_stmt	*st_insert;
	char		*st_config;	/* in force, for audit rows; or NULL */
};

#endif
