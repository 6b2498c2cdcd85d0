import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a change is tested without a rebuild.
    alias: [
      { find: /^@pnyx\/shared\/schemas$/, replacement: source('../shared/src/protocol/schemas.ts') },
      { find: /^@pnyx\/shared\/session-doc$/, replacement: source('../shared/src/protocol/session-doc/index.ts') },
      { find: /^@pnyx\/shared$/, replacement: source('../shared/src/index.ts') },
      { find: /^@pnyx\/server\/(.*)$/, replacement: source('../server/src/$1.ts') },
    ],
  },
  test: {
    include: ['domain/**/*.test.ts', 'server/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A browser page waits on a server and a Yjs sync: on a loaded machine that takes longer than the
    // 1 s vitest waits by default. Polls end as soon as they pass, so this costs nothing when all is well.
    expect: { poll: { timeout: 10_000 } },
  },
});
