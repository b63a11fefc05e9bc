// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - the hw_random side: the kernel's hwrng thread and /dev/hwrng.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "qrngtest.h"

/* The kernel's hwrng thread drains the buffer with nobody reading /dev/hwrng. */
int run_hwrng_thread(void)
{
	long long before = sysfs_value("bytes_read_hwrng"), after = before;
	unsigned char buf[4096];
	uint64_t seed = 42;
	int fd = open_dev(O_WRONLY);
	double start = now();

	fill_random(buf, sizeof(buf), &seed);
	write_all(fd, buf, sizeof(buf));
	/* khwrngd sleeps 10 s after a read that found the buffer empty. */
	while (after == before && now() - start < 15) {
		sleep_ms(100);
		after = sysfs_value("bytes_read_hwrng");
	}
	result(after > before, "hwrng_thread_feeds_pool", "bytes_read_hwrng %lld -> %lld in %.1f s",
	       before, after, now() - start);
	close(fd);
	return failures;
}

/* /dev/hwrng hands out written bytes: 64 of them form one run of the sequence. */
int run_dev_hwrng(void)
{
	unsigned char seq[16384], got[64];
	int fd = open_dev(O_WRONLY), hw = open("/dev/hwrng", O_RDONLY), run = 1;
	long long before = sysfs_value("bytes_read_hwrng");
	ssize_t n;

	if (hw < 0)
		die("open /dev/hwrng");
	/* What khwrngd left of earlier data would come first. */
	drain_device();
	fill_sequence(seq, sizeof(seq), 0);
	write_all(fd, seq, sizeof(seq));
	n = read(hw, got, sizeof(got));
	for (ssize_t i = 1; i < n; i++)
		run &= got[i] == (got[i - 1] + 1) % 251;
	result(n == 64 && run && sysfs_value("bytes_read_hwrng") >= before + 64,
	       "dev_hwrng_yields_written_data", "read %zd bytes, contiguous run %s, hwrng bytes +%lld",
	       n, run ? "yes" : "no", sysfs_value("bytes_read_hwrng") - before);
	close(hw);
	close(fd);
	return failures;
}
