/* Invite scenes: derived, stored by hash, the token sealed under the scene
 * (store_invite_codes.h). */
#include "store_invite_codes.h"

#include "cipher.h"
#include "db.h"

#include <string.h>

/* SHA-256 of label, a NUL and text, as 32 bytes. */
static void labelled_hash(const char *label, const char *text, unsigned char out[32])
{
	char input[128], hex[CRYPTO_SHA256_HEX_SIZE];
	size_t nl = strlen(label), nt = strlen(text);
	/* Callers pass a token (43) or a scene (22): a longer text is a bug. */
	if (nt > sizeof input - nl - 1)
		nt = sizeof input - nl - 1;
	memcpy(input, label, nl + 1);
	memcpy(input + nl + 1, text, nt);
	crypto_sha256_hex(input, nl + 1 + nt, hex);
	for (int i = 0; i < 32; i++) {
		unsigned hi = (unsigned)(hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10);
		unsigned lo = (unsigned)(hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
}

bool invite_scene_of(const char *token, char scene[INVITE_SCENE_CHARS + 1])
{
	char check[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, check))
		return false;
	unsigned char h[32];
	labelled_hash("walk invite scene", token, h);
	char b64[32];
	crypto_base64_encode(h, 16, b64, sizeof b64);   /* 24 characters, "==" at the end */
	for (int i = 0; i < INVITE_SCENE_CHARS; i++)
		scene[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	scene[INVITE_SCENE_CHARS] = '\0';
	return true;
}

/* The key and iv that seal an invite token under its scene. */
static void seal_key(const char *scene, unsigned char key[16], unsigned char iv[16])
{
	unsigned char h[32];
	labelled_hash("walk invite seal", scene, h);
	memcpy(key, h, 16);
	memcpy(iv, h + 16, 16);
}

int store_invite_code_invite(struct db *db, const char *token, int64_t *team_id, int64_t *expires_at)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return DB_NOTFOUND;
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT team_id, expires_at FROM team_invites WHERE token_hash = ?1", "t", hash);
	if (rc != SQLITE_ROW)
		return rc;
	*team_id = sqlite3_column_int64(st, 0);
	*expires_at = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_invite_code_save(struct db *db, const char *token, const char *scene, int64_t now)
{
	char invite_hash[CRYPTO_SHA256_HEX_SIZE], scene_hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, invite_hash))
		return SQLITE_MISUSE;
	crypto_sha256_hex(scene, strlen(scene), scene_hash);
	unsigned char key[16], iv[16], sealed[CRYPTO_TOKEN_CHARS + CIPHER_AES_BLOCK];
	size_t sealed_len = 0;
	seal_key(scene, key, iv);
	if (cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)token, CRYPTO_TOKEN_CHARS, sealed,
	                              &sealed_len) != 0)
		return SQLITE_ERROR;
	return db_execf(db,
	                "INSERT INTO invite_codes (scene_hash, invite_hash, sealed_invite, created_at) "
	                "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	                "ttbi", scene_hash, invite_hash, sealed, (int)sealed_len, now);
}

int store_invite_code_resolve(struct db *db, const char *scene, char token[CRYPTO_TOKEN_CHARS + 1],
                              int64_t *team_id, int64_t *expires_at)
{
	char scene_hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_sha256_hex(scene, strlen(scene), scene_hash);
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
	                "SELECT c.sealed_invite, i.team_id, i.expires_at FROM invite_codes c "
	                "JOIN team_invites i ON i.token_hash = c.invite_hash WHERE c.scene_hash = ?1",
	                "t", scene_hash);
	if (rc != SQLITE_ROW)
		return rc;
	unsigned char key[16], iv[16], plain[64];
	size_t plain_len = 0;
	seal_key(scene, key, iv);
	int n = sqlite3_column_bytes(st, 0);
	bool ok = n > 0 && n <= (int)sizeof plain &&
	          cipher_aes128_cbc_decrypt(key, iv, sqlite3_column_blob(st, 0), (size_t)n, plain, &plain_len) == 0 &&
	          plain_len == CRYPTO_TOKEN_CHARS;
	*team_id = sqlite3_column_int64(st, 1);
	*expires_at = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	if (!ok)
		return SQLITE_CORRUPT;   /* the scene's hash matched: only a damaged row fails to unseal */
	memcpy(token, plain, CRYPTO_TOKEN_CHARS);
	token[CRYPTO_TOKEN_CHARS] = '\0';
	return SQLITE_OK;
}
