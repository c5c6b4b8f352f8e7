/** Vite build of the admin UI; `npm run build:ui` writes admin-ui/dist, which the server serves at /. */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.js';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` } },
});
