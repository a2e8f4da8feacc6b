/* A stand-in for a full or read-only disk, for the output tests: preloaded
 * (LD_PRELOAD), it makes writes into the folder named by $FOLIO_FAIL_DIR
 * fail as a full disk does ($FOLIO_FAIL=full: ENOSPC from write and
 * fallocate) or as a folder one may not write to does ($FOLIO_FAIL=denied:
 * EACCES from creating a file there). Everything else passes through. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int
in_fail_dir(const char *path)
{
	const char *dir = getenv("FOLIO_FAIL_DIR");
	if (!dir || !*dir || !path)
		return 0;
	char resolved_dir[PATH_MAX];
	if (!realpath(dir, resolved_dir))
		return 0;
	size_t n = strlen(resolved_dir);
	return strncmp(path, resolved_dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static int
fd_in_fail_dir(int fd)
{
	char link[64], path[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t len = readlink(link, path, sizeof path - 1);
	if (len <= 0)
		return 0;
	path[len] = '\0';
	return in_fail_dir(path);
}

static int
mode_is(const char *mode)
{
	const char *m = getenv("FOLIO_FAIL");
	return m && strcmp(m, mode) == 0;
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real_write)(int, const void *, size_t);
	if (!real_write)
		real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (mode_is("full") && fd > 2 && fd_in_fail_dir(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real_write(fd, buf, count);
}

int
fallocate(int fd, int mode, off_t offset, off_t len)
{
	static int (*real_fallocate)(int, int, off_t, off_t);
	if (!real_fallocate)
		real_fallocate = (int (*)(int, int, off_t, off_t))dlsym(RTLD_NEXT, "fallocate");
	if (mode_is("full") && fd_in_fail_dir(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real_fallocate(fd, mode, offset, len);
}

/* The folder a path to be created would land in, made absolute. */
static int
creates_in_fail_dir(int dirfd, const char *path, int flags)
{
	if (!(flags & O_CREAT) || !mode_is("denied"))
		return 0;
	char dir[2 * PATH_MAX + 2];
	if (path[0] == '/') {
		snprintf(dir, sizeof dir, "%s", path);
	} else {
		char base[PATH_MAX];
		if (dirfd == AT_FDCWD) {
			if (!getcwd(base, sizeof base))
				return 0;
		} else {
			char link[64];
			snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
			ssize_t len = readlink(link, base, sizeof base - 1);
			if (len <= 0)
				return 0;
			base[len] = '\0';
		}
		snprintf(dir, sizeof dir, "%s/%s", base, path);
	}
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	char resolved[PATH_MAX];
	return realpath(dir, resolved) && in_fail_dir(resolved);
}

/* open and open64 alike: refuse to create a file in the folder, else pass on. */
static int
guarded_open(const char *name, const char *path, int flags, mode_t mode)
{
	if (creates_in_fail_dir(AT_FDCWD, path, flags)) {
		errno = EACCES;
		return -1;
	}
	int (*real)(const char *, int, ...) =
	    (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, name);
	return real(path, flags, mode);
}

#define OPEN_MODE(flags, mode)                                                                     \
	mode_t mode = 0;                                                                           \
	if ((flags) & (O_CREAT | O_TMPFILE)) {                                                     \
		va_list ap;                                                                        \
		va_start(ap, flags);                                                               \
		mode = (mode_t)va_arg(ap, int);                                                    \
		va_end(ap);                                                                        \
	}

int
open(const char *path, int flags, ...)
{
	OPEN_MODE(flags, mode);
	return guarded_open("open", path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	OPEN_MODE(flags, mode);
	return guarded_open("open64", path, flags, mode);
}
