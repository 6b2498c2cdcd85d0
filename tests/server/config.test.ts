import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '@pnyx/server/config';

describe('the configuration', () => {
  it('keeps sessions in ./data by default, 90 days', () => {
    expect(readConfig({})).toMatchObject({ storage: { kind: 'embedded', dataDir: './data' }, retentionDays: 90 });
  });

  it('uses Redis when REDIS_URL is set, whatever DATA_DIR says', () => {
    const config = readConfig({ REDIS_URL: 'redis://redis:6379', DATA_DIR: '/srv/pnyx', RETENTION_DAYS: '0' });
    expect(config).toMatchObject({ storage: { kind: 'redis', url: 'redis://redis:6379' }, retentionDays: 0 });
  });

  it('believes no proxy and uses the default address limits unless told', () => {
    expect(readConfig({})).toMatchObject({ trustedProxies: 0, rateLimits: { address: { join: { burst: 2_000, perSecond: 100 } } } });
    const behindCaddy = readConfig({ TRUSTED_PROXIES: '1', ADDRESS_LIMIT_SCALE: '2.5' });
    expect(behindCaddy).toMatchObject({ trustedProxies: 1, rateLimits: { address: { join: { burst: 5_000, perSecond: 250 } } } });
    expect(() => readConfig({ ADDRESS_LIMIT_SCALE: '0' })).toThrow(/ADDRESS_LIMIT_SCALE/);
  });

  it('names every bad variable at once', () => {
    const reading = () => readConfig({ REDIS_URL: 'http://redis:6379', RETENTION_DAYS: '-1', PORT: 'eighty' });
    expect(reading).toThrow(ConfigError);
    expect(reading).toThrow(/PORT:[\s\S]*REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*RETENTION_DAYS:/);
  });
});
