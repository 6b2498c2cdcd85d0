import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Runes everywhere: no legacy reactivity slips into new components.
    runes: true,
  },
  kit: {
    // The Fastify server mounts build/handler.js, so the app and the API share one origin and port.
    adapter: adapter({ out: 'build' }),
  },
};

export default config;
