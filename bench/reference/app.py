"""Reference implementation of the Turnout API's read paths for benchmarking.

FastAPI + uvicorn + redis-py (asyncio) + asyncpg, with the same endpoints,
cache key scheme (serialized response bytes, generation key for list pages)
and schema as turnout-api. Configured by environment variables:
TURNOUT_REDIS_URL, TURNOUT_DATABASE_URL, TURNOUT_CACHE_TTL (seconds),
TURNOUT_SEED_POSTS, TURNOUT_VERSION.
"""
import json
import os
import uuid
from datetime import timezone

import asyncpg
import redis.asyncio as aioredis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

REDIS_URL = os.environ.get("TURNOUT_REDIS_URL", "redis://127.0.0.1:6379")
DATABASE_URL = os.environ.get("TURNOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/turnout")
CACHE_TTL = int(float(os.environ.get("TURNOUT_CACHE_TTL", "60")))
SEED = int(os.environ.get("TURNOUT_SEED_POSTS", "100"))
VERSION = os.environ.get("TURNOUT_VERSION", "reference")
GEN_KEY = "turnout:cache:posts:gen"

app = FastAPI()
state = {}


def error(status, code, message):
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


@app.middleware("http")
async def version_header(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Turnout-Version"] = VERSION
    return response


@app.on_event("startup")
async def startup():
    state["pg"] = await asyncpg.create_pool(DATABASE_URL, min_size=1, max_size=10)
    # Like turnout-api's pool: wait (bounded) for a connection instead of failing when exhausted.
    pool = aioredis.BlockingConnectionPool.from_url(REDIS_URL, max_connections=32, timeout=2)
    state["redis"] = aioredis.Redis(connection_pool=pool)
    async with state["pg"].acquire() as conn:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS posts (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,"
            " author TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        if await conn.fetchval("SELECT count(*) FROM posts") == 0 and SEED > 0:
            await conn.execute(
                "INSERT INTO posts (title, body, author) SELECT 'Post ' || g, 'Body of post ' || g || '. ' ||"
                " repeat('lorem ipsum ', 20), 'author' || (g % 10) FROM generate_series(1, $1) AS g", SEED)


def post_dict(row):
    return {"id": row["id"], "title": row["title"], "body": row["body"], "author": row["author"],
            "created_at": row["created_at"].astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def dumps(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


@app.get("/api/v1/health")
async def health():
    return {"status": "ok", "version": VERSION}


@app.get("/api/v1/posts")
async def list_posts(page: str = "1", per_page: str = "20"):
    try:
        page_n, per_n = int(page), int(per_page)
        assert 1 <= page_n <= 100000 and 1 <= per_n <= 100
    except (ValueError, AssertionError):
        return error(400, "invalid_field", "field 'page'/'per_page': expected integers in range")
    r = state["redis"]
    gen = (await r.get(GEN_KEY)) or b"0"
    key = f"turnout:cache:posts:v{gen.decode()}:p{page_n}:n{per_n}"
    cached = await r.get(key)
    if cached is not None:
        return Response(cached, media_type="application/json", headers={"X-Cache": "hit"})
    async with state["pg"].acquire() as conn:
        rows = await conn.fetch(
            "SELECT id, title, body, author, created_at, count(*) OVER() AS total FROM posts"
            " ORDER BY id DESC LIMIT $1 OFFSET $2", per_n, (page_n - 1) * per_n)
        total = rows[0]["total"] if rows else await conn.fetchval("SELECT count(*) FROM posts")
    body = dumps({"page": page_n, "per_page": per_n, "total": total, "posts": [post_dict(r_) for r_ in rows]})
    await r.set(key, body, ex=CACHE_TTL)
    return Response(body, media_type="application/json", headers={"X-Cache": "miss"})


@app.get("/api/v1/posts/{post_id}")
async def get_post(post_id: str):
    if not post_id.isdigit():
        return error(400, "invalid_field", "field 'id': expected a positive integer post id in the path")
    r = state["redis"]
    key = f"turnout:cache:post:{post_id}"
    cached = await r.get(key)
    if cached is not None:
        return Response(cached, media_type="application/json", headers={"X-Cache": "hit"})
    async with state["pg"].acquire() as conn:
        row = await conn.fetchrow("SELECT id, title, body, author, created_at FROM posts WHERE id = $1", int(post_id))
    if row is None:
        return error(404, "not_found", f"post {post_id} not found")
    body = dumps(post_dict(row))
    await r.set(key, body, ex=CACHE_TTL)
    return Response(body, media_type="application/json", headers={"X-Cache": "miss"})


@app.post("/api/v1/posts")
async def create_post(request: Request):
    try:
        data = await request.json()
        assert isinstance(data, dict)
    except Exception:
        return error(400, "invalid_json", "request body is not a JSON object")
    for field in ("title", "body", "author"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            return error(400, "invalid_field", f"field '{field}': expected a non-empty string")
    async with state["pg"].acquire() as conn:
        row = await conn.fetchrow(
            "INSERT INTO posts (title, body, author) VALUES ($1, $2, $3) RETURNING id, title, body, author, created_at",
            data["title"], data["body"], data["author"])
    await state["redis"].incr(GEN_KEY)
    return JSONResponse(post_dict(row), status_code=201)


@app.post("/api/v1/tasks", status_code=202)
async def enqueue(request: Request):
    try:
        data = await request.json()
        assert isinstance(data, dict)
    except Exception:
        return error(400, "invalid_json", "request body is not a JSON object")
    if data.get("type") not in ("email", "processing"):
        return error(400, "invalid_field", "field 'type': expected one of \"email\", \"processing\"")
    priority = data.get("priority") or "low"
    if priority not in ("high", "low"):
        return error(400, "invalid_field", "field 'priority': expected one of \"high\", \"low\"")
    task_id = str(uuid.uuid4())
    job = dumps({"id": task_id, "queue": data["type"], "priority": priority, "payload": data.get("payload") or {},
                 "attempt": 0, "max_attempts": 3, "enqueued_at": 0})
    async with state["redis"].pipeline(transaction=False) as pipe:
        pipe.hset(f"turnout:task:{task_id}", mapping={"id": task_id, "type": data["type"], "priority": priority,
                                                       "status": "queued", "attempts": 0})
        pipe.expire(f"turnout:task:{task_id}", 86400)
        pipe.lpush(f"turnout:queue:{data['type']}:{priority}", job)
        await pipe.execute()
    return {"task_id": task_id, "status": "processing"}
