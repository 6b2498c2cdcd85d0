import { startBaseline } from './baseline-app.js';

// The baseline as its own process, like pnyx's server: `node baseline-server.js PORT`.
const baseline = await startBaseline(Number(process.argv[2] ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void baseline.close().then(() => process.exit(0)));
}
