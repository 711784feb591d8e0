#ifndef WALK_TEST_WERUN_FORGE_H
#define WALK_TEST_WERUN_FORGE_H
/*
 * The forger's side of WECHAT.md §2, for the tests: CBC bit-flipping on a
 * WeRun payload whose plaintext the participant knows, without the key.
 *
 * With ciphertext blocks C0..Cn-1 and iv C-1, block j decrypts to
 * D(Cj) XOR Cj-1.  Knowing the plaintext Pj gives D(Cj) = Pj XOR Cj-1, so
 * replacing Cj-1 by D(Cj) XOR X makes block j decrypt to X of the forger's
 * choice; block j-1, whose ciphertext changed, decrypts to 16 bytes nobody
 * can predict (for j = 0 the iv is changed instead, at no cost).  Blocks can
 * also be dropped, repeated and reordered.
 *
 * Also here: the reading this server did before WECHAT.md §2 asked for a
 * strict one (cJSON, unknown and duplicate keys tolerated with the first
 * one winning, numbers as doubles), so that a test can show that a forgery
 * is a real attack; and the test of success, "the forgery raised a count".
 */
#include "werun.h"

#include <stdbool.h>
#include <stddef.h>

enum { FORGE_MAX_BLOCKS = 160 };   /* 2,560 bytes: 31 entries with room to spare */

/* A genuine payload as the forger holds it: the iv, the ciphertext and the
 * plaintext, PKCS#7 padding included (its length follows from the
 * ciphertext's, so it is known too). */
struct forge_known {
	unsigned char iv[16];
	unsigned char ct[FORGE_MAX_BLOCKS * 16];
	unsigned char plain[FORGE_MAX_BLOCKS * 16];
	size_t n;            /* blocks */
	size_t text_len;     /* plaintext bytes without the padding */
};

/* Fills k from base64 iv and ciphertext and the known plaintext text (without
 * padding).  Returns false if they do not fit together or FORGE_MAX_BLOCKS. */
bool forge_known_init(struct forge_known *k, const char *iv_b64, const char *encrypted_b64, const char *text);

/* One block of a forgery: the original ciphertext block src, and, when
 * chosen, the 16 bytes it must decrypt to (the block before it is then
 * sacrificed and may not be chosen itself). */
struct forge_block {
	size_t src;
	bool chosen;
	unsigned char text[16];
};

/* Builds the forgery of plan[0..n) into iv and ct (n blocks) from k alone
 * (no key).  A chosen block right before another chosen block cannot hold
 * its text: it is sacrificed like any other block before a chosen one. */
void forge_realize(const struct forge_known *k, const struct forge_block *plan, size_t n,
                   unsigned char iv[16], unsigned char *ct);

/* A plan that keeps every block of k and chooses the blocks where text (of
 * k->n * 16 bytes, padding included) differs from the known plaintext. */
size_t forge_plan_edit(const struct forge_known *k, const unsigned char *text, struct forge_block *plan);

/* Where byte i of a (valid, genuine) plaintext stands in its JSON: in which
 * containers, and what comes at i.  forge_where_init computes it for every
 * offset 0..k->text_len of k's plaintext. */
enum forge_container { FC_ROOT, FC_LIST, FC_ENTRY, FC_MARK };
enum forge_pos {
	FP_IN_KEY,        /* inside a member name (its rest and the closing '"' follow) */
	FP_IN_STRING,     /* inside a string value */
	FP_IN_NUMBER,     /* inside a number, after its first digit */
	FP_VALUE,         /* a value starts here (after ':') */
	FP_COLON,         /* the ':' after a name */
	FP_MEMBER,        /* a member's name starts here (after '{' or ',') */
	FP_AFTER_VALUE,   /* ',' or '}' after a member's value */
	FP_ITEM,          /* an item of a list starts here */
	FP_AFTER_ITEM,    /* ',' or ']' after an item */
	FP_END,           /* after the top object */
};
struct forge_where {
	enum forge_pos pos;
	int depth;
	enum forge_container stack[4];   /* stack[depth - 1] holds byte i */
};
void forge_where_init(const struct forge_known *k, struct forge_where *where);

/* The junk-key splice, the forger's main tool against a lenient reader:
 * keeps the blocks before g, sacrifices block g, which must lie inside a
 * string open at byte 16g (the garbage then lands in a member name or a
 * string value), chooses block g+1 to close that string, add `content` (a
 * member such as ,"step":100000, or "") and bridge to the original text at
 * byte 16(b+1), with which the forgery goes on (b < g repeats text, b > g+1
 * drops it).  Writes the plan into plan and returns its length; 0 when 16g
 * is in no string, when b is too close to the end or when the chosen block
 * would need more than 16 bytes.  ideal (32 * k->n + 1 bytes at least) gets
 * the text the forger expects, NUL-terminated, with 16 'a's for the garbage. */
size_t forge_splice(const struct forge_known *k, const struct forge_where *where, size_t g, size_t b,
                    const char *content, struct forge_block *plan, char *ideal);

/* iv and n blocks of ct as base64 (iv_b64 of 25 bytes; enc_b64 of at least
 * 4 * (16n + 2) / 3 + 1). */
void forge_b64(const unsigned char iv[16], const unsigned char *ct, size_t n, char iv_b64[25],
               char *enc_b64);

/* The reading before WECHAT.md §2's strictness, of len bytes of text: what a
 * lenient parser accepts.  Fills out (zeroed first) and returns true if it
 * accepts. */
bool forge_lenient_read(const char *text, size_t len, struct werun_data *out);

/* Whether `forged`, read from a forgery of `genuine`, is a successful one:
 * same appid (else it is refused as another app's data), and a different
 * watermark timestamp (a replay made fresh) or some day's step count above
 * the genuine one (0 for a day the genuine payload does not have). */
bool forge_raises(const struct werun_data *genuine, const struct werun_data *forged);

#endif
