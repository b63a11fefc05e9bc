// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - readers whose buffers fault: slowly (userfaultfd holds the fault
 * for 2 s), which must stall neither another reader nor the hw_random core,
 * or for good, which loses the bytes taken for them instead of putting back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "qrngtest.h"

#define FAULT_HELD_MS	2000	/* how long reader A's page fault is held */
#define STALL_BOUND	1.0	/* seconds another reader may take meanwhile */
#define CHUNK		4096	/* one page: A's whole buffer */

struct slow {
	int uffd, dev;
	unsigned char *area;	/* A's buffer: registered, not yet faulted in */
	int faulted;		/* atomic: the handler holds A's fault */
	double released;	/* when the handler let A's fault go */
	ssize_t a_got;
};

/* Holds the first fault on A's buffer for FAULT_HELD_MS, then fills the page. */
static void *fault_handler(void *arg)
{
	static unsigned char page[CHUNK];
	struct slow *s = arg;
	struct pollfd p = { .fd = s->uffd, .events = POLLIN };
	struct uffdio_copy copy = { .src = (unsigned long)page, .len = CHUNK };
	struct uffd_msg msg;

	if (poll(&p, 1, 10000) != 1 || read(s->uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT)
		return NULL;
	__atomic_store_n(&s->faulted, 1, __ATOMIC_SEQ_CST);
	sleep_ms(FAULT_HELD_MS);
	s->released = now();
	memset(page, 0xee, sizeof(page));
	copy.dst = msg.arg.pagefault.address & ~(unsigned long long)(CHUNK - 1);
	ioctl(s->uffd, UFFDIO_COPY, &copy);
	return NULL;
}

static void *slow_reader(void *arg)
{
	struct slow *s = arg;

	s->a_got = read(s->dev, s->area, CHUNK);
	return NULL;
}

/* A page that faults to user space on first touch, kernel accesses included. */
static void setup_uffd(struct slow *s)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	s->uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (s->uffd < 0 || ioctl(s->uffd, UFFDIO_API, &api))
		die("userfaultfd");
	s->area = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->area == MAP_FAILED)
		die("mmap");
	reg.range.start = (unsigned long)s->area;
	reg.range.len = CHUNK;
	if (ioctl(s->uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
}

/* @buf holds whole counters (the ring is aligned to 4): consecutive ones? */
static int run_of(const void *buf, size_t len, uint32_t *first, uint32_t *last)
{
	const uint32_t *v = buf;

	*first = v[0];
	*last = v[len / 4 - 1];
	for (size_t i = 1; i < len / 4; i++) {
		if (v[i] != v[i - 1] + 1)
			return 0;
	}
	return 1;
}

/* One read() and when it ran; B's and /dev/hwrng's run side by side. */
struct timed_read {
	int fd;
	unsigned char *buf;
	size_t len;
	ssize_t got;
	double took, done;
};

static void *timed_read(void *arg)
{
	struct timed_read *r = arg;
	double start = now();

	r->got = read(r->fd, r->buf, r->len);
	r->done = now();
	r->took = r->done - start;
	return NULL;
}

/* Served within STALL_BOUND and before A's fault was let go. */
static void check_not_stalled(const char *name, const char *who, struct timed_read *r,
			      struct slow *s)
{
	result(s->faulted && r->got == (ssize_t)r->len && r->took < STALL_BOUND &&
	       r->done < s->released, name,
	       "A's fault held: %s; %s read %zd of %zu bytes in %.3f s (bound %.1f s), %s A's fault was released",
	       s->faulted ? "yes" : "no", who, r->got, r->len, r->took, STALL_BOUND,
	       r->done < s->released ? "before" : "after");
}

/*
 * Reader A reads into the userfaultfd page; while its fault is held, reader
 * B reads a page and /dev/hwrng 64 bytes (phase B: hwrng registered). The
 * ring holds consecutive 32-bit counters, so overlap between A and B shows.
 */
int run_slow_reader(void)
{
	static uint32_t values[3 * CHUNK / 4];
	static unsigned char b_buf[CHUNK], h_buf[64];
	struct timed_read b = { .buf = b_buf, .len = sizeof(b_buf) };
	struct timed_read h = { .buf = h_buf, .len = sizeof(h_buf) };
	uint32_t a_first = 0, a_last = 0, b_first = 0, b_last = 0;
	int fd = open_dev(O_RDWR), a_run, b_run;
	pthread_t handler, reader, hwrng;
	struct slow s = { 0 };

	setup_uffd(&s);
	align_ring(fd, 4);
	for (uint32_t i = 0; i < sizeof(values) / 4; i++)
		values[i] = i;
	write_all(fd, values, sizeof(values));
	s.dev = open_dev(O_RDONLY);
	b.fd = open_dev(O_RDONLY);
	h.fd = open("/dev/hwrng", O_RDONLY);
	if (h.fd < 0)
		die("open /dev/hwrng");

	if (pthread_create(&handler, NULL, fault_handler, &s) ||
	    pthread_create(&reader, NULL, slow_reader, &s))
		die("pthread_create");
	for (int i = 0; i < 1000 && !__atomic_load_n(&s.faulted, __ATOMIC_SEQ_CST); i++)
		sleep_ms(10);
	if (pthread_create(&hwrng, NULL, timed_read, &h))
		die("pthread_create");
	timed_read(&b);
	pthread_join(hwrng, NULL);
	pthread_join(reader, NULL);
	pthread_join(handler, NULL);

	check_not_stalled("slow_reader_does_not_stall_reader", "B", &b, &s);
	check_not_stalled("slow_reader_does_not_stall_hwrng", "/dev/hwrng", &h, &s);
	a_run = s.a_got == CHUNK && run_of(s.area, CHUNK, &a_first, &a_last);
	b_run = b.got == CHUNK && run_of(b_buf, CHUNK, &b_first, &b_last);
	result(a_run, "slow_reader_gets_its_bytes", "A read %zd bytes, one run of counters: %s",
	       s.a_got, a_run ? "yes" : "no");
	result(a_run && b_run && a_last < b_first, "slow_reader_bytes_not_shared",
	       "A counters %u..%u (run %d), B counters %u..%u (run %d)",
	       a_first, a_last, a_run, b_first, b_last, b_run);

	munmap(s.area, CHUNK);
	close(s.uffd);
	close(h.fd);
	close(b.fd);
	close(s.dev);
	drain(fd);
	close(fd);
	return failures;
}

static uint32_t next_counter(int fd)
{
	uint32_t v = UINT32_MAX;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		die("read");
	return v;
}

/*
 * Phase A (hwrng=0, exact): a read into a buffer whose end is unmapped gets
 * what fits; the rest it took is erased, so the next reader gets newer bytes.
 */
int run_faulting_reader(void)
{
	static uint32_t values[1024];
	long long read_before = sysfs_value("bytes_read");
	long long lost_before = sysfs_value("bytes_discarded");
	int fd = open_dev(O_RDWR);
	unsigned char *area = mmap(NULL, 2 * CHUNK, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t got[2] = { UINT32_MAX, UINT32_MAX }, after_short, after_efault;
	ssize_t n, e;
	int err;

	if (area == MAP_FAILED || mprotect(area + CHUNK, CHUNK, PROT_NONE))
		die("mmap");
	align_ring(fd, 4);
	for (uint32_t i = 0; i < 1024; i++)
		values[i] = i;
	write_all(fd, values, sizeof(values));

	/* Counters 0..3 taken, 0 and 1 fit before the unmapped page. */
	n = read(fd, area + CHUNK - 8, 16);
	memcpy(got, area + CHUNK - 8, 8);
	after_short = next_counter(fd);
	/* Counters 5..8 taken, none fit. */
	e = read(fd, area + CHUNK, 16);
	err = errno;
	after_efault = next_counter(fd);

	result(n == 8 && got[0] == 0 && got[1] == 1, "faulting_reader_short_read",
	       "read gave %zd, counters %u %u", n, got[0], got[1]);
	result(e == -1 && err == EFAULT, "faulting_reader_nothing_copied_efault",
	       "read gave %zd (%s)", e, strerror(err));
	result(after_short == 4 && after_efault == 9, "faulting_reader_bytes_not_put_back",
	       "next reader got counter %u after the short read (want 4), %u after EFAULT (want 9)",
	       after_short, after_efault);
	result(sysfs_value("bytes_read") - read_before == 16 &&
	       sysfs_value("bytes_discarded") - lost_before == 24, "faulting_reader_statistics",
	       "bytes_read +%lld (want 16), bytes_discarded +%lld (want 24)",
	       sysfs_value("bytes_read") - read_before,
	       sysfs_value("bytes_discarded") - lost_before);
	munmap(area, 2 * CHUNK);
	drain(fd);
	close(fd);
	return failures;
}
