#!/usr/bin/env python3
"""The load of bench/hostile-memory.sh: what an outside attacker sends to grow
a server's memory, over raw sockets (no client library on the way).

  hostile_load.py HOST PORT [cookies=5000] [posts=500] [concurrency=64]

- `cookies` GET requests, each with a distinct session cookie just under the
  server's 32 KB header cap (half to a cached lesson, half to a full render),
  plus one in ten with a 380 KB cookie (refused with 431);
- `posts` anonymous 5 MB POSTs, alternately to the image upload and the
  officials' roster upload, each sending its whole body as fast as the
  server reads it.

Prints a line per kind: requests, answers by status.
"""

import asyncio
import collections
import os
import sys

LESSON = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp"
PAGES = [LESSON, "/khoa-hoc"]
UPLOADS = ["/bien-tap/anh", "/quan-tri/can-bo/tep"]
BODY = 5 * 1024 * 1024


async def exchange(host, port, head, body_size=0):
    """Sends `head` (and `body_size` bytes of body); answers the status code."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    except (OSError, asyncio.TimeoutError):
        return "connect-failed"
    try:
        writer.write(head)
        chunk = b"a" * 65536
        sent = 0
        reply = asyncio.ensure_future(reader.read(64))
        while sent < body_size and not reply.done():
            writer.write(chunk)
            try:
                await asyncio.wait_for(writer.drain(), 10)
            except (OSError, asyncio.TimeoutError):
                break
            sent += len(chunk)
        try:
            first = await asyncio.wait_for(reply, 30)
        except asyncio.TimeoutError:
            return "no-answer"
        except OSError:
            # the server answered and closed while the body was still being
            # sent: the client sees a reset before it reads the answer
            return "reset"
        parts = first.split(b" ")
        return parts[1].decode() if len(parts) > 1 else "closed"
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


def cookie_request(host, port, i):
    size = 380 * 1024 if i % 10 == 9 else 30 * 1024
    value = (os.urandom(size // 2).hex())[:size]
    path = PAGES[i % 2]
    return (
        f"GET {path} HTTP/1.1\r\nhost: {host}:{port}\r\naccept-encoding: br, gzip\r\n"
        f"cookie: lang=vi; hocso_sid={value}\r\nconnection: close\r\n\r\n"
    ).encode()


def upload_request(host, port, i):
    path = UPLOADS[i % 2]
    return (
        f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\norigin: http://{host}:{port}\r\n"
        f"content-type: multipart/form-data; boundary=X\r\ncontent-length: {BODY}\r\n"
        f"connection: close\r\n\r\n"
    ).encode()


async def run(host, port, cookies, posts, concurrency):
    gate = asyncio.Semaphore(concurrency)
    seen = {"cookies": collections.Counter(), "posts": collections.Counter()}

    async def one(kind, make, i, body):
        async with gate:
            head = make(host, port, i)
            seen[kind][await exchange(host, port, head, body)] += 1

    jobs = [one("cookies", cookie_request, i, 0) for i in range(cookies)]
    jobs += [one("posts", upload_request, i, BODY) for i in range(posts)]
    # interleave, so large bodies and cookies are in flight together
    jobs = jobs[::2] + jobs[1::2]
    await asyncio.gather(*jobs)
    for kind, counts in seen.items():
        total = sum(counts.values())
        print(f"{kind}: {total} requests, answers {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    numbers = [int(a) for a in sys.argv[3:]] + [5000, 500, 64][len(sys.argv) - 3 :]
    asyncio.run(run(host, port, *numbers[:3]))
