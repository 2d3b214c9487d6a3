import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev`: Vite on 5173 sends the backend's routes to `pnpm start` on 3000, so the app stays same-origin.
const backend = { target: 'http://127.0.0.1:3000', changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': backend, '/demo': backend } },
});
