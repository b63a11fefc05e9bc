// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - checks /dev/qrng from inside the guest (static, run by test/init).
 * Every check prints "PASS <name>" or "FAIL <name>: why"; the exit code is the
 * number of failed checks. The other commands are steps of test/init.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qrngtest.h"

/* --- helpers for the shell steps ----------------------------------------- */

/* Stands in for the QRNG agent: random bytes for @seconds, short writes and all. */
static int run_feed(double seconds)
{
	int fd = open_dev(O_WRONLY | O_NONBLOCK);
	static unsigned char buf[65536];
	uint64_t seed = (uint64_t)now() | 1;
	double end = now() + seconds;

	while (now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		fill_random(buf, sizeof(buf), &seed);
		for (size_t off = 0; off < sizeof(buf) && now() < end;) {
			ssize_t n = write(fd, buf + off, sizeof(buf) - off);

			if (n > 0)
				off += n;
			else
				poll(&p, 1, 100);
		}
	}
	close(fd);
	return 0;
}

static int run_block_read(void)
{
	unsigned char b;
	int fd = open_dev(O_RDONLY);
	ssize_t n = read(fd, &b, 1);

	printf("block-read: got %zd\n", n);
	return n == 1 ? 0 : 1;
}

static int run_write(size_t len)
{
	unsigned char *buf = malloc(len);
	uint64_t seed = 99;
	int fd = open_dev(O_WRONLY);

	fill_random(buf, len, &seed);
	write_all(fd, buf, len);
	close(fd);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "chardev"))
		return run_chardev();
	if (!strcmp(cmd, "default"))
		return run_default();
	if (!strcmp(cmd, "writer-group"))
		return run_writer_group();
	if (!strcmp(cmd, "reader-group"))
		return run_reader_group();
	if (!strcmp(cmd, "slow-reader"))
		return run_slow_reader();
	if (!strcmp(cmd, "faulting-reader"))
		return run_faulting_reader();
	if (!strcmp(cmd, "hwrng-thread"))
		return run_hwrng_thread();
	if (!strcmp(cmd, "dev-hwrng"))
		return run_dev_hwrng();
	if (!strcmp(cmd, "feed") && argc > 2)
		return run_feed(atof(argv[2]));
	if (!strcmp(cmd, "drain")) {
		drain_device();
		return 0;
	}
	if (!strcmp(cmd, "block-read"))
		return run_block_read();
	if (!strcmp(cmd, "write") && argc > 2)
		return run_write(strtoul(argv[2], NULL, 0));
	fprintf(stderr,
		"usage: qrngtest chardev|default|writer-group|reader-group|slow-reader|\n"
		"       faulting-reader|hwrng-thread|dev-hwrng|drain|block-read|feed SECONDS|\n"
		"       write BYTES\n");
	return 100;
}
