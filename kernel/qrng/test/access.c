// SPDX-License-Identifier: GPL-2.0
/*
 * qrngtest - who may write: CAP_SYS_ADMIN of the opener, and the defaults (mode,
 * quality, writer_gid).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "qrngtest.h"

void test_unprivileged(int fd)
{
	unsigned char in[16], out[16];
	int wfd, code;
	pid_t pid;

	fill_sequence(in, sizeof(in), 7);
	write_all(fd, in, sizeof(in));
	pid = fork();
	if (pid == 0) {
		become_nobody();
		wfd = open(DEV, O_WRONLY);
		if (wfd >= 0 || errno != EPERM)
			_exit(1);
		wfd = open(DEV, O_RDONLY);
		if (wfd < 0 || read(wfd, out, sizeof(out)) != sizeof(out))
			_exit(2);
		_exit(memcmp(in, out, sizeof(in)) ? 3 : 0);
	}
	code = wait_child(pid, 5000);
	result(code != 1, "unprivileged_writer_refused_eperm", "open(O_WRONLY) as nobody was not EPERM");
	result(code == 0, "unprivileged_reader_reads", "child exit %d", code);
	drain(fd);

	/* The capability belongs to whoever opened: a descriptor handed down keeps it. */
	pid = fork();
	if (pid == 0) {
		become_nobody();
		_exit(write(fd, in, sizeof(in)) == sizeof(in) ? 0 : 1);
	}
	code = wait_child(pid, 5000);
	result(code == 0 && read(fd, out, sizeof(out)) == sizeof(out) && !memcmp(in, out, sizeof(in)),
	       "write_checked_against_opener", "inherited writer fd as nobody: exit %d", code);
	drain(fd);
}

static int drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	data[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
	return syscall(SYS_capset, &hdr, data);
}

int run_default(void)
{
	struct stat st = { 0 };
	int code = stat(DEV, &st);
	pid_t pid;

	/* Not world-readable: the udev rule gives the node its readers' group. */
	result(code == 0 && (st.st_mode & 0777) == 0440, "default_mode_0440", "mode %o",
	       st.st_mode & 0777);
	result(sysfs_value("capacity") == 1 << 20, "default_capacity_1MiB", "capacity %lld",
	       sysfs_value("capacity"));
	/* The agent's default claim, 6 bits of min-entropy per byte: 6 / 8 * 1024. */
	result(module_param_value("quality") == 768, "default_quality_768", "quality %d",
	       module_param_value("quality"));
	result(module_param_value("writer_gid") == -1, "default_writer_gid_none",
	       "writer_gid %d", module_param_value("writer_gid"));
	pid = fork();
	if (pid == 0) {
		become_nobody();
		_exit(open(DEV, O_WRONLY) < 0 && errno == EACCES ? 0 : 1);
	}
	code = wait_child(pid, 5000);
	result(code == 0, "unprivileged_writer_refused_by_mode", "child exit %d", code);
	pid = fork();
	if (pid == 0) {
		if (drop_cap_sys_admin())
			_exit(2);
		_exit(open(DEV, O_WRONLY) < 0 && errno == EPERM ? 0 : 1);
	}
	code = wait_child(pid, 5000);
	result(code == 0, "root_without_cap_sys_admin_refused", "child exit %d", code);
	return failures;
}
