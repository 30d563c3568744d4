import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src-shared/csp.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Writes the shared CSP into every built page (build only: the dev server injects inline styles). */
function cspMeta(): Plugin {
  return {
    name: 'memsync-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Two entries: the main window and the quick-note popup (which must stay tiny: no editor).
export default defineConfig({
  root: here('./src-renderer'),
  base: './',
  plugins: [svelte({ configFile: here('./svelte.config.js') }), cspMeta()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2023',
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        main: here('./src-renderer/index.html'),
        'quick-note': here('./src-renderer/quick-note.html'),
      },
    },
  },
});
