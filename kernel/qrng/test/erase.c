// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - bytes handed out are erased from the kernel's buffer (via /proc/kcore).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qrngtest.h"

/*
 * Look for a 4 KiB PRNG run in all of RAM through /proc/kcore. The run is
 * never held whole in this process while scanning, so a hit is kernel memory.
 */
#define MARK_LEN 4096

static int mark_at(const unsigned char *p, uint64_t seed)
{
	for (size_t i = 0; i < MARK_LEN; i += 8) {
		uint64_t want = prng_next(&seed), have;

		memcpy(&have, p + i, 8);
		if (have != want)
			return 0;
	}
	return 1;
}

struct segment {
	uint64_t offset, size;
};

static int kcore_ram(int kfd, struct segment *seg, int max)
{
	unsigned char eh[64], ph[56];
	uint64_t phoff;
	uint16_t phnum;
	int count = 0;

	if (pread(kfd, eh, sizeof(eh), 0) != sizeof(eh))
		die("read /proc/kcore");
	memcpy(&phoff, eh + 32, 8);
	memcpy(&phnum, eh + 56, 2);
	for (int i = 0; i < phnum && count < max; i++) {
		uint32_t type;
		uint64_t off, vaddr, paddr, size;

		if (pread(kfd, ph, sizeof(ph), phoff + i * sizeof(ph)) != sizeof(ph))
			die("read /proc/kcore");
		memcpy(&type, ph, 4);
		memcpy(&off, ph + 8, 8);
		memcpy(&vaddr, ph + 16, 8);
		memcpy(&paddr, ph + 24, 8);
		memcpy(&size, ph + 40, 8);
		/* RAM segments carry a physical address; skip the kernel-text alias. */
		if (type == 1 && paddr != (uint64_t)-1 && vaddr < 0xffffffff80000000ull)
			seg[count++] = (struct segment){ off, size };
	}
	return count;
}

static int scan_ram(uint64_t seed, uint64_t *where, int max)
{
	const size_t chunk = 1 << 20;
	unsigned char *buf = malloc(chunk + MARK_LEN);
	uint64_t first = seed, needle;
	int kfd = open("/proc/kcore", O_RDONLY);
	struct segment seg[64];
	int found = 0, nseg;

	if (kfd < 0 || !buf)
		die("open /proc/kcore");
	needle = prng_next(&first);
	nseg = kcore_ram(kfd, seg, 64);
	for (int s = 0; s < nseg; s++) {
		for (uint64_t pos = 0; pos < seg[s].size; pos += chunk) {
			size_t want = seg[s].size - pos < chunk + MARK_LEN ?
				      seg[s].size - pos : chunk + MARK_LEN;
			ssize_t n = pread(kfd, buf, want, seg[s].offset + pos);
			unsigned char *p = buf, *end = buf + n - MARK_LEN + 8;

			while (n >= MARK_LEN && p < end && (p = memmem(p, end - p, &needle, 8))) {
				if (p - buf < (ssize_t)chunk && mark_at(p, seed)) {
					if (found < max)
						where[found] = seg[s].offset + pos + (p - buf);
					found++;
				}
				p++;
			}
		}
	}
	explicit_bzero(buf, chunk + MARK_LEN);
	free(buf);
	close(kfd);
	return found;
}

void test_erased_after_read(int fd)
{
	uint64_t seed = (uint64_t)time(NULL) * 2654435761u | 1, state = seed, where[8];
	unsigned char *buf = malloc(MARK_LEN), zero[MARK_LEN] = { 0 };
	int kfd = open("/proc/kcore", O_RDONLY), before, after, erased = 1;

	/* Start at offset 0 of the ring: a marker split at its end is found nowhere. */
	align_ring(fd, sysfs_value("capacity"));
	fill_random(buf, MARK_LEN, &state);
	write_all(fd, buf, MARK_LEN);
	explicit_bzero(buf, MARK_LEN);
	before = scan_ram(seed, where, 8);

	if (read(fd, buf, MARK_LEN) != MARK_LEN || !mark_at(buf, seed))
		die("read back the marker");
	explicit_bzero(buf, MARK_LEN);
	after = scan_ram(seed, NULL, 0);
	for (int i = 0; i < before && i < 8; i++) {
		if (pread(kfd, buf, MARK_LEN, where[i]) != MARK_LEN || memcmp(buf, zero, MARK_LEN))
			erased = 0;
	}
	result(before >= 1 && after == 0 && erased, "erased_after_read",
	       "marker in RAM %d time(s) before the read, %d after; buffer zeroed: %s",
	       before, after, erased ? "yes" : "no");
	close(kfd);
	free(buf);
}
