"""Receiving a body: streamed, hashed and gzip'd as it arrives, never held whole unless small.

aiohttp has already undone `Content-Encoding: gzip`, so the size limit applies to the decoded body
(a small gzip bomb cannot expand past ingest.max_body_bytes). Bytes that are not what Content-Encoding says
are a 400 invalid_encoding; a client that goes away mid-body is logged, not answered with a 500.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import zlib
from dataclasses import dataclass

from aiohttp import ClientPayloadError, web
from aiohttp.http_exceptions import ContentEncodingError

from healthsink.config import IngestConfig
from healthsink.errors import BadRequest, BodyTimeout, ClientDisconnected, InvalidEncoding, PayloadTooLarge
from healthsink.web.appkeys import BYTES_IN, REQUEST_ID

log = logging.getLogger("healthsink.http")
READ_SIZE = 256 * 1024
PIECE = 1 << 20  # archive piece size (gzip'd bytes per row of raw_ingestion_chunks)
GZIP_LEVEL = 1  # ~5x faster than the default level; pretty-printed JSON still shrinks ~8x


@dataclass
class Received:
    digest: bytes
    size: int
    gz_chunks: list[bytes]
    body: bytes | None  # the whole body, when it is small enough to parse whole


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
                request[BYTES_IN] = size  # what the byte budget is charged (web/middlewares.py)
                if size > cfg.max_body_bytes:
                    raise PayloadTooLarge(f"the body is larger than {cfg.max_body_bytes} bytes (ingest.max_body_bytes)")
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
        raise BodyTimeout(f"the body did not arrive within {cfg.body_timeout_s:g} s (ingest.body_timeout_s)") from None
    except (web.RequestPayloadError, ContentEncodingError) as exc:
        cause = exc if isinstance(exc, ContentEncodingError) else exc.__cause__
        if isinstance(cause, ContentEncodingError):
            raise InvalidEncoding(f"the body is not valid {request.headers.get('Content-Encoding')} data") from None
        raise BadRequest(f"the body could not be read: {exc}") from None
    except (ClientPayloadError, ConnectionResetError) as exc:
        # the client went away mid-body: nothing was archived, nobody is left to answer
        log.info(
            "client disconnected mid-body after %d bytes: %s",
            size,
            exc,
            extra={"fields": {"request_id": request.get(REQUEST_ID)}},
        )
        raise ClientDisconnected(f"the client disconnected after {size} bytes") from None
    pending += gz.flush()
    pieces.append(bytes(pending))
    return Received(sha.digest(), size, pieces, b"".join(raw) if raw is not None else None)
