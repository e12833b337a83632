/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiler annotations shared by the project.  OG_COLD marks a function of the daemon that runs at
 * start-up, on a reload or after an action's signal, never while it waits: gcc places it in
 * .text.unlikely, which src/daemon-resting.ld keeps out of the daemon's resident code. */
#ifndef OOMGUARD_COMPILER_H
#define OOMGUARD_COMPILER_H

#define OG_COLD __attribute__((cold))

#endif
