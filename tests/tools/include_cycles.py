#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Proves that src/ has no dependency cycle, at three grains, and prints any cycle it finds.

  files:   a unit is one source file with its header (foo.c + foo.h); A -> B when A.c or A.h
           includes B.h.  A header with no .c is a unit of its own.
  folders: the same edges lifted to folders (lib/kmsg -> lib/oomreport ...); lib must never
           reach os or cmd, os never cmd.
  symbols: (with --objects DIR) A.o -> B.o when A.o uses a global symbol B.o defines, read
           with nm from the object files of a build: the link-level truth that shared headers
           (one .h declaring functions of two .c files) would hide from the include graph.
           Here too lib objects must use no symbol of os or cmd objects, os none of cmd.

A cycle is a strongly connected component of more than one node (Tarjan).  Exit 0 when there
is none, 1 with the cycles listed.  Usage: include_cycles.py [--src DIR] [--objects BUILDDIR]
"""
import argparse
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sccs(graph):
    """Tarjan's algorithm; returns the components with more than one node."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def include_graph(src):
    """unit -> set of units it includes; units are paths below src without the extension."""
    graph = {}
    for root, _, names in os.walk(src):
        for name in names:
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            unit = rel[:-2]
            graph.setdefault(unit, set())
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                target = inc if os.path.exists(os.path.join(src, inc)) else \
                    os.path.relpath(os.path.join(root, inc), src)
                if not os.path.exists(os.path.join(src, target)):
                    continue  # config.h and the like, outside src
                dep = target[:-2]
                if dep != unit:
                    graph[unit].add(dep)
    return graph


def folder_graph(graph):
    folders = {}
    for unit, deps in graph.items():
        a = os.path.dirname(unit) or '.'
        folders.setdefault(a, set())
        for d in deps:
            b = os.path.dirname(d) or '.'
            if a != b:
                folders[a].add(b)
    return folders


def symbol_graph(builddir):
    """object -> objects whose global symbols it uses, over every src/ object of the build."""
    objs = []
    builddir = os.path.normpath(builddir)
    for root, _, names in os.walk(builddir):
        if os.path.dirname(root) != builddir:
            continue  # targets of the top folder only: the binary and its libraries, no tests
        objs += [os.path.join(root, n) for n in names
                 if n.startswith('src_') and n.endswith('.c.o')]
    defined, used = {}, {}
    key = {obj: os.path.basename(obj)[len('src_'):-len('.c.o')] for obj in objs}
    for obj in objs:
        used[key[obj]] = set()

    def nm(*flags):
        """(object, symbol line fields) for every object, from one nm run per flag set
        (-A prefixes each line with its file)."""
        if not objs:
            return
        out = subprocess.run(['nm', '-A'] + list(flags) + objs, capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            obj, _, rest = line.partition(':')      # object paths of a build hold no ':'
            yield obj, rest.split()

    for obj, parts in nm('--defined-only', '-g'):
        if len(parts) == 3:
            defined.setdefault(parts[2], key[obj])
    for obj, parts in nm('-u'):
        if parts:
            used[key[obj]].add(parts[-1])
    return {k: {defined[s] for s in syms if s in defined and defined[s] != k}
            for k, syms in used.items()}, len(objs)


LAYER = {'lib': 0, 'os': 1, 'cmd': 2, '.': 3}


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--src', default=os.path.join(here, '..', '..', 'src'))
    ap.add_argument('--objects', help='a build directory whose src/ objects to read with nm')
    args = ap.parse_args()
    # the detector itself must see a cycle, or a clean result proves nothing
    assert sccs({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [['a', 'b', 'c']]
    assert sccs({'a': {'b'}, 'b': set()}) == []
    bad = 0
    files = include_graph(os.path.normpath(args.src))
    for name, graph in (('files', files), ('folders', folder_graph(files))):
        cycles = sccs(graph)
        print(f'{name}: {len(graph)} nodes, {sum(map(len, graph.values()))} edges, '
              f'{len(cycles)} cycles')
        for c in cycles:
            print('  cycle: ' + ' <-> '.join(c))
        bad += len(cycles)
    for unit, deps in sorted(files.items()):
        for d in sorted(deps):
            a, b = unit.split('/')[0], d.split('/')[0]
            if LAYER.get(a, 3) < LAYER.get(b, 3):
                print(f'  layer: {unit} ({a}) includes {d} ({b})')
                bad += 1
    if args.objects:
        graph, n = symbol_graph(args.objects)
        if n == 0:
            print('symbols: no objects found below ' + args.objects)
            return 1
        cycles = sccs(graph)
        print(f'symbols: {n} objects, {sum(map(len, graph.values()))} edges, '
              f'{len(cycles)} cycles')
        for c in cycles:
            print('  cycle: ' + ' <-> '.join(c))
        bad += len(cycles)
        for obj, deps in sorted(graph.items()):
            for d in sorted(deps):
                if LAYER.get(obj.split('_')[0], 3) < LAYER.get(d.split('_')[0], 3):
                    print(f'  layer: {obj} uses symbols of {d}')
                    bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
