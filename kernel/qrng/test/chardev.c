// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - I/O semantics of /dev/qrng (loaded with hwrng=0, mode=0666, 64 KiB).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../qrng.h"
#include "qrngtest.h"

static void test_roundtrip(int fd)
{
	unsigned char in[4096], out[4096];
	long long written = sysfs_value("bytes_written");
	long long read_before = sysfs_value("bytes_read");
	uint64_t seed = 0x1234567;
	__u32 ioctl_level = 0;
	ssize_t n;

	fill_random(in, sizeof(in), &seed);
	write_all(fd, in, sizeof(in));
	result(sysfs_value("fill_level") == 4096, "fill_level_after_write",
	       "fill_level %lld, want 4096", sysfs_value("fill_level"));
	result(ioctl(fd, QRNG_GET_FILL_LEVEL, &ioctl_level) == 0 && ioctl_level == 4096,
	       "ioctl_fill_level", "ioctl gave %u (%s), want 4096", ioctl_level, strerror(errno));
	n = read(fd, out, sizeof(out));
	result(n == 4096 && !memcmp(in, out, sizeof(in)), "write_read_back_exact",
	       "read %zd bytes, equal=%d", n, n == 4096 && !memcmp(in, out, sizeof(in)));
	result(sysfs_value("fill_level") == 0 &&
	       sysfs_value("bytes_written") == written + 4096 &&
	       sysfs_value("bytes_read") == read_before + 4096,
	       "statistics", "fill_level %lld, bytes_written +%lld, bytes_read +%lld",
	       sysfs_value("fill_level"), sysfs_value("bytes_written") - written,
	       sysfs_value("bytes_read") - read_before);
}

static void test_fifo_odd_reads(int fd)
{
	static const size_t writes[] = { 1000, 3333, 4444 };
	unsigned char in[8777], out[8777];
	size_t total = 0, got = 0;
	int odd_sized = 1;

	for (size_t i = 0; i < 3; i++) {
		fill_sequence(in + total, writes[i], total);
		write_all(fd, in + total, writes[i]);
		total += writes[i];
	}
	while (got < total) {
		ssize_t n = read(fd, out + got, 777);

		if (n <= 0)
			break;
		if (n != 777 && got + n != total)
			odd_sized = 0;
		got += n;
	}
	result(got == total && odd_sized && !memcmp(in, out, total), "fifo_order_odd_reads",
	       "got %zu of %zu bytes, 777-byte reads %s, equal=%d", got, total,
	       odd_sized ? "ok" : "short", got == total && !memcmp(in, out, total));
}

static void test_eagain(int fd)
{
	size_t cap = sysfs_value("capacity");
	unsigned char *buf = calloc(1, cap + 100);
	int nb = open_dev(O_RDWR | O_NONBLOCK);
	ssize_t n;

	n = read(nb, buf, 16);
	result(n == -1 && errno == EAGAIN, "read_empty_nonblock_eagain", "read gave %zd (%s)",
	       n, strerror(errno));
	n = write(nb, buf, cap + 100);
	result((size_t)n == cap, "short_write_when_nearly_full", "write of %zu gave %zd",
	       cap + 100, n);
	n = write(nb, buf, 1);
	result(n == -1 && errno == EAGAIN, "write_full_nonblock_eagain", "write gave %zd (%s)",
	       n, strerror(errno));
	drain(fd);
	close(nb);
	free(buf);
}

static void test_blocking_reader_woken(int fd)
{
	long long waits = sysfs_value("reader_waits");
	unsigned char buf[200];
	pid_t pid;
	ssize_t n;

	pid = fork();
	if (pid == 0) {
		/* Write only once the parent sleeps in read(). */
		for (int i = 0; i < 1000 && sysfs_value("reader_waits") == waits; i++)
			sleep_ms(10);
		wait_asleep(getppid());
		fill_sequence(buf, 100, 0);
		write_all(fd, buf, 100);
		_exit(0);
	}
	arm_alarm(15);
	n = read(fd, buf, sizeof(buf));
	alarm(0);
	result(n == 100 && !memcmp(buf, (unsigned char[]){ 0, 1, 2, 3 }, 4) &&
	       sysfs_value("reader_waits") > waits && !alarm_fired,
	       "blocking_read_woken_by_writer",
	       "read gave %zd (%s), reader_waits +%lld, woken only by the 15 s alarm: %s",
	       n, n < 0 ? strerror(errno) : "ok", sysfs_value("reader_waits") - waits,
	       alarm_fired ? "yes" : "no");
	wait_child(pid, 5000);
}

static void test_blocking_writer_woken(int fd)
{
	size_t cap = sysfs_value("capacity");
	unsigned char *buf = calloc(1, cap);
	int asleep, status, nb = open_dev(O_WRONLY | O_NONBLOCK);
	pid_t pid;

	while (write(nb, buf, cap) > 0)
		;
	close(nb);
	pid = fork();
	if (pid == 0)
		_exit(write(fd, buf, 1000) == 1000 ? 0 : 1);
	asleep = wait_asleep(pid);
	status = waitpid(pid, NULL, WNOHANG);
	if (read(fd, buf, 2000) != 2000)
		die("read");
	result(asleep && status == 0 && wait_child(pid, 5000) == 0,
	       "blocking_write_woken_by_reader", "writer asleep in write(): %s; %s",
	       asleep ? "yes" : "no",
	       status == 0 ? "it did not finish after the read" : "it returned before the read");
	drain(fd);
	free(buf);
}

static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void test_poll(int fd)
{
	size_t cap = sysfs_value("capacity"), low = sysfs_value("low_water");
	unsigned char *buf = calloc(1, cap);
	int rd = open_dev(O_RDONLY);
	struct pollfd p;
	short a, b, c, d;
	pid_t pid;
	int r;

	a = poll_now(fd, POLLIN | POLLOUT);
	write_all(fd, buf, low + 1000);
	b = poll_now(fd, POLLIN | POLLOUT);
	if (read(fd, buf, 1000) != 1000)
		die("read");
	c = poll_now(fd, POLLIN | POLLOUT);
	drain(fd);
	d = poll_now(rd, POLLIN | POLLOUT);
	result(a == POLLOUT && b == POLLIN && c == (POLLIN | POLLOUT) && d == 0, "poll_levels",
	       "revents empty=%#x above-low-water=%#x at-low-water=%#x reader-empty=%#x",
	       a, b, c, d);

	pid = fork();
	if (pid == 0) {
		wait_asleep(getppid()); /* in poll() */
		write_all(fd, buf, 10);
		_exit(0);
	}
	p = (struct pollfd){ .fd = rd, .events = POLLIN };
	/* No timeout: poll() re-checks once it expires, which would hide a missing wake-up. */
	arm_alarm(15);
	r = poll(&p, 1, -1);
	alarm(0);
	result(r == 1 && p.revents == POLLIN && !alarm_fired, "poll_woken_by_writer",
	       "poll %d revents %#x, woken only by the 15 s alarm: %s", r, p.revents,
	       alarm_fired ? "yes" : "no");
	wait_child(pid, 5000);
	drain(fd);

	write_all(fd, buf, cap);
	pid = fork();
	if (pid == 0) {
		wait_asleep(getppid()); /* in poll() */
		drain(rd);
		_exit(0);
	}
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	/* No timeout: poll() re-checks once it expires, which would hide a missing wake-up. */
	arm_alarm(15);
	r = poll(&p, 1, -1);
	alarm(0);
	result(r == 1 && (p.revents & POLLOUT) && !alarm_fired, "poll_woken_below_low_water",
	       "poll %d revents %#x, woken only by the 15 s alarm: %s", r, p.revents,
	       alarm_fired ? "yes" : "no");
	wait_child(pid, 5000);
	drain(fd);
	close(rd);
	free(buf);
}

/* Shared between the two readers of test_concurrent_readers(). */
struct race {
	unsigned long long taken;
	unsigned long long duplicates;
	unsigned long long misaligned;
	unsigned long long out_of_order;
	unsigned long long bytes[2];
	unsigned char seen[];
};

#define RACE_VALUES (1u << 18)

static void race_reader(struct race *r, int who, size_t chunk)
{
	int fd = open_dev(O_RDONLY | O_NONBLOCK);
	unsigned char buf[8192];
	double deadline = now() + 60;
	uint32_t last = 0;
	int first = 1;

	while (__atomic_load_n(&r->taken, __ATOMIC_SEQ_CST) < RACE_VALUES * 4ull &&
	       now() < deadline) {
		ssize_t n = read(fd, buf, chunk);

		if (n < 0) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, 50);
			continue;
		}
		if (n % 4)
			__atomic_add_fetch(&r->misaligned, 1, __ATOMIC_SEQ_CST);
		for (ssize_t i = 0; i + 4 <= n; i += 4) {
			uint32_t v;

			memcpy(&v, buf + i, 4);
			if (v >= RACE_VALUES || __atomic_exchange_n(&r->seen[v], 1, __ATOMIC_SEQ_CST))
				__atomic_add_fetch(&r->duplicates, 1, __ATOMIC_SEQ_CST);
			if (!first && v <= last)
				__atomic_add_fetch(&r->out_of_order, 1, __ATOMIC_SEQ_CST);
			last = v;
			first = 0;
		}
		r->bytes[who] += n;
		__atomic_add_fetch(&r->taken, n, __ATOMIC_SEQ_CST);
	}
	_exit(0);
}

static void test_concurrent_readers(int fd)
{
	size_t size = sizeof(struct race) + RACE_VALUES;
	struct race *r = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	static uint32_t values[RACE_VALUES];
	unsigned long long missing = 0;
	pid_t a, b;
	int ca, cb;

	if (r == MAP_FAILED)
		die("mmap");
	/*
	 * Both ends of the ring at multiples of 4, so every read returns whole
	 * values and each reader can decode what it got. The device promises no
	 * such framing: a write that wraps is published in two parts.
	 */
	align_ring(fd, 4);
	for (uint32_t i = 0; i < RACE_VALUES; i++)
		values[i] = i;
	a = fork();
	if (a == 0)
		race_reader(r, 0, 28);
	b = fork();
	if (b == 0)
		race_reader(r, 1, 4 * 1021);
	arm_alarm(60);
	write_all(fd, values, sizeof(values));
	alarm(0);
	ca = wait_child(a, 60000);
	cb = wait_child(b, 60000);
	for (uint32_t i = 0; i < RACE_VALUES; i++)
		missing += !r->seen[i];
	result(ca == 0 && cb == 0 && !r->duplicates && !missing && !r->misaligned &&
	       !r->out_of_order && r->bytes[0] && r->bytes[1], "concurrent_readers_disjoint",
	       "exits %d/%d, bytes %llu/%llu, duplicates %llu, missing %llu, misaligned %llu, out of order %llu",
	       ca, cb, r->bytes[0], r->bytes[1], r->duplicates, missing, r->misaligned,
	       r->out_of_order);
	munmap(r, size);
	drain(fd);
}

int run_chardev(void)
{
	int fd = open_dev(O_RDWR);

	drain(fd);
	test_roundtrip(fd);
	test_fifo_odd_reads(fd);
	test_eagain(fd);
	test_blocking_reader_woken(fd);
	test_blocking_writer_woken(fd);
	test_poll(fd);
	test_unprivileged(fd);
	test_concurrent_readers(fd);
	test_erased_after_read(fd);
	close(fd);
	return failures;
}
