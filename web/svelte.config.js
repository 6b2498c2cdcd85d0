import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The only inline style attributes the pages have, allowed by their hash with 'unsafe-hashes': exactly
 * these values and no other, so markup smuggled into a page cannot style anything. app.html's are read
 * from the file (SvelteKit's `<div style="display: contents">` around the body); the other is the route
 * announcer SvelteKit renders in every page (its write_root.js). A browser test counts CSP violations
 * on every page, so a Kit upgrade that changes the announcer's style shows there.
 */
const KIT_ANNOUNCER_STYLE =
  'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const appHtmlStyles = [...readFileSync(new URL('./src/app.html', import.meta.url), 'utf8').matchAll(/\sstyle="([^"]*)"/g)].map(([, style]) => style);
const inlineStyleHashes = [...appHtmlStyles, KIT_ANNOUNCER_STYLE].map(
  (style) => /** @type {`sha256-${string}`} */ (`sha256-${createHash('sha256').update(style).digest('base64')}`),
);

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
    // Sent as a header with every page (they are rendered per request, never prerendered). Kit adds the
    // hash of its own inline bootstrap script to script-src; no other inline script or eval runs, so a
    // payload that slipped into the DOM as markup would still not execute.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // Components' CSS comes as files. Svelte's style: directives write through the CSSOM
        // (element.style), which CSP does not govern, so no 'unsafe-inline' is needed for them.
        'style-src': ['self'],
        'style-src-attr': ['unsafe-hashes', ...inlineStyleHashes],
        // QR codes are SVG drawn in the page; data: and blob: for images a page makes itself.
        'img-src': ['self', 'data:', 'blob:'],
        // Socket.IO (long-polling and WebSocket) and y-websocket on /yjs: 'self' covers ws: and wss:
        // to the same host and port in CSP Level 3 browsers.
        'connect-src': ['self'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
