/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for the log reader's pure part (os/logs/linestream): the input is split into
 * lines through a small line buffer, handed over in chunks of fuzzer-chosen sizes, as plain text,
 * gzip-compressed (one or two members, whole or truncated), and as raw bytes.  The lines must be
 * exactly the input's lines (cut to the buffer size, with the cut flagged), whatever the chunking. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

#include "os/logs/linestream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct source {
	const uint8_t *p;
	size_t n, off;
	uint32_t rng;
	size_t max_chunk;
	size_t fail_at;         /* offset where a read fails with -EIO (SIZE_MAX = never) */
};

static ssize_t src_read(void *sp, void *dst, size_t n)
{
	struct source *s = sp;
	if (s->off >= s->fail_at)
		return -EIO;
	s->rng = s->rng * 1103515245u + 12345u;
	size_t k = 1 + (s->rng >> 8) % s->max_chunk;
	if (k > n)
		k = n;
	if (k > s->n - s->off)
		k = s->n - s->off;
	if (s->fail_at != SIZE_MAX && k > s->fail_at - s->off)
		k = s->fail_at - s->off;
	memcpy(dst, s->p + s->off, k);
	s->off += k;
	return (ssize_t)k;
}

/* gzip of text as one member, or two (split at `split`); returns its length or 0 */
static size_t gzip_of(const uint8_t *text, size_t n, size_t split, uint8_t *out, size_t cap,
		      size_t *first_len)
{
	size_t used = 0;
	size_t parts[2][2] = { { 0, split }, { split, n - split } };
	for (int i = 0; i < 2; i++) {
		if (i == 1 && split == n)
			break;
		z_stream z;
		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return 0;
		z.next_in = (Bytef *)(text + parts[i][0]);
		z.avail_in = (uInt)parts[i][1];
		z.next_out = out + used;
		z.avail_out = (uInt)(cap - used);
		int r = deflate(&z, Z_FINISH);
		used = cap - z.avail_out;
		if (i == 0)
			*first_len = used;
		deflateEnd(&z);
		if (r != Z_STREAM_END)
			return 0;
	}
	return used;
}

/* Reads src through a stream with buffer bufsz and checks each line against text's lines.
 * complete: the whole text must come out and the end be clean; otherwise the lines out must be a
 * prefix (the last one possibly unfinished) and the end want_err (1: a clean end or -EBADMSG).
 * text NULL: the bytes are not the text (raw gzip): only bounds are checked. */
static void check(const uint8_t *text, size_t n, struct source *src, size_t bufsz, bool complete,
		  int want_err)
{
	struct linestream *ls;
	if (linestream_new(bufsz, src_read, src, &ls) < 0) {
		if (complete)
			abort();
		return;
	}
	size_t pos = 0;
	char *line;
	size_t len;
	int r;
	uint64_t cut = 0;
	while ((r = linestream_next(ls, &line, &len)) == 1) {
		if (linestream_line_cut(ls))
			cut++;
		if (!text) {
			if (len > bufsz)
				abort();
			continue;
		}
		if (pos >= n)
			abort();   /* more lines than the text has */
		const uint8_t *nl = memchr(text + pos, '\n', n - pos);
		size_t full = nl ? (size_t)(nl - (text + pos)) : n - pos;
		size_t want = full >= bufsz ? bufsz : full;
		bool is_cut = full >= bufsz;
		if (len > bufsz || memcmp(line, text + pos, len < want ? len : want) != 0)
			abort();
		if (complete && (len != want || linestream_line_cut(ls) != is_cut))
			abort();
		pos += full + (nl ? 1 : 0);
	}
	if (!text)
		cut = linestream_cut_count(ls);
	if (linestream_cut_count(ls) != cut)
		abort();
	if (want_err == 1 && (r == 0 || r == -EBADMSG))
		want_err = r;   /* cut at a member's end: nothing tells it from a whole file */
	if (complete && (r != 0 || pos != n))
		abort();
	if (!complete && want_err && r != want_err)
		abort();
	if (r > 0)
		abort();
	linestream_free(ls);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	size_t bufsz = 64 + (size_t)(data[0] % 64) * 16;
	uint32_t seed = data[1];
	uint8_t flags = data[2];
	size_t max_chunk = 1 + (size_t)data[3] * 8;
	const uint8_t *text = data + 4;
	size_t n = size - 4;

	/* raw bytes as given: plain text unless they start with the gzip magic (then anything
	 * may come out, but the reader must neither crash nor run past its buffer) */
	struct source raw = { text, n, 0, seed, max_chunk, SIZE_MAX };
	bool raw_gzip = n >= 2 && text[0] == 0x1f && text[1] == 0x8b;
	check(raw_gzip ? NULL : text, n, &raw, bufsz, !raw_gzip, 0);

	/* a read error part way: the lines before it, then -EIO */
	if (!raw_gzip && (flags & 1)) {
		struct source f = { text, n, 0, seed, max_chunk, n ? (size_t)(flags >> 3) * n / 32 : 0 };
		if (f.fail_at >= 2)
			check(text, n, &f, bufsz, false, -EIO);
	}

	/* compressed: one member or two, whole or cut short */
	size_t cap = n + n / 8 + 256;
	uint8_t *gz = malloc(cap);
	if (!gz)
		return 0;
	size_t split = (flags & 2) ? (n * ((flags >> 2) & 7)) / 8 : n;
	size_t first = 0;
	size_t gn = gzip_of(text, n, split, gz, cap, &first);
	if (gn > 0) {
		struct source g = { gz, gn, 0, seed ^ 0x5a, max_chunk, SIZE_MAX };
		check(text, n, &g, bufsz, true, 0);
		if (flags & 4) {
			size_t keep = 2 + (size_t)seed * (gn - 2) / 256;   /* at least the magic, less than all */
			struct source t = { gz, keep, 0, seed, max_chunk, SIZE_MAX };
			/* at the first member's end (or one byte on: no second magic) it looks whole */
			bool boundary = first < gn && (keep == first || keep == first + 1);
			check(text, n, &t, bufsz, false, boundary ? 1 : -EBADMSG);
		}
	}
	free(gz);
	return 0;
}
