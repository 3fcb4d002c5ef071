import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The host serves the build from its wwwroot; the dev server forwards the API to a running host.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../Orchestrator/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/api': 'http://localhost:5000' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
