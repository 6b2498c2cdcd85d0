// `npm start` runs this first: it builds shared/, server/ and web/ when a build output is missing or older
// than the sources it comes from, so a fresh clone needs only `npm install && npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sources = ['shared/src', 'server/src', 'web/src', 'web/svelte.config.js', 'web/vite.config.ts', 'package-lock.json'];
const outputs = ['shared/dist/index.js', 'server/dist/main.js', 'web/build/handler.js'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const built = outputs.map((output) => newest(join(root, output)));
const changed = Math.max(...sources.map((source) => newest(join(root, source))));
if (built.some((time) => time === 0 || time < changed)) {
  console.log('pnyx: building (sources changed since the last build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
