/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * qrng - user-space interface of /dev/qrng (shared by the module, the
 * feeding agent and the tests).
 */
#ifndef _QRNG_H
#define _QRNG_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Bytes buffered and not yet read, like RNDGETENTCNT for the random pool. */
#define QRNG_GET_FILL_LEVEL	_IOR('Q', 0x01, __u32)

#endif /* _QRNG_H */
