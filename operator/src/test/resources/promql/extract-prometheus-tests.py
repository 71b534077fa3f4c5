#!/usr/bin/env python3
"""Writes prometheus-parser-tests.txt: the `input:` expressions of Prometheus' own parser tests.

Usage: extract-prometheus-tests.py <prometheus git dir> <tag> > prometheus-parser-tests.txt

Reads promql/parser/parse_test.go and promql/parser/lex_test.go at the tag (git show, so a bare
mirror works) and prints every input that is a Go string literal or a `+` chain of them, one per
line, in file order, first occurrence only. Skipped, and reported on stderr: inputs computed by Go
calls (fmt.Sprintf, strings.Repeat, a loop's variable), inputs with a line break (one expression per line), inputs
that are not valid UTF-8 (a text file cannot carry them) and empty ones.
"""

import re
import subprocess
import sys

FILES = ("promql/parser/parse_test.go", "promql/parser/lex_test.go")

# One Go string literal: interpreted ("...") or raw (`...`).
LITERAL = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
INPUT = re.compile(r"\binput:\s*((?:%s)(?:\s*\+\s*(?:%s))*)\s*," % (LITERAL, LITERAL))
FIELD = re.compile(r"\binput:")

SIMPLE_ESCAPES = {
    "a": b"\a",
    "b": b"\b",
    "f": b"\f",
    "n": b"\n",
    "r": b"\r",
    "t": b"\t",
    "v": b"\v",
    "\\": b"\\",
    '"': b'"',
    "'": b"'",
}


def go_string(literal):
    """The bytes of a Go string literal, as the Go spec defines its escapes."""
    if literal.startswith("`"):
        return literal[1:-1].replace("\r", "").encode("utf-8")
    body = literal[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in SIMPLE_ESCAPES:
            out += SIMPLE_ESCAPES[e]
            i += 2
        elif e == "x":
            out.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif e in "01234567":
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
        elif e == "u":
            out += chr(int(body[i + 2 : i + 6], 16)).encode("utf-8")
            i += 6
        elif e == "U":
            out += chr(int(body[i + 2 : i + 10], 16)).encode("utf-8")
            i += 10
        else:
            raise ValueError("unknown Go escape in " + literal)
    return bytes(out)


def inputs(source):
    for field in FIELD.finditer(source):
        match = INPUT.match(source, field.start())
        if match:
            parts = re.findall(LITERAL, match.group(1))
            yield b"".join(go_string(p) for p in parts), match.group(0)
        else:
            line = source[field.start() : source.index("\n", field.start())]
            yield None, line.strip()


EVAL = re.compile(r"^\s*eval(?:_fail|_ordered)? instant at \S+ (.*)$", re.MULTILINE)
PRINTER_INPUT = re.compile(r"^\s*in:\s*`([^`\n]*)`,\s*$", re.MULTILINE)


def git(git_dir, *args):
    return subprocess.run(
        ["git", "-C", git_dir] + list(args), check=True, capture_output=True, text=True
    ).stdout


def engine_tests(git_dir, tag):
    testdata = git(git_dir, "ls-tree", "--name-only", tag, "promql/testdata/").split()
    for path in sorted(p for p in testdata if p.endswith(".test")):
        yield from EVAL.findall(git(git_dir, "show", "%s:%s" % (tag, path)))
    yield from PRINTER_INPUT.findall(
        git(git_dir, "show", "%s:promql/parser/printer_test.go" % tag)
    )


def main():
    git_dir, tag = sys.argv[1], sys.argv[2]
    seen = set()
    if sys.argv[3:] == ["engine"]:
        for text in engine_tests(git_dir, tag):
            text = text.strip()
            if text and text not in seen:
                seen.add(text)
                print(text)
        return
    for path in FILES:
        source = git(git_dir, "show", "%s:%s" % (tag, path))
        for value, where in inputs(source):
            if value is None:
                print("skipped (computed) %s: %s" % (path, where), file=sys.stderr)
                continue
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                print("skipped (not UTF-8) %s: %s" % (path, where), file=sys.stderr)
                continue
            if "\n" in text or "\r" in text:
                print("skipped (line break) %s: %s" % (path, where), file=sys.stderr)
                continue
            if not text.strip() or text in seen:
                continue
            seen.add(text)
            print(text)


if __name__ == "__main__":
    main()
