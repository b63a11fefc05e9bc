// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - helpers shared by the checks: results, sysfs, test data, processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qrngtest.h"

int failures;

void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
	} else {
		failures++;
		printf("FAIL %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

void die(const char *what)
{
	printf("FAIL setup: %s: %s\n", what, strerror(errno));
	exit(100);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int open_dev(int flags)
{
	int fd = open(DEV, flags);

	if (fd < 0)
		die("open " DEV);
	return fd;
}

long long sysfs_value(const char *attr)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), SYSFS "%s", attr);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%lld", &v) != 1)
		die(path);
	fclose(f);
	return v;
}

/* Deterministic test data: byte i of a stream is i % 251 (no period of 256). */
void fill_sequence(unsigned char *buf, size_t len, size_t start)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (start + i) % 251;
}

/* xorshift64*: random-looking data without touching the kernel's RNG. */
uint64_t prng_next(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545F4914F6CDD1DULL;
}

void fill_random(unsigned char *buf, size_t len, uint64_t *state)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = prng_next(state);

		memcpy(buf + i, &v, len - i < 8 ? len - i : 8);
	}
}

void write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			die("write " DEV);
		p += n;
		len -= n;
	}
}

void drain(int fd)
{
	unsigned char buf[65536];
	int flags = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	fcntl(fd, F_SETFL, flags);
}

void drain_device(void)
{
	int fd = open_dev(O_RDONLY);

	drain(fd);
	close(fd);
}

int wait_child(pid_t pid, int timeout_ms)
{
	int status;

	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		sleep_ms(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* uid and gid 65534, no capabilities, @group as the one supplementary group (-1: none). */
void become_nobody_in(int group)
{
	gid_t g = group;

	if (setgroups(group < 0 ? 0 : 1, &g) || setgid(NOBODY) || setuid(NOBODY))
		_exit(90);
}

void become_nobody(void)
{
	become_nobody_in(-1);
}

int module_param_value(const char *name)
{
	char path[128];
	int v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/qrng/parameters/%s", name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &v) != 1)
		die(path);
	fclose(f);
	return v;
}

/* Parameters with mode 0644 may change while the module is loaded. */
void set_module_param(const char *name, int value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/qrng/parameters/%s", name);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", value) < 0 || fclose(f))
		die(path);
}

/*
 * Pads an empty ring so that the next write lands at a multiple of @unit
 * (the ring offset is bytes_written modulo the capacity, and capacity is a
 * multiple of @unit).
 */
void align_ring(int fd, size_t unit)
{
	static const unsigned char zeros[4096];
	size_t pad = (unit - sysfs_value("bytes_written") % unit) % unit;

	drain(fd);
	while (pad) {
		size_t n = pad < sizeof(zeros) ? pad : sizeof(zeros);

		write_all(fd, zeros, n);
		drain(fd);
		pad -= n;
	}
}

/* Waits (10 s at most) until @pid sleeps interruptibly: blocked in a system call. */
int wait_asleep(pid_t pid)
{
	char path[64], line[512], *state;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");

		if (!f)
			return 0;
		state = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
		fclose(f);
		/* The field after "(comm)"; the name itself may hold spaces or ')'. */
		if (state && state[1] == ' ' && state[2] == 'S')
			return 1;
		sleep_ms(10);
	}
	return 0;
}

volatile sig_atomic_t alarm_fired;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_fired = 1;
}

/*
 * SIGALRM in @seconds ends the blocking call a check waits in, so a wake-up
 * that never comes fails the check (alarm_fired) instead of hanging the run.
 * The call may still return data: a wait re-checks its condition before it
 * looks at signals.
 */
void arm_alarm(unsigned int seconds)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	alarm_fired = 0;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}
