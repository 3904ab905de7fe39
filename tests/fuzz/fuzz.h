/*
 * fuzz.h - what the libFuzzer targets under tests/fuzz/ share: turning the
 * fuzzer's bytes into a NUL-terminated string or a temporary file, for the
 * parsers that take one of those.  Building and running the targets is
 * tests/fuzz/run.sh's concern; each target is one fuzz_*.c file.
 */
#ifndef LG_FUZZ_H
#define LG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* fuzz_strdup - the input as a C string (cut at the first NUL) */
static inline char *
fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* fuzz_tempfile - the input written to a new file; path in buf (unlink it) */
static inline int
fuzz_tempfile(const uint8_t *data, size_t size, char *buf, size_t buflen)
{
	int fd;

	snprintf(buf, buflen, "/tmp/lg-fuzz.XXXXXX");
	if ((fd = mkstemp(buf)) == -1)
		return -1;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(buf);
		return -1;
	}
	close(fd);
	return 0;
}

#endif
