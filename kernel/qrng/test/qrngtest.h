/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qrngtest - checks of /dev/qrng run inside the test guest: shared helpers and
 * the checks each file provides.
 */
#ifndef QRNGTEST_H
#define QRNGTEST_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#define DEV "/dev/qrng"
#define SYSFS "/sys/class/misc/qrng/"
#define NOBODY 65534

/* util.c */
extern int failures;
void result(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void die(const char *what) __attribute__((noreturn));
double now(void);
void sleep_ms(int ms);
int open_dev(int flags);
long long sysfs_value(const char *attr);
void fill_sequence(unsigned char *buf, size_t len, size_t start);
uint64_t prng_next(uint64_t *state);
void fill_random(unsigned char *buf, size_t len, uint64_t *state);
void write_all(int fd, const void *buf, size_t len);
void drain(int fd);
void drain_device(void);
void align_ring(int fd, size_t unit);
int wait_child(pid_t pid, int timeout_ms);
int wait_asleep(pid_t pid);
void arm_alarm(unsigned int seconds);
extern volatile sig_atomic_t alarm_fired;
void become_nobody(void);
void become_nobody_in(int group);
int module_param_value(const char *name);
void set_module_param(const char *name, int value);

/* chardev.c: I/O semantics, module loaded with hwrng=0 */
int run_chardev(void);
/* access.c: who may open for writing */
void test_unprivileged(int fd);
int run_default(void);
/* groups.c: the writer group (writer_gid) and the readers' group */
int run_writer_group(void);
int run_reader_group(void);
/* fault.c: a reader whose buffer faults slowly stalls nobody; lost bytes stay lost */
int run_slow_reader(void);
int run_faulting_reader(void);
/* erase.c: consumed bytes leave kernel memory */
void test_erased_after_read(int fd);
/* hwrng.c: the hw_random side */
int run_hwrng_thread(void);
int run_dev_hwrng(void);

#endif /* QRNGTEST_H */
