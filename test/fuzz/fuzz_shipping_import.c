/* shipping_import_parse() (store_awards_import.h): an admin's CSV.  Properties:
 * every line is answered at most once, good or bad, in order; a good line has
 * a positive award id, a courier of 1 to 32 characters and a valid tracking
 * number, each within its cell's size. */
#include "fuzz.h"

#include "store_awards_import.h"
#include "validate.h"

struct seen {
	int64_t last_line;
};

static void ok(const struct shipping_line *l, void *arg)
{
	struct seen *s = arg;
	FUZZ_CHECK(l->line > s->last_line);
	s->last_line = l->line;
	FUZZ_CHECK(l->award_id > 0);
	FUZZ_CHECK(valid_free_text(l->courier, 1, 32));
	FUZZ_CHECK(shipping_valid_tracking(l->tracking));
}

static void bad(int64_t line, const char *message, void *arg)
{
	struct seen *s = arg;
	FUZZ_CHECK(message && *message);
	FUZZ_CHECK(line == 0 || line > s->last_line);
	if (line)
		s->last_line = line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0 };
	(void)shipping_import_parse((const char *)data, size, ok, bad, &s);
	return 0;
}
