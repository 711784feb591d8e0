/* The date and instant parsers of calendar.h.  cal_parse_day_n() reads the
 * input's bytes (nothing after them), cal_parse_day() and cal_parse_instant()
 * the input as a C string.  Properties: a day accepted is written back by
 * cal_format_day() exactly as the input, and the C-string reading agrees; an
 * instant accepted is written by cal_format_instant() (when its day is inside
 * years 0000..9999) and read back to the same instant, spelled exactly like
 * the input when the input's offset is +08:00, and its day in UTC+8 is from
 * one before to two after the date it was written with. */
#include "fuzz.h"

#include "calendar.h"

#include <stdbool.h>

static void check_day(const uint8_t *data, size_t size, const char *s)
{
	int32_t day = INT32_MIN, day_of_string = INT32_MIN;
	bool ok = cal_parse_day_n((const char *)data, size, &day);
	if (ok) {
		char back[CAL_DAY_BUF];
		FUZZ_CHECK(cal_format_day(day, back, sizeof back));
		FUZZ_CHECK(size == 10 && memcmp(back, data, 10) == 0);
	} else {
		FUZZ_CHECK(day == INT32_MIN);
	}
	if (strlen(s) == size) {
		FUZZ_CHECK(cal_parse_day(s, &day_of_string) == ok);
		FUZZ_CHECK(!ok || day_of_string == day);
	}
}

static void check_instant(const char *s)
{
	int64_t t = 0;
	if (!cal_parse_instant(s, &t))
		return;
	int32_t date = 0, first = 0, last = 0;
	FUZZ_CHECK(cal_parse_day_n(s, 10, &date));
	FUZZ_CHECK(cal_parse_day("0000-01-01", &first) && cal_parse_day("9999-12-31", &last));
	int32_t day = cal_day_of(t);
	/* Offsets reach 23:59 either way, and UTC+8 is 8 hours further east. */
	FUZZ_CHECK(day >= date - 1 && day <= date + 2);

	char back[CAL_INSTANT_BUF];
	bool formatted = cal_format_instant(t, back, sizeof back);
	FUZZ_CHECK(formatted == (day >= first && day <= last));
	if (!formatted)
		return;
	int64_t again = 0;
	FUZZ_CHECK(cal_parse_instant(back, &again) && again == t);
	if (strcmp(s + 19, "+08:00") == 0)
		FUZZ_CHECK(strcmp(back, s) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	check_day(data, size, s);
	check_instant(s);
	free(s);
	return 0;
}
