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

  it('names every bad variable at once', () => {
    const reading = () => readConfig({ REDIS_URL: 'http://redis:6379', RETENTION_DAYS: '-1', PORT: 'eighty' });
    expect(reading).toThrow(ConfigError);
    expect(reading).toThrow(/PORT:[\s\S]*REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*RETENTION_DAYS:/);
  });
});
