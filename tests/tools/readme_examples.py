#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""README examples are the program's own output: each `<!-- example: ARGS -->` marker in README.md
is followed by a fenced block holding what `oomguard ARGS` prints (80 columns, no colour); a
marker ending in `| head -N` (`| tail -N`) keeps the first (last) N lines and marks the cut with "...".
$CHECK_TREES in a marker stands for the check fixture trees, which tests/tools/check_trees.sh builds
from tests/fixtures/check/ into a temporary folder for the run.
Without options the blocks are rewritten; with --check the script only says which are stale."""
import os
import re
import shlex
import subprocess
import sys
import tempfile

MARK = re.compile(r'(<!-- example: (?P<args>.*?) -->\n)```\n(?P<body>.*?)```\n', re.S)


def run(binary, args, top, trees):
    args = args.replace('$CHECK_TREES', trees)
    env = dict(os.environ, COLUMNS='80', NO_COLOR='1', TZ='UTC', LC_ALL='C.UTF-8')
    env.pop('OOMGUARD_ROOT', None)
    p = subprocess.run([binary, '--color', 'never'] + shlex.split(args), cwd=top, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return p.stdout.decode('utf-8', 'replace')


def main():
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.environ.get('OOMGUARD_BIN', os.path.join(top, 'build', 'oomguard'))
    check = '--check' in sys.argv[1:]
    path = os.path.join(top, 'README.md')
    text = open(path, encoding='utf-8').read()
    stale = []
    tmp = tempfile.TemporaryDirectory(prefix='oomguard-readme-')
    trees = os.path.join(tmp.name, 'check-trees')
    subprocess.run(['bash', os.path.join(top, 'tests', 'tools', 'check_trees.sh'), trees], check=True)

    def fill(m):
        args, _, head = m.group('args').partition(' | head -')
        args, _, tail = args.partition(' | tail -')
        out = run(binary, args, top, trees)
        lines = out.splitlines(True)
        if head and len(lines) > int(head):
            out = ''.join(lines[:int(head)]) + '...\n'
        if tail and len(lines) > int(tail):
            out = '...\n' + ''.join(lines[-int(tail):])

        if out != m.group('body'):
            stale.append(m.group('args'))
        return m.group(1) + '```\n' + out + '```\n'

    new = MARK.sub(fill, text)
    if check:
        for a in stale:
            print('README.md: the example of `oomguard %s` is not what the program prints now '
                  '(run tests/tools/readme_examples.py)' % a)
        print('README examples: %d stale' % len(stale))
        return 1 if stale else 0
    if new != text:
        open(path, 'w', encoding='utf-8').write(new)
    print('README examples: %d rewritten' % len(stale))
    return 0


if __name__ == '__main__':
    sys.exit(main())
