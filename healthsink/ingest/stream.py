"""Incremental parsing of a body too big to parse whole: orjson on bounded slices.

The scanner walks the envelope's structure over a sliding byte buffer and hands orjson bounded slices:
a run of consecutive flat points (`{...},{...},...`, found by one regex call in C) is parsed as one
small array; anything nested (a workout with its route, an ECG) is cut out by bracket depth and parsed
alone. Memory is bounded by the buffer (~1 MiB chunks) plus one item, whatever the body's size.

A run of points is cut at the buffer's last `},` and handed to orjson whole: valid JSON proves the cut fell
between points (_Buffer._whole_elements), and the regex walk is left for what that cannot take.

Key order in the app's JSON is arbitrary: a metric's `data` may come before its `name`. Such a metric's
points are parsed as they stream by, written to a temporary file as JSON lines (one per batch), and read
back once its name and units are known (Walker._metric), so the body is still read once.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator

import orjson

from healthsink.errors import InvalidJSON, InvalidPayload
from healthsink.ingest.envelope import BAD_DATA, DATA_KEYS, parse_json

_WS = re.compile(rb"[ \t\r\n]*")
_STR = rb'"(?>[^"\\]+|\\.)*"'
_STRING = re.compile(_STR)
_STRUCT = re.compile(rb'[\[\]{}"]')
_SCALAR = re.compile(rb"-?[0-9][0-9eE.+-]*|true|false|null")
# A point with no nested object or array, then a comma; possessive, so no backtracking.
_FLAT = rb"\{(?>[^{}\[\]\"]+|" + _STR + rb")*\}"
_RUN = re.compile(rb"(?>[ \t\r\n]*" + _FLAT + rb"[ \t\r\n]*,)*")
# After an object closes: its comma, then any run of flat objects that follows (inside an array).
_AFTER_OBJECT = re.compile(rb"(?>[ \t\r\n]*,)?(?>[ \t\r\n]*" + _FLAT + rb"[ \t\r\n]*,)*")

LBRACE, RBRACE, LBRACKET, RBRACKET, QUOTE, COMMA, COLON = b'{}[]",:'
EOF_ = -1
_CUT_TRIES = 4  # `}` not followed by a comma (nested objects) tried before walking instead


class _Buffer:
    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self.buf = b""
        self.pos = 0
        self.eof = False

    def fill(self) -> int:
        """Append the next chunk, dropping consumed bytes. Returns how far indices shifted; -1 at EOF."""
        if not self.eof:
            for chunk in self._chunks:
                if chunk:
                    shift = self.pos
                    self.buf = self.buf[self.pos :] + chunk
                    self.pos = 0
                    return shift
            self.eof = True
        return -1

    def peek(self) -> int:
        """The next non-whitespace byte (not consumed), or EOF_."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.fill() < 0:
                return EOF_

    def expect(self, ch: int) -> None:
        got = self.peek()
        if got != ch:
            found = "end of body" if got == EOF_ else repr(chr(got))
            raise InvalidJSON(f"expected {chr(ch)!r}, found {found}")
        self.pos += 1

    def string(self) -> str:
        return parse_json(self._string_bytes())

    def _string_bytes(self) -> bytes:
        if self.peek() != QUOTE:
            raise InvalidJSON("expected a string")
        while True:
            m = _STRING.match(self.buf, self.pos)
            if m is not None:
                self.pos = m.end()
                return m.group()
            if self.fill() < 0:
                raise InvalidJSON("unterminated string")

    def value(self, keep: bool = True) -> bytes | None:
        """One complete JSON value's bytes (or, with keep=False, skip it without holding it)."""
        c = self.peek()
        if c == EOF_:
            raise InvalidJSON("unexpected end of body")
        if c == QUOTE:
            raw = self._string_bytes()
            return raw if keep else None
        if c in (LBRACE, LBRACKET):
            return self._container(keep)
        while True:
            m = _SCALAR.match(self.buf, self.pos)
            if m is not None and (m.end() < len(self.buf) or self.eof):
                self.pos = m.end()
                return m.group() if keep else None
            if self.fill() < 0:
                if m is None:
                    raise InvalidJSON(f"unexpected {chr(c)!r}")

    def _container(self, keep: bool) -> bytes | None:
        i, depth = self.pos, 0
        while True:
            m = _STRUCT.search(self.buf, i)
            if m is None:
                if not keep:
                    self.pos = i  # walked, not kept: dropped at the next fill
                shift = self.fill()
                if shift < 0:
                    raise InvalidJSON("unexpected end of body")
                i -= shift
                continue
            j = m.start()
            ch = self.buf[j]
            if ch == QUOTE:
                sm = _STRING.match(self.buf, j)
                if sm is None:
                    if not keep:
                        self.pos = j
                    shift = self.fill()
                    if shift < 0:
                        raise InvalidJSON("unterminated string")
                    i = j - shift
                    continue
                i = sm.end()
            elif ch == LBRACKET:
                depth += 1
                # a run of flat objects inside (a workout's route, an ECG's samples) is skipped in C
                i = _RUN.match(self.buf, j + 1).end()
            elif ch == LBRACE:
                depth += 1
                i = j + 1
            else:
                depth -= 1
                i = j + 1
                if depth == 0:
                    out = self.buf[self.pos : i] if keep else None
                    self.pos = i
                    return out
                if ch == RBRACE:
                    i = _AFTER_OBJECT.match(self.buf, i).end()

    def keys(self) -> Iterator[str]:
        """The keys of the object starting here; the caller consumes each value before asking for the next."""
        self.expect(LBRACE)
        if self.peek() == RBRACE:
            self.pos += 1
            return
        while True:
            key = self.string()
            self.expect(COLON)
            yield key
            c = self.peek()
            self.pos += 1
            if c == RBRACE:
                return
            if c != COMMA:
                raise InvalidJSON("expected ',' or '}' in an object")

    def elements(self) -> Iterator[list]:
        """The elements of the array starting here, parsed, in batches (a run of flat points is one batch)."""
        self.expect(LBRACKET)
        if self.peek() == RBRACKET:
            self.pos += 1
            return
        while True:
            batch = self._whole_elements()
            if batch is not None:
                yield batch
                continue
            m = _RUN.match(self.buf, self.pos)
            if m.end() > self.pos:
                run = self.buf[self.pos : m.end() - 1]  # without the run's last comma
                self.pos = m.end()
                yield _loads(b"[" + run + b"]")
                continue
            yield [_loads(self.value())]
            c = self.peek()
            self.pos += 1
            if c == RBRACKET:
                return
            if c != COMMA:
                raise InvalidJSON("expected ',' or ']' in an array")

    def _whole_elements(self) -> list | None:
        """The elements from here to the buffer's last `}` followed by a comma, parsed by orjson in one call,
        or None. Walking each point's bytes with _RUN first took three times orjson's parse of them. Valid
        JSON alone proves the cut: JSON's grammar is deterministic, so `[` + the bytes + `]` parses only if
        the cut falls between two elements of this array (inside a string or a nested value it cannot
        close). An element holding an array, or the array's end, is left to the walk below."""
        buf, pos = self.buf, self.pos
        end = len(buf)
        for bracket in (b"[", b"]"):
            i = buf.find(bracket, pos, end)
            if i >= 0:
                end = i
        for _ in range(_CUT_TRIES):
            k = buf.rfind(b"}", pos, end)
            if k < 0:
                return None
            after = _WS.match(buf, k + 1).end()
            if after < len(buf) and buf[after] == COMMA:
                break
            end = k
        else:
            return None
        try:
            batch = parse_json(b"[" + buf[pos : k + 1] + b"]")
        except orjson.JSONDecodeError:
            return None
        self.pos = after + 1
        return batch


def _loads(b: bytes):
    try:
        return parse_json(b)
    except orjson.JSONDecodeError as exc:
        raise InvalidJSON(f"not valid JSON: {exc}") from None


class Walker:
    """Yields the same events as envelope.events(), from a byte stream, in one pass."""

    def events(self, chunks: Iterable[bytes]) -> Iterator[tuple]:
        s = _Buffer(chunks)
        wrapped = s.peek() == LBRACKET
        if wrapped:
            s.pos += 1
        if s.peek() != LBRACE:
            raise InvalidPayload('the body must be a JSON object {"data": {...}}')
        seen_data = False
        for key in s.keys():
            if key == "data":
                if s.peek() != LBRACE:
                    raise InvalidPayload("'data' must be an object")
                seen_data = True
                yield from self._data(s)
            else:
                s.value(keep=False)  # stray keys (a top-level "workouts": [] in 2021) are ignored
        if wrapped and s.peek() != RBRACKET:
            raise InvalidPayload("an array body must hold exactly one envelope")
        if wrapped:
            s.pos += 1
        if s.peek() != EOF_:
            raise InvalidJSON("unexpected data after the JSON value")
        if not seen_data:
            raise InvalidPayload("the body has no 'data' object")

    def _data(self, s: _Buffer) -> Iterator[tuple]:
        for key in s.keys():
            c = s.peek()
            if key not in DATA_KEYS or c == ord("n"):
                s.value(keep=False)
                continue
            if c != LBRACKET:
                raise InvalidPayload(f"'data.{key}' must be an array")
            if key == "metrics":
                yield from self._metrics(s)
            else:
                i = 0
                for batch in s.elements():
                    for obj in batch:
                        yield ("item", key, i, obj)
                        i += 1

    def _metrics(self, s: _Buffer) -> Iterator[tuple]:
        s.expect(LBRACKET)
        mi = 0
        if s.peek() == RBRACKET:
            s.pos += 1
            return
        while True:
            if s.peek() != LBRACE:
                yield ("bad_metric", mi)
                s.value(keep=False)
            else:
                yield from self._metric(s, mi)
            mi += 1
            c = s.peek()
            s.pos += 1
            if c == RBRACKET:
                return
            if c != COMMA:
                raise InvalidJSON("expected ',' or ']' in an array")

    def _metric(self, s: _Buffer, mi: int) -> Iterator[tuple]:
        """A metric's points. When `data` comes before `name` or `units` (the app's key order is arbitrary),
        its parsed batches are spooled to a temporary file (orjson lines: dumping and loading them again costs
        less than walking the bytes to find the array's end) and handed on once the object is read: memory
        stays bounded and the body is still read once."""
        name = units = None
        spool = None
        bad_data = False
        try:
            for key in s.keys():
                if key == "name":
                    name = _loads(s.value())
                elif key == "units":
                    units = _loads(s.value())
                elif key == "data" and s.peek() == LBRACKET:
                    if name is not None and units is not None:
                        yield from _points(mi, name, units, s)
                    else:
                        spool = tempfile.TemporaryFile()
                        for batch in s.elements():
                            spool.write(orjson.dumps(batch) + b"\n")
                else:
                    bad_data = bad_data or (key == "data" and s.peek() != ord("n"))  # an object, a number ...
                    s.value(keep=False)
            if bad_data:
                yield ("bad_metric", mi, BAD_DATA)
            if spool is not None:
                spool.seek(0)
                first = 0
                for line in spool:
                    batch = orjson.loads(line)
                    yield ("points", mi, name, units, first, batch)
                    first += len(batch)
        finally:
            if spool is not None:
                spool.close()


def _points(mi: int, name, units, s: _Buffer) -> Iterator[tuple]:
    first = 0
    for batch in s.elements():
        yield ("points", mi, name, units, first, batch)
        first += len(batch)
