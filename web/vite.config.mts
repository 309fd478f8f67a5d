/**
 * The dashboard's build: one static bundle in web/dist, served by src/server/dashboard.ts at `/`.
 * Everything (React, ECharts, the queries) is bundled: the page loads nothing from outside.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // React 17+'s automatic JSX runtime, with no plugin (no fast refresh needed for a build).
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
});
