import { z } from 'zod';
import { rateLimitsScaled, type RateLimits } from './limits/rate-limits.js';

/** The server's configuration, read once from the environment by `readConfig`. See .env.example. */
export interface Config {
  /** TCP port for everything: web app, HTTP API, Socket.IO and Yjs. */
  port: number;
  /** Interface to listen on. 127.0.0.1 by default; 0.0.0.0 opens it to the venue's network. */
  host: string;
  /** Public origin for the links handed out (join, moderate, screen), e.g. behind a proxy. */
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where sessions are kept: on this machine's disk, or in Redis shared by several instances. */
  storage: { kind: 'embedded'; dataDir: string } | { kind: 'redis'; url: string };
  /** Sessions with no activity for this many days are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** Proxies in front of pnyx whose X-Forwarded-For is believed (1 behind the Caddy of docker-compose.yml). */
  trustedProxies: number;
  /** Rate limits per connection and per client address (see limits/rate-limits.ts). */
  rateLimits: RateLimits;
}

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  ADDRESS_LIMIT_SCALE: z.coerce.number().positive().max(1000).default(1),
});

export class ConfigError extends Error {}

/** Reads the configuration and reports every bad variable at once. */
export function readConfig(environment: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`pnyx cannot start, the configuration is wrong:\n${problems.join('\n')}`);
  }
  const { PORT, HOST, PUBLIC_URL, LOG_LEVEL, DATA_DIR, REDIS_URL, RETENTION_DAYS, TRUSTED_PROXIES, ADDRESS_LIMIT_SCALE } = parsed.data;
  return {
    port: PORT,
    host: HOST,
    publicUrl: PUBLIC_URL,
    logLevel: LOG_LEVEL,
    storage: REDIS_URL ? { kind: 'redis', url: REDIS_URL } : { kind: 'embedded', dataDir: DATA_DIR },
    retentionDays: RETENTION_DAYS,
    trustedProxies: TRUSTED_PROXIES,
    rateLimits: rateLimitsScaled(ADDRESS_LIMIT_SCALE),
  };
}
