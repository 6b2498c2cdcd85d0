import type { Redis } from 'ioredis';

/**
 * The Redis store's Lua scripts: each runs atomically in Redis, so the order and the time of a log entry
 * come from Redis alone, whichever process appends. Keys are passed as KEYS; prefixes of keys a script
 * finds by name (a session's code, its documents) come as ARGV.
 */

/** Redis' clock in milliseconds, as a Lua function `now()` for the scripts that stamp times. */
const NOW = `
local function now()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
`;

/** KEYS: code, record, sessions. ARGV: session id, record JSON, createdAt. Returns 1, or 0 when the code is taken. */
const CREATE_SESSION = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
`;

/**
 * KEYS: record, log, sessions. ARGV: session id, command JSON. Returns {seq, at}, or nil for an unknown
 * session. The entry's time is Redis' clock, never before the previous entry's (read from the log's last
 * entry, which starts with its time). The session's score only grows: a document update may have stamped a
 * later time. The log's channel announces the entry with its seq.
 */
const APPEND = `${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local at = now()
local last = redis.call('LINDEX', KEYS[2], -1)
if last then
  local previous = tonumber(string.match(last, '^{"at":(%d+),'))
  if previous > at then at = previous end
end
local stamp = string.format('%.0f', at)
local seq = redis.call('RPUSH', KEYS[2], '{"at":' .. stamp .. ',"command":' .. ARGV[2] .. '}')
redis.call('ZADD', KEYS[3], 'GT', stamp, ARGV[1])
redis.call('PUBLISH', KEYS[2], '{"seq":' .. seq .. ',"at":' .. stamp .. ',"command":' .. ARGV[2] .. '}')
return {seq, stamp}
`;

/**
 * KEYS: record, log, documents, sessions. ARGV: session id, code key prefix, document updates prefix,
 * document base prefix. Removes everything of the session; the code only while it still names this
 * session. Followers of the log hear `{"deleted":true}`.
 */
const DELETE_SESSION = `
local record = redis.call('GET', KEYS[1])
if record then
  local codeKey = ARGV[2] .. cjson.decode(record).info.code
  if redis.call('GET', codeKey) == ARGV[1] then redis.call('DEL', codeKey) end
end
for _, name in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('DEL', ARGV[3] .. name, ARGV[4] .. name)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
if record then redis.call('PUBLISH', KEYS[2], '{"deleted":true}') end
return 1
`;

/**
 * KEYS: record, document updates, session's documents, sessions. ARGV: update, name, session id. Returns the
 * number of updates since the base, or nil for an unknown session: then it writes nothing, so an edit racing
 * the session's deletion leaves no document keys that nothing lists. Editing a session's documents is
 * activity of the session: its score moves to now, only forward (GT).
 */
const APPEND_DOCUMENT_UPDATE = `${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local length = redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], 'GT', string.format('%.0f', now()), ARGV[3])
redis.call('PUBLISH', KEYS[2], ARGV[1])
return length
`;

/** KEYS: document updates, document base. Returns {generation, base or '', update, update, …} as one snapshot. */
const READ_DOCUMENT = `
local base = redis.call('HMGET', KEYS[2], 'generation', 'base')
local reply = {tonumber(base[1] or '0'), base[2] or ''}
for index, update in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do reply[index + 2] = update end
return reply
`;

/**
 * KEYS: document updates, document base. ARGV: generation read, number of updates merged, merged base.
 * Replaces the base and drops the merged updates from the list's head, unless another compaction (or a
 * deletion) came between the read and now. Returns 1 when compacted.
 */
const COMPACT_DOCUMENT = `
local generation = tonumber(redis.call('HGET', KEYS[2], 'generation') or '0')
local merged = tonumber(ARGV[2])
if generation ~= tonumber(ARGV[1]) or redis.call('LLEN', KEYS[1]) < merged then return 0 end
redis.call('HSET', KEYS[2], 'base', ARGV[3], 'generation', generation + 1)
redis.call('LTRIM', KEYS[1], merged, -1)
return 1
`;

export type ScriptArgument = string | number | Buffer;

/** A script defined on a connection: ioredis sends EVALSHA and falls back to EVAL when Redis lacks it. */
export interface StoreScript {
  run(keys: string[], args: ScriptArgument[]): Promise<unknown>;
  /** The same, with bulk replies as Buffers (for binary data). */
  runForBuffers(keys: string[], args: ScriptArgument[]): Promise<unknown>;
}

export interface StoreScripts {
  createSession: StoreScript;
  append: StoreScript;
  deleteSession: StoreScript;
  appendDocumentUpdate: StoreScript;
  readDocument: StoreScript;
  compactDocument: StoreScript;
}

function defineScript(redis: Redis, name: string, keyCount: number, lua: string): StoreScript {
  redis.defineCommand(name, { numberOfKeys: keyCount, lua });
  // defineCommand adds `name` and `nameBuffer` methods that ioredis' types cannot know.
  const commands = redis as unknown as Record<string, (...args: ScriptArgument[]) => Promise<unknown>>;
  return {
    run: (keys, args) => commands[name]!(...keys, ...args),
    runForBuffers: (keys, args) => commands[`${name}Buffer`]!(...keys, ...args),
  };
}

export function defineStoreScripts(redis: Redis): StoreScripts {
  return {
    createSession: defineScript(redis, 'pnyxCreateSession', 3, CREATE_SESSION),
    append: defineScript(redis, 'pnyxAppend', 3, APPEND),
    deleteSession: defineScript(redis, 'pnyxDeleteSession', 4, DELETE_SESSION),
    appendDocumentUpdate: defineScript(redis, 'pnyxAppendDocumentUpdate', 4, APPEND_DOCUMENT_UPDATE),
    readDocument: defineScript(redis, 'pnyxReadDocument', 2, READ_DOCUMENT),
    compactDocument: defineScript(redis, 'pnyxCompactDocument', 2, COMPACT_DOCUMENT),
  };
}
