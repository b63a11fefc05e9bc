// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - groups instead of privilege: writers in writer_gid (checked at
 * open), readers in the node's group (the default mode is not world-readable).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qrngtest.h"

#define WRITER_GID 4242	/* stands in for qa-qrng-agent's group */
#define READER_GID 4343	/* stands in for the qrng readers' group */

/*
 * In a child as nobody (no capabilities) with @group as its supplementary
 * group (-1: none): open(@flags), then write @len bytes of @data or read one
 * byte. Returns the child's exit code: 0, open()'s errno, or 100+ after it.
 */
static int as_nobody(int group, int flags, const void *data, size_t len)
{
	unsigned char b;
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		become_nobody_in(group);
		fd = open(DEV, flags);
		if (fd < 0)
			_exit(errno);
		if (data)
			_exit(write(fd, data, len) == (ssize_t)len ? 0 : 101);
		if ((flags & O_ACCMODE) == O_RDONLY)
			_exit(read(fd, &b, 1) == 1 ? 0 : 102);
		_exit(0);
	}
	return wait_child(pid, 5000);
}

static const char *outcome(int code)
{
	static char buf[64];

	if (code > 0 && code < 100)
		return strerror(code);
	snprintf(buf, sizeof(buf), code ? "exit %d" : "success", code);
	return buf;
}

/* A member's descriptor keeps working after writer_gid changes: checked at open. */
static void test_checked_at_open(int fd)
{
	unsigned char in[16], out[16] = { 0 };
	int status = 0, code, wfd;
	pid_t pid;

	fill_sequence(in, sizeof(in), 100);
	pid = fork();
	if (pid == 0) {
		become_nobody_in(WRITER_GID);
		wfd = open(DEV, O_WRONLY);
		if (wfd < 0)
			_exit(1);
		raise(SIGSTOP); /* until writer_gid no longer names its group */
		_exit(write(wfd, in, sizeof(in)) == sizeof(in) ? 0 : 2);
	}
	waitpid(pid, &status, WUNTRACED);
	set_module_param("writer_gid", -1);
	code = as_nobody(WRITER_GID, O_WRONLY, NULL, 0);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGCONT);
		status = wait_child(pid, 5000);
	} else {
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	}
	result(code == EPERM && status == 0 && read(fd, out, sizeof(out)) == sizeof(out) &&
	       !memcmp(in, out, sizeof(in)), "writer_group_checked_at_open",
	       "new open after writer_gid=-1: %s; member's earlier descriptor: exit %d",
	       outcome(code), status);
	drain(fd);
}

/* Phase A (hwrng=0): exact bytes come back. */
int run_writer_group(void)
{
	unsigned char in[16], out[16] = { 0 };
	int fd = open_dev(O_RDWR), code, same;

	drain(fd);
	/* Anyone may open for writing as far as DAC goes: only the module refuses. */
	if (chmod(DEV, 0666))
		die("chmod " DEV);
	result(module_param_value("writer_gid") == -1, "writer_gid_default_none",
	       "writer_gid %d", module_param_value("writer_gid"));
	code = as_nobody(WRITER_GID, O_WRONLY, NULL, 0);
	result(code == EPERM, "writer_gid_unset_only_cap_sys_admin",
	       "open(O_WRONLY) as nobody in group %d with writer_gid=-1: %s", WRITER_GID,
	       outcome(code));

	set_module_param("writer_gid", WRITER_GID);
	code = as_nobody(-1, O_WRONLY, NULL, 0);
	result(code == EPERM, "writer_outside_group_refused_eperm",
	       "open(O_WRONLY) as nobody outside writer_gid on a 0666 node: %s", outcome(code));
	code = as_nobody(READER_GID, O_WRONLY, NULL, 0);
	result(code == EPERM, "writer_other_group_refused_eperm",
	       "open(O_WRONLY) as nobody in group %d: %s", READER_GID, outcome(code));
	fill_sequence(in, sizeof(in), 50);
	code = as_nobody(WRITER_GID, O_WRONLY, in, sizeof(in));
	/* Read only what was written: with hwrng=0 an empty ring blocks. */
	same = code == 0 && read(fd, out, sizeof(out)) == sizeof(out) &&
	       !memcmp(in, out, sizeof(in));
	result(same, "writer_group_member_writes",
	       "nobody with supplementary group %d: %s, bytes read back equal: %d",
	       WRITER_GID, outcome(code), same);
	drain(fd);
	test_checked_at_open(fd);

	set_module_param("writer_gid", -1);
	close(fd);
	return failures;
}

/* Phase B (defaults): the node is mode 0440; the udev rule gives it a group. */
int run_reader_group(void)
{
	unsigned char buf[4096];
	uint64_t seed = 7;
	int fd = open_dev(O_WRONLY), code;

	if (chown(DEV, 0, READER_GID))
		die("chown " DEV);
	fill_random(buf, sizeof(buf), &seed);
	write_all(fd, buf, sizeof(buf));
	code = as_nobody(-1, O_RDONLY, NULL, 0);
	result(code == EACCES, "reader_outside_group_refused_eacces",
	       "open(O_RDONLY) as nobody on root:%d 0440: %s", READER_GID, outcome(code));
	code = as_nobody(READER_GID, O_RDONLY, NULL, 0);
	result(code == 0, "reader_group_member_reads",
	       "nobody with supplementary group %d: %s", READER_GID, outcome(code));
	if (chown(DEV, 0, 0))
		die("chown " DEV);
	drain_device();
	close(fd);
	return failures;
}
