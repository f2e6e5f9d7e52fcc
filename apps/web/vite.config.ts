import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into dist/web and served by the API under /app (apps/api/src/web). The domain's pure rules (awards, quotas,
// deadlines) are imported from libs/domain, so the forms check what the API checks.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  resolve: { alias: { '#domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // React Query marks its hooks "use client" for server-component bundlers; meaningless in a browser-only app.
    rolldownOptions: {
      onLog: (level, log, handler) => {
        if (level !== 'warn' || log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
  server: { proxy: { '^/(?!app/)': { target: process.env.API_URL ?? 'http://127.0.0.1:3000' } } },
});
