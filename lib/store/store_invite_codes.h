#ifndef WALK_STORE_INVITE_CODES_H
#define WALK_STORE_INVITE_CODES_H
/*
 * The scenes of team invites' mini-program codes (schema 012, RULES §5,
 * WECHAT.md §5a).  A scene is printed where anyone may read it, and scanning
 * it must let one join: it is as good as the invite, so it is as unguessable
 * (128 bits), and it is derived one way from the invite token, so that the
 * scene does not give the token away and one invite always has the same
 * scene.  Only the scene's SHA-256 and the token sealed under the scene are
 * stored: GET /api/invites/{scene} unseals the token for whoever holds the
 * scene (and joins with it like any invite); a copy of the database reveals
 * neither.
 *
 * Functions return SQLITE_OK, an SQLite code, or DB_NOTFOUND where they say.
 */
#include "crypto.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

enum { INVITE_SCENE_CHARS = 22 };   /* 16 bytes in base64url, no padding */

/* The scene of an invite token; false for anything that is not one. */
bool invite_scene_of(const char *token, char scene[INVITE_SCENE_CHARS + 1]);

/* The team and expiry of an invite token, or DB_NOTFOUND. */
int store_invite_code_invite(struct db *db, const char *token, int64_t *team_id, int64_t *expires_at);
/* Records the scene of an invite token (whose invite exists); again changes
 * nothing.  Its own write. */
int store_invite_code_save(struct db *db, const char *token, const char *scene, int64_t now);
/* The invite behind a scene: its token (unsealed), team and expiry, or
 * DB_NOTFOUND (no such scene, or its invite is gone). */
int store_invite_code_resolve(struct db *db, const char *scene, char token[CRYPTO_TOKEN_CHARS + 1],
                              int64_t *team_id, int64_t *expires_at);

#endif
