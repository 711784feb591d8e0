#ifndef WALK_MEDIA_MULTIPART_H
#define WALK_MEDIA_MULTIPART_H
/*
 * A small, strict reader of multipart/form-data bodies (RFC 7578 over the
 * syntax of RFC 2046 §5.1.1), for what wx.uploadFile sends: one file part and
 * perhaps a few plain form fields.  Pure: no allocation, no I/O; the file's
 * bytes are returned as a slice of the body.
 *
 * Strict means: the boundary is 1-70 characters of RFC 2046's bchars and does
 * not end in a space; every delimiter is preceded by CRLF (the first may open
 * the body); a part's header block ends with an empty line within
 * MULTIPART_MAX_HEADER bytes; every part carries
 * Content-Disposition: form-data with a name; at most MULTIPART_MAX_PARTS
 * parts; exactly one part carries a filename, and it is the one named as
 * asked; the close delimiter must be there.  Anything else is refused.
 */
#include <stddef.h>
#include <stdint.h>

enum { MULTIPART_MAX_HEADER = 1024, MULTIPART_MAX_PARTS = 8, MULTIPART_MAX_BOUNDARY = 70 };

enum multipart_result {
	MULTIPART_OK,
	MULTIPART_NOT_MULTIPART,   /* the Content-Type is not multipart/form-data */
	MULTIPART_BAD_BOUNDARY,    /* no boundary parameter, or not a valid one */
	MULTIPART_MALFORMED,       /* delimiters, headers or limits broken */
	MULTIPART_NO_FILE,         /* well formed, but no file part of that name, or several files */
};

/* Whether content_type names multipart/form-data (any case, with parameters). */
int multipart_is_form_data(const char *content_type);

/* Finds the one file part named field in body (len bytes) sent with
 * content_type; *data and *data_len get its content. */
enum multipart_result multipart_file(const char *content_type, const uint8_t *body, size_t len,
                                     const char *field, const uint8_t **data, size_t *data_len);

#endif
