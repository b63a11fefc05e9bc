// SPDX-License-Identifier: GPL-2.0
/*
 * qrngbench - read throughput of /dev/qrng next to /dev/urandom in the same boot,
 * and the writer's fill rate next to writing the same buffers to a tmpfs file.
 * Runs in the guest (bench/qrng-kernel/init) with qrng.ko loaded hwrng=0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define ROUNDS 4

static double seconds_per_size;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	printf("qrng-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Bytes of /dev/qrng still buffered, from sysfs. */
static size_t fill_level(void)
{
	FILE *f = fopen("/sys/class/misc/qrng/fill_level", "r");
	size_t v = 0;

	if (!f || fscanf(f, "%zu", &v) != 1)
		fail("read fill_level");
	fclose(f);
	return v;
}

static size_t capacity(void)
{
	FILE *f = fopen("/sys/class/misc/qrng/capacity", "r");
	size_t v = 0;

	if (!f || fscanf(f, "%zu", &v) != 1)
		fail("read capacity");
	fclose(f);
	return v;
}

/* Writes @total bytes in 1 MiB writes; returns the seconds spent in write(). */
static double write_timed(int fd, const unsigned char *buf, size_t total)
{
	double start = now();

	for (size_t done = 0; done < total;) {
		size_t want = total - done < CHUNK ? total - done : CHUNK;
		ssize_t n = write(fd, buf, want);

		if (n <= 0)
			fail("write");
		done += n;
	}
	return now() - start;
}

static void top_up(int wfd, const unsigned char *buf)
{
	size_t room = capacity() - fill_level();

	write_timed(wfd, buf, room);
}

/*
 * Adds to *@bytes and *@spent what read() with @size-byte requests does in about
 * @seconds of read time. With @wfd, the ring is topped up between batches,
 * outside the clock.
 */
static void read_for(int fd, int wfd, const unsigned char *wbuf, size_t size,
		     double seconds, double *bytes, double *spent)
{
	unsigned char *buf = malloc(size);
	double used = 0;

	while (used < seconds) {
		size_t batch = 0, budget = wfd >= 0 ? fill_level() / size * size : 64 * size;
		double start;

		if (wfd >= 0 && budget < size) {
			top_up(wfd, wbuf);
			continue;
		}
		if (budget > ((size_t)256 << 20))
			budget = (size_t)256 << 20;
		start = now();
		while (batch < budget && now() - start < 0.25) {
			ssize_t n = read(fd, buf, size);

			if (n <= 0)
				fail("read");
			batch += n;
		}
		used += now() - start;
		*bytes += batch;
	}
	*spent += used;
	free(buf);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4, 4096, CHUNK };
	static const char *const names[] = { "4 B", "4 KiB", "1 MiB" };
	unsigned char *wbuf = malloc(CHUNK);
	int qrng = open("/dev/qrng", O_RDWR), urandom = open("/dev/urandom", O_RDONLY);
	size_t cap;
	double fill = 0, tmpfs = 0;
	int reps = 3;

	seconds_per_size = argc > 1 ? atof(argv[1]) : 2.0;
	if (qrng < 0 || urandom < 0 || !wbuf)
		fail("open /dev/qrng or /dev/urandom");
	if (read(urandom, wbuf, CHUNK) != CHUNK)
		fail("read /dev/urandom");
	cap = capacity();

	for (size_t i = 0; i < 3; i++) {
		double qb = 0, qt = 0, ub = 0, ut = 0, q, u;

		/* Alternate in short rounds so that a change in host load hits both alike. */
		for (int r = 0; r < ROUNDS; r++) {
			read_for(qrng, qrng, wbuf, sizes[i], seconds_per_size / ROUNDS, &qb, &qt);
			read_for(urandom, -1, NULL, sizes[i], seconds_per_size / ROUNDS, &ub, &ut);
		}
		q = qb / qt / 1e6;
		u = ub / ut / 1e6;

		printf("qrng-bench: read %-5s /dev/qrng %9.2f MB/s   /dev/urandom %9.2f MB/s   ratio %.2f\n",
		       names[i], q, u, q / u);
	}

	/* Fill rate: the empty ring filled to capacity, against a tmpfs file of that size. */
	for (int r = 0; r < reps; r++) {
		int tmp = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		unsigned char *drain = malloc(CHUNK);

		while (fill_level())
			if (read(qrng, drain, CHUNK) < 0)
				fail("drain");
		free(drain);
		fill += cap / write_timed(qrng, wbuf, cap) / reps;
		tmpfs += cap / write_timed(tmp, wbuf, cap) / reps;
		close(tmp);
		unlink("/tmp/fill");
	}
	printf("qrng-bench: fill  1 MiB writes /dev/qrng %9.2f MB/s (%.2f Gb/s)   tmpfs file %9.2f MB/s   ratio %.2f\n",
	       fill / 1e6, fill * 8 / 1e9, tmpfs / 1e6, fill / tmpfs);
	return 0;
}
