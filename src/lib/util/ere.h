/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX extended regexes from users (victim rules, protect --regex) checked before glibc's
 * regcomp sees them, so that no pattern makes a command or the daemon take memory or time
 * without bound: ere_check refuses what glibc cannot compile or match in bounded resources. */
#ifndef OOMGUARD_ERE_H
#define OOMGUARD_ERE_H

#include <regex.h>
#include <stddef.h>

/* The most positions a pattern may have once glibc has written its repetitions out (a{3} is
 * aaa, a+ is aa*; each character, class, anchor, group and '|' is one).  glibc's memory and
 * matching time grow with the square of this where positions may be skipped: at the limit,
 * .{0,1023}# takes 9 MiB to compile and 13 MiB after matching 1,000 texts of 256 bytes (0.7 ms
 * each); (a?){4000} took 125 MiB to compile, a{0,32767} over 2 GiB. */
#define ERE_MAX_POSITIONS 1024

/* Its positions (0 to ERE_MAX_POSITIONS) if pattern is safe to give regcomp (REG_EXTENDED, the
 * C locale), so that a caller can bound several patterns together; else -EINVAL with one
 * line in err: stacked repetition operators ("a++", "a*{2}": POSIX leaves them undefined and
 * glibc's memory doubles with each '+'), a back-reference ("\1": glibc's matching time grows
 * exponentially with the text) or more than ERE_MAX_POSITIONS positions.  A pattern that is
 * merely malformed passes: regcomp says what is wrong with it. */
int ere_check(const char *pattern, char *err, size_t errlen);

/* ere_check, then regcomp(re, pattern, REG_EXTENDED | REG_NOSUB).  ere_check's positions (free
 * re with regfree) or -EINVAL with the problem in err (ere_check's, or regcomp's own message). */
int ere_compile(regex_t *re, const char *pattern, char *err, size_t errlen);

#endif
