"""Receiving a body: streamed, hashed and gzip'd as it arrives, never held whole unless small.

aiohttp has already undone `Content-Encoding: gzip`, so the size limit applies to the decoded body
(a small gzip bomb cannot expand past ingest.max_body_bytes).
"""
from __future__ import annotations

import asyncio
import hashlib
import zlib
from dataclasses import dataclass

from aiohttp import web

from healthsink.config import IngestConfig
from healthsink.errors import BodyTimeout, PayloadTooLarge

READ_SIZE = 256 * 1024
PIECE = 1 << 20          # archive piece size (gzip'd bytes per row of raw_ingestion_chunks)
GZIP_LEVEL = 1           # ~5x faster than the default level; pretty-printed JSON still shrinks ~8x


@dataclass
class Received:
    digest: bytes
    size: int
    gz_chunks: list[bytes]
    body: bytes | None   # the whole body, when it is small enough to parse whole


async def receive(request: web.Request, cfg: IngestConfig) -> Received:
    if request.content_length is not None and request.content_length > cfg.max_body_bytes:
        raise PayloadTooLarge(f"the body is larger than {cfg.max_body_bytes} bytes (ingest.max_body_bytes)")
    sha = hashlib.sha256()
    gz = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    pieces: list[bytes] = []
    pending = bytearray()
    raw: list[bytes] | None = []
    size = 0
    try:
        async with asyncio.timeout(cfg.body_timeout_s):
            async for chunk in request.content.iter_chunked(READ_SIZE):
                size += len(chunk)
                if size > cfg.max_body_bytes:
                    raise PayloadTooLarge(
                        f"the body is larger than {cfg.max_body_bytes} bytes (ingest.max_body_bytes)")
                sha.update(chunk)
                pending += gz.compress(chunk)
                if len(pending) >= PIECE:
                    pieces.append(bytes(pending))
                    pending.clear()
                if raw is not None:
                    raw.append(chunk)
                    if size > cfg.parse_whole_max_bytes:
                        raw = None
    except TimeoutError:
        raise BodyTimeout(f"the body did not arrive within {cfg.body_timeout_s:g} s (ingest.body_timeout_s)") \
            from None
    pending += gz.flush()
    pieces.append(bytes(pending))
    return Received(sha.digest(), size, pieces, b"".join(raw) if raw is not None else None)
