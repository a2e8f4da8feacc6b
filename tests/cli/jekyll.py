#!/usr/bin/env python3
"""The Liquid unit tests' expected values, checked against real Jekyll.

Reads every expect(f, TEMPLATE, WANTED) of tests/unit/test_liquid.c and its
fixture site, builds that site with the jekyll on this machine, one marked
span per template, and reports in TAP whether Jekyll prints WANTED. Left out:
templates on which Jekyll stops with an error where folio warns and goes on
(a missing include or post, '..', an include of itself, a loop past folio's
bound), and the three whose output folio keeps as Markdown for md4c where
Jekyll writes HTML (markdownify, highlight, another page's content).
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', 'unit', 'test_liquid.c')
JEKYLL_FAILS = ('nowhere', '../', 'self.html', 'nothing %}', '(1..100000)')
MARKDOWN_HERE = ('markdownify', 'highlight', 'p.content')


def c_strings(text, i):
    """The C string literals that follow text[i:], joined; and where they end."""
    out = []
    while True:
        while i < len(text) and text[i] in ' \t\n':
            i += 1
        if i >= len(text) or text[i] != '"':
            return ''.join(out), i
        i += 1
        while text[i] != '"':
            if text[i] == '\\':
                escape = text[i + 1]
                out.append({'n': '\n', 't': '\t'}.get(escape, escape if escape != 'u' else '\\u'))
                i += 2
            else:
                out.append(text[i])
                i += 1
        i += 1


def main():
    src = open(SOURCE, encoding='utf-8').read()
    i = src.index('site_make(') + len('site_make(')
    files = []
    while True:
        while src[i] in ' \t\n,':
            i += 1
        if src.startswith('NULL', i):
            break
        name, i = c_strings(src, i)
        while src[i] in ' \t\n,':
            i += 1
        body, i = c_strings(src, i)
        files.append((name, body))
    cases = []
    at = 0
    while True:
        at = src.find('expect(f,', at)
        if at < 0:
            break
        template, j = c_strings(src, at + len('expect(f,'))
        wanted, _ = c_strings(src, src.index(',', j) + 1)
        at = j
        if not any(k in template for k in JEKYLL_FAILS + MARKDOWN_HERE):
            cases.append((template, wanted))

    print('1..%d' % len(cases))
    work = tempfile.mkdtemp()
    try:
        root = os.path.join(work, 'site')
        for name, body in files:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(body)
        # index.md as the unit tests render it, as HTML so that kramdown
        # leaves Liquid's output as it is.
        front = open(os.path.join(root, 'index.md'), encoding='utf-8').read()
        os.remove(os.path.join(root, 'index.md'))
        page = ''.join('\x01%d\x02%s\x03' % (k, t) for k, (t, _) in enumerate(cases))
        with open(os.path.join(root, 'index.html'), 'w', encoding='utf-8') as f:
            f.write(front + page)
        run = subprocess.run(['jekyll', 'build', '-q', '-s', root, '-d', os.path.join(root, '_site')],
                             capture_output=True, text=True)
        if run.returncode != 0:
            for k in range(len(cases)):
                print('not ok %d - jekyll failed: %s' % (k + 1, run.stderr.splitlines()[:1]))
            return 1
        out = open(os.path.join(root, '_site', 'index.html'), encoding='utf-8').read()
        failed = 0
        for k, (template, wanted) in enumerate(cases):
            mark = '\x01%d\x02' % k
            start = out.index(mark) + len(mark)
            got = out[start:out.index('\x03', start)]
            if got == wanted:
                print('ok %d - %s' % (k + 1, template.replace('\n', '\\n')))
            else:
                failed = 1
                print('not ok %d - %s' % (k + 1, template.replace('\n', '\\n')))
                print('#   jekyll: %r\n#   test:   %r' % (got, wanted))
        return failed
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
