// SPDX-License-Identifier: GPL-2.0
/*
 * qrng - /dev/qrng, a buffer of quantum random bytes filled by a feeding agent
 * and drained by any reader and by the kernel's hw_random core.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hw_random.h>
#include <linux/jiffies.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/wait.h>

#include "qrng.h"

#define QRNG_MIN_CAPACITY	4096U
#define QRNG_MAX_CAPACITY	(256U << 20)
/* Longest a hw_random read waits for data: the core holds its reading_mutex meanwhile. */
#define QRNG_HWRNG_WAIT		msecs_to_jiffies(200)
/*
 * A read() moves at most this much per round from the ring into a kernel
 * bounce buffer (read_lock held), then copies it out with no lock held. One
 * page: an order-0 kmalloc() that does not fail in practice, too big for the
 * stack, and large reads still take few rounds.
 */
#define QRNG_BOUNCE_SIZE	PAGE_SIZE

static unsigned int capacity = 1U << 20;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "Buffer size in bytes, 4 KiB..256 MiB (default: 1 MiB)");

static unsigned int low_water;
module_param(low_water, uint, 0444);
MODULE_PARM_DESC(low_water, "Writers get EPOLLOUT at or below this fill level (default: capacity / 4)");

static ushort dev_mode = 0440;
module_param_named(mode, dev_mode, ushort, 0444);
MODULE_PARM_DESC(mode, "Permissions of /dev/qrng, not world-readable: the package's udev rule makes it qa-qrng-agent:qrng 0640; writers also need CAP_SYS_ADMIN or writer_gid (default: 0440)");

static int writer_gid = -1;
module_param(writer_gid, int, 0644);
MODULE_PARM_DESC(writer_gid, "Members of this group (a gid of the initial user namespace) may open for writing, checked at open; -1: none, CAP_SYS_ADMIN only (default: -1)");

static bool use_hwrng = true;
module_param_named(hwrng, use_hwrng, bool, 0444);
MODULE_PARM_DESC(hwrng, "Register with the hw_random framework (default: 1)");

static ushort quality = 768;
module_param(quality, ushort, 0444);
MODULE_PARM_DESC(quality, "hw_random entropy, bits per 1024 bits of input, 0..1024; the QRNG agent passes its min_entropy_per_byte * 128 (default: 768, its default 6 bits/byte)");

/*
 * A ring of @capacity bytes; @lock only guards the indices. The writer holds
 * write_lock while it copies from user space into free room. A consumer holds
 * read_lock only while it moves bytes out of the ring into kernel memory,
 * never across a user-space access: a reader whose buffer faults slowly
 * (userfaultfd, FUSE) stalls no other reader and not the hw_random core.
 */
struct qrng {
	struct miscdevice misc;
	struct hwrng hwrng;
	bool hwrng_registered;
	bool dying;		/* unloading: hw_random reads stop waiting */

	u8 *buf;
	size_t capacity;
	size_t low_water;

	struct mutex read_lock;		/* one consumer takes bytes at a time */
	struct mutex write_lock;	/* one producer at a time */
	wait_queue_head_t readq;
	wait_queue_head_t writeq;

	spinlock_t lock;	/* protects everything below */
	size_t head;		/* offset of the oldest buffered byte */
	size_t level;		/* bytes buffered */
	u64 bytes_written;
	u64 bytes_read;
	u64 bytes_read_hwrng;
	u64 bytes_discarded;	/* taken by a reader whose buffer faulted */
	u64 reader_waits;
};

static struct qrng *qrng_dev;

static size_t qrng_level(struct qrng *q)
{
	return READ_ONCE(q->level);
}

/* The oldest buffered bytes: up to @max contiguous ones at *@off. */
static size_t qrng_readable(struct qrng *q, size_t max, size_t *off)
{
	size_t n;

	spin_lock(&q->lock);
	*off = q->head;
	n = min3(max, q->level, q->capacity - q->head);
	spin_unlock(&q->lock);
	return n;
}

/* Erase @n bytes handed out from @off, then give their room to the writers. */
static void qrng_consume(struct qrng *q, size_t off, size_t n)
{
	bool wake;

	memzero_explicit(q->buf + off, n);

	spin_lock(&q->lock);
	q->head = off + n == q->capacity ? 0 : off + n;
	/* Wake blocked writers, and pollers once, when crossing the low-water mark. */
	wake = q->level == q->capacity ||
	       (q->level > q->low_water && q->level - n <= q->low_water);
	WRITE_ONCE(q->level, q->level - n);
	spin_unlock(&q->lock);

	if (wake)
		wake_up_interruptible(&q->writeq);
}

/* Free room after the newest byte: up to @max contiguous bytes at *@off. */
static size_t qrng_writable(struct qrng *q, size_t max, size_t *off)
{
	size_t tail, n;

	spin_lock(&q->lock);
	tail = q->head + q->level;
	if (tail >= q->capacity)
		tail -= q->capacity;
	*off = tail;
	n = min3(max, q->capacity - q->level, q->capacity - tail);
	spin_unlock(&q->lock);
	return n;
}

/*
 * Moves up to @max of the oldest bytes to @dst and erases them from the ring.
 * Under read_lock nobody else takes the same bytes, and @dst is kernel memory,
 * so the lock is held for a memcpy only: everyone may take it plainly.
 */
static size_t qrng_take(struct qrng *q, u8 *dst, size_t max)
{
	size_t done = 0, off, n;

	mutex_lock(&q->read_lock);
	while (done < max) {
		n = qrng_readable(q, max - done, &off);
		if (!n)
			break;
		memcpy(dst + done, q->buf + off, n);
		qrng_consume(q, off, n);
		done += n;
	}
	mutex_unlock(&q->read_lock);
	return done;
}

static void qrng_count(struct qrng *q, u64 *counter, size_t n)
{
	spin_lock(&q->lock);
	*counter += n;
	spin_unlock(&q->lock);
}

static void qrng_commit(struct qrng *q, size_t n)
{
	bool wake;

	spin_lock(&q->lock);
	wake = !q->level;
	WRITE_ONCE(q->level, q->level + n);
	q->bytes_written += n;
	spin_unlock(&q->lock);

	if (wake)
		wake_up_interruptible(&q->readq);
}

static struct qrng *qrng_from_file(struct file *file)
{
	return container_of(file->private_data, struct qrng, misc);
}

/* CAP_SYS_ADMIN (root and setups without the group keep working), or writer_gid. */
static bool qrng_may_write(struct file *file)
{
	int gid = READ_ONCE(writer_gid);
	kgid_t kgid;

	if (file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return true;
	if (gid < 0)
		return false;
	kgid = make_kgid(&init_user_ns, gid);
	/* In open(), current's credentials are the opener's: file->f_cred. */
	return gid_valid(kgid) && in_group_p(kgid);
}

static int qrng_open(struct inode *inode, struct file *file)
{
	/*
	 * Only the feeding agent writes. Check the opener's credentials once,
	 * here: a capable() in write() would also pass for a setuid program
	 * handed an unprivileged opener's descriptor.
	 */
	if ((file->f_mode & FMODE_WRITE) && !qrng_may_write(file))
		return -EPERM;

	return nonseekable_open(inode, file);
}

/*
 * Each round takes bytes out of the ring before copying them out, so a byte
 * goes to one reader at most, ever. Bytes a faulting copy did not deliver are
 * erased, not put back, and counted in bytes_discarded, not bytes_read.
 */
static ssize_t qrng_copy_to_user(struct qrng *q, u8 *bounce, size_t size,
				 char __user *ubuf, size_t len)
{
	size_t done = 0, n, left;

	while (done < len) {
		n = qrng_take(q, bounce, min(size, len - done));
		if (!n)
			break;
		left = copy_to_user(ubuf + done, bounce, n);
		memzero_explicit(bounce, n);
		qrng_count(q, &q->bytes_read, n - left);
		done += n - left;
		if (left) {
			qrng_count(q, &q->bytes_discarded, left);
			return done ? done : -EFAULT;
		}
	}
	return done;
}

static ssize_t qrng_read(struct file *file, char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	struct qrng *q = qrng_from_file(file);
	size_t size = min_t(size_t, len, QRNG_BOUNCE_SIZE);
	ssize_t ret;
	u8 *bounce;

	if (!len)
		return 0;

	bounce = kmalloc(size, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	for (;;) {
		ret = qrng_copy_to_user(q, bounce, size, ubuf, len);
		if (ret)
			break;

		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}

		qrng_count(q, &q->reader_waits, 1);
		if (wait_event_interruptible(q->readq, qrng_level(q))) {
			ret = -ERESTARTSYS;
			break;
		}
	}
	kfree(bounce);
	return ret;
}

/* Caller holds write_lock. */
static ssize_t qrng_copy_from_user(struct qrng *q, const char __user *ubuf,
				   size_t len)
{
	size_t done = 0, off, n, left;

	while (done < len) {
		n = qrng_writable(q, len - done, &off);
		if (!n)
			break;
		left = copy_from_user(q->buf + off, ubuf + done, n);
		n -= left;
		if (n)
			qrng_commit(q, n);
		done += n;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}

static ssize_t qrng_write(struct file *file, const char __user *ubuf,
			  size_t len, loff_t *ppos)
{
	struct qrng *q = qrng_from_file(file);
	ssize_t ret;

	if (!len)
		return 0;

	/* Like a socket: accept what fits now, wait only while nothing fits. */
	for (;;) {
		if (mutex_lock_interruptible(&q->write_lock))
			return -ERESTARTSYS;
		ret = qrng_copy_from_user(q, ubuf, len);
		mutex_unlock(&q->write_lock);
		if (ret)
			return ret;

		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;

		if (wait_event_interruptible(q->writeq,
					     qrng_level(q) < q->capacity))
			return -ERESTARTSYS;
	}
}

static __poll_t qrng_poll(struct file *file, poll_table *wait)
{
	struct qrng *q = qrng_from_file(file);
	__poll_t mask = 0;
	size_t level;

	poll_wait(file, &q->readq, wait);
	if (file->f_mode & FMODE_WRITE)
		poll_wait(file, &q->writeq, wait);

	level = qrng_level(q);
	if ((file->f_mode & FMODE_READ) && level)
		mask |= EPOLLIN | EPOLLRDNORM;
	/* Not merely "not full": the agent should refill in large batches. */
	if ((file->f_mode & FMODE_WRITE) && level <= q->low_water)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static long qrng_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct qrng *q = qrng_from_file(file);
	u32 level;

	switch (cmd) {
	case QRNG_GET_FILL_LEVEL:
		level = qrng_level(q);
		return put_user(level, (u32 __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations qrng_fops = {
	.owner		= THIS_MODULE,
	.open		= qrng_open,
	.read		= qrng_read,
	.write		= qrng_write,
	.poll		= qrng_poll,
	.unlocked_ioctl	= qrng_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= no_llseek,
};

static int qrng_hwrng_read(struct hwrng *rng, void *data, size_t max, bool wait)
{
	struct qrng *q = container_of(rng, struct qrng, hwrng);
	size_t n;

	if (wait && !qrng_level(q))
		wait_event_interruptible_timeout(q->readq,
						 qrng_level(q) || READ_ONCE(q->dying),
						 QRNG_HWRNG_WAIT);
	if (READ_ONCE(q->dying))
		return -ENODEV;

	n = qrng_take(q, data, max);
	qrng_count(q, &q->bytes_read_hwrng, n);
	return n;
}

static struct qrng *qrng_from_dev(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct qrng, misc);
}

static ssize_t qrng_show_u64(struct device *dev, char *buf, const u64 *field)
{
	struct qrng *q = qrng_from_dev(dev);
	u64 val;

	spin_lock(&q->lock);
	val = *field;
	spin_unlock(&q->lock);
	return sysfs_emit(buf, "%llu\n", val);
}

static ssize_t fill_level_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", qrng_level(qrng_from_dev(dev)));
}
static DEVICE_ATTR_RO(fill_level);

static ssize_t capacity_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", qrng_from_dev(dev)->capacity);
}
static DEVICE_ATTR_RO(capacity);

static ssize_t low_water_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", qrng_from_dev(dev)->low_water);
}
static DEVICE_ATTR_RO(low_water);

static ssize_t bytes_written_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return qrng_show_u64(dev, buf, &qrng_from_dev(dev)->bytes_written);
}
static DEVICE_ATTR_RO(bytes_written);

static ssize_t bytes_read_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return qrng_show_u64(dev, buf, &qrng_from_dev(dev)->bytes_read);
}
static DEVICE_ATTR_RO(bytes_read);

static ssize_t bytes_read_hwrng_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return qrng_show_u64(dev, buf, &qrng_from_dev(dev)->bytes_read_hwrng);
}
static DEVICE_ATTR_RO(bytes_read_hwrng);

static ssize_t bytes_discarded_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return qrng_show_u64(dev, buf, &qrng_from_dev(dev)->bytes_discarded);
}
static DEVICE_ATTR_RO(bytes_discarded);

static ssize_t reader_waits_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return qrng_show_u64(dev, buf, &qrng_from_dev(dev)->reader_waits);
}
static DEVICE_ATTR_RO(reader_waits);

static struct attribute *qrng_attrs[] = {
	&dev_attr_fill_level.attr,
	&dev_attr_capacity.attr,
	&dev_attr_low_water.attr,
	&dev_attr_bytes_written.attr,
	&dev_attr_bytes_read.attr,
	&dev_attr_bytes_read_hwrng.attr,
	&dev_attr_bytes_discarded.attr,
	&dev_attr_reader_waits.attr,
	NULL
};
ATTRIBUTE_GROUPS(qrng);

static int __init qrng_init(void)
{
	struct qrng *q;
	int err;

	if (capacity < QRNG_MIN_CAPACITY || capacity > QRNG_MAX_CAPACITY) {
		pr_err("qrng: capacity must be %u..%u bytes\n",
		       QRNG_MIN_CAPACITY, QRNG_MAX_CAPACITY);
		return -EINVAL;
	}
	if (low_water >= capacity) {
		pr_err("qrng: low_water must be below capacity\n");
		return -EINVAL;
	}

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;

	q->buf = kvzalloc(capacity, GFP_KERNEL);
	if (!q->buf) {
		err = -ENOMEM;
		goto err_free_dev;
	}
	q->capacity = capacity;
	q->low_water = low_water ? low_water : capacity / 4;
	mutex_init(&q->read_lock);
	mutex_init(&q->write_lock);
	init_waitqueue_head(&q->readq);
	init_waitqueue_head(&q->writeq);
	spin_lock_init(&q->lock);

	q->misc.minor = MISC_DYNAMIC_MINOR;
	q->misc.name = KBUILD_MODNAME;
	q->misc.fops = &qrng_fops;
	q->misc.groups = qrng_groups;
	q->misc.mode = dev_mode & 0777;
	err = misc_register(&q->misc);
	if (err)
		goto err_free_buf;

	if (use_hwrng) {
		q->hwrng.name = KBUILD_MODNAME;
		q->hwrng.read = qrng_hwrng_read;
		q->hwrng.quality = min_t(u16, quality, 1024);
		err = hwrng_register(&q->hwrng);
		if (err)
			goto err_deregister_misc;
		q->hwrng_registered = true;
	}

	qrng_dev = q;
	return 0;

err_deregister_misc:
	misc_deregister(&q->misc);
err_free_buf:
	kvfree(q->buf);
err_free_dev:
	kfree(q);
	return err;
}

static void __exit qrng_exit(void)
{
	struct qrng *q = qrng_dev;

	if (q->hwrng_registered) {
		/* A hw_random read may be waiting in qrng_hwrng_read(): end it first. */
		WRITE_ONCE(q->dying, true);
		wake_up_interruptible(&q->readq);
		hwrng_unregister(&q->hwrng);
	}
	misc_deregister(&q->misc);
	kvfree_sensitive(q->buf, q->capacity);
	kfree(q);
}

module_init(qrng_init);
module_exit(qrng_exit);

MODULE_DESCRIPTION("Quantum random bytes from a feeding agent: /dev/qrng and a hw_random source");
MODULE_AUTHOR("Quantum Agents");
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
