#include <zlib.h>

#if defined(__linux__)
#include <sys/types.h>
#include <sys/uio.h>

// preadv2 (glibc 2.26, Linux 4.6) is declared only under _GNU_SOURCE, which the Swift Glibc module is built
// without; this is its glibc prototype.
extern ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags);

// syncfs (glibc 2.14, Linux 2.6.39; reports write-back errors since Linux 5.8), also under _GNU_SOURCE only.
extern int syncfs(int fd);

/// pread that fails with EAGAIN instead of waiting for the disk (RWF_NOWAIT): reads of cached data can then run
/// on the calling thread, and only reads that would block go to the I/O thread pool.
static inline ssize_t hepbox_pread_nowait(int fd, void *buffer, size_t count, off_t offset) {
    struct iovec vector = { buffer, count };
    return preadv2(fd, &vector, 1, offset, 0x00000008 /* RWF_NOWAIT */);
}
#endif
