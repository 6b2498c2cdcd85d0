import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // @pnyx/shared/session-doc and y-websocket must see the very same Yjs module as the editor,
    // otherwise `instanceof Y.Text` fails and Yjs warns about a second copy.
    dedupe: ['yjs'],
  },
  ssr: {
    // SvelteKit needs cookie@0.6, nested under @sveltejs/kit because the server's Fastify hoisted cookie@2
    // to the root. Left external, the built handler would import the root copy, which lacks `parse`.
    noExternal: ['cookie'],
  },
});
