#ifndef WALK_STORE_AWARDS_ADDRESS_H
#define WALK_STORE_AWARDS_ADDRESS_H
/*
 * The checks of a shipping address that need no database (RULES §9): the
 * members "recipient" (a real name), "mobile" (a mainland mobile), "division"
 * (six digits, not 71…, 81…, 82…: Taiwan, Hong Kong, Macao) and "detail" (4
 * to 120 characters) of a JSON object, which is untrusted input.  Whether the
 * division exists and is county-level is the caller's lookup
 * (store_division_level).
 */
#include "store_awards.h"

#include <cjson/cJSON.h>

struct address_problem {
	const char *code;      /* "validation_failed" or "not_mainland" */
	const char *field, *message;
};

/* Fills out (strings pointing into body) and returns true, or returns false
 * with the first problem in *p. */
bool award_address_fields(const cJSON *body, struct award_address *out, struct address_problem *p);

#endif
