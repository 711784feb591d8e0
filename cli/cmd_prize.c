/*
 * walkctl prize verify --seed HEX --entries FILE [--slots N]
 *
 * Re-runs the grand-prize draw from its published data (README "The
 * grand-prize draw"): the revealed seed and the canonical entry list.  Prints
 * the SHA-256 of both (to compare with the commitment and entries_sha256
 * published before the draw), then one line per slot in draw order:
 * "SLOT ENTRY PERSON BADGE".  Slot k is the k-th prize unit (the prizes in
 * order, each as many times as its quantity); without --slots the draw runs
 * until every person has won, since the first N slots do not depend on how
 * many follow.  Needs no database.
 */
#include "cli.h"

#include "crypto.h"
#include "store_prizes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry_list {
	int64_t *persons;
	char (*badges)[32];
	size_t n, cap;
	char *text;
	size_t text_len;
};

static bool parse_hex_seed(const char *hex, unsigned char seed[PRIZE_SEED_SIZE])
{
	if (strlen(hex) != 2 * PRIZE_SEED_SIZE || strspn(hex, "0123456789abcdefABCDEF") != 2 * PRIZE_SEED_SIZE)
		return false;
	for (int i = 0; i < PRIZE_SEED_SIZE; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		seed[i] = (unsigned char)strtoul(byte, NULL, 16);
	}
	return true;
}

static int read_file(const char *path, struct entry_list *l)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_fail("cannot open %s", path);
	size_t cap = 1 << 16;
	l->text = malloc(cap);
	while (l->text) {
		size_t got = fread(l->text + l->text_len, 1, cap - l->text_len - 1, f);
		l->text_len += got;
		if (got == 0)
			break;
		if (l->text_len + 1 == cap) {
			char *grown = realloc(l->text, cap *= 2);
			if (!grown)
				free(l->text);
			l->text = grown;
		}
	}
	bool failed = ferror(f);
	fclose(f);
	if (!l->text || failed)
		return cli_fail("cannot read %s", path);
	l->text[l->text_len] = '\0';
	return 0;
}

/* Each line "ENTRY,PERSON,BADGE", entries numbered 1, 2, 3, … */
static int parse_entries(struct entry_list *l)
{
	char *line = l->text;
	while (*line) {
		char *nl = strchr(line, '\n');
		if (!nl)
			return cli_fail("entry %zu: the line does not end with a newline", l->n + 1);
		*nl = '\0';
		long long entry, person;
		char badge[32];
		int used = 0;
		if (sscanf(line, "%lld,%lld,%31[a-z_]%n", &entry, &person, badge, &used) != 3 || line[used] != '\0')
			return cli_fail("entry %zu: not ENTRY,PERSON,BADGE: %.60s", l->n + 1, line);
		if (entry != (long long)l->n + 1)
			return cli_fail("entry %zu is numbered %lld", l->n + 1, entry);
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 1024;
			int64_t *p = realloc(l->persons, l->cap * sizeof *p);
			if (p)
				l->persons = p;
			char (*b)[32] = p ? realloc(l->badges, l->cap * sizeof *b) : NULL;
			if (!b)
				return cli_fail("out of memory");
			l->badges = b;
		}
		l->persons[l->n] = person;
		memcpy(l->badges[l->n], badge, sizeof badge);
		l->n++;
		*nl = '\n';
		line = nl + 1;
	}
	return 0;
}

static int verify(const char *seed_hex, const char *path, long long slots)
{
	unsigned char seed[PRIZE_SEED_SIZE];
	if (!parse_hex_seed(seed_hex, seed))
		return cli_fail("--seed must be 64 hex digits");
	struct entry_list l = { 0 };
	int rc = read_file(path, &l);
	char seed_sha[CRYPTO_SHA256_HEX_SIZE], list_sha[CRYPTO_SHA256_HEX_SIZE];
	if (rc == 0) {
		crypto_sha256_hex(seed, sizeof seed, seed_sha);
		crypto_sha256_hex(l.text, l.text_len, list_sha);
		rc = parse_entries(&l);
	}
	size_t nslots = slots > 0 ? (size_t)slots : l.n;
	size_t *winners = rc == 0 ? malloc((nslots ? nslots : 1) * sizeof *winners) : NULL;
	if (rc == 0 && !winners)
		rc = cli_fail("out of memory");
	size_t filled = rc == 0 ? prize_draw_winners(seed, l.persons, l.n, nslots, winners) : 0;
	if (rc == 0 && filled == (size_t)-1)
		rc = cli_fail("out of memory");
	if (rc == 0) {
		printf("commitment %s\nentries_sha256 %s\nentries %zu\n", seed_sha, list_sha, l.n);
		for (size_t k = 0; k < filled; k++)
			printf("%zu %zu %lld %s\n", k + 1, winners[k] + 1, (long long)l.persons[winners[k]], l.badges[winners[k]]);
	}
	free(winners);
	free(l.persons);
	free(l.badges);
	free(l.text);
	return rc;
}

int cmd_prize(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	const char *usage = "usage: walkctl prize verify --seed HEX --entries FILE [--slots N]";
	if (argc < 1 || strcmp(argv[0], "verify") != 0)
		return cli_fail("%s", usage);
	const char *seed = NULL, *entries = NULL;
	long long slots = 0;
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return cli_fail("%s", usage);
		if (strcmp(argv[i], "--seed") == 0) {
			seed = argv[++i];
		} else if (strcmp(argv[i], "--entries") == 0) {
			entries = argv[++i];
		} else if (strcmp(argv[i], "--slots") == 0) {
			char *end;
			slots = strtoll(argv[++i], &end, 10);
			if (*end || slots < 1 || slots > 10000000)
				return cli_fail("--slots must be a whole number from 1");
		} else {
			return cli_fail("%s", usage);
		}
	}
	if (!seed || !entries)
		return cli_fail("%s", usage);
	return verify(seed, entries, slots);
}
