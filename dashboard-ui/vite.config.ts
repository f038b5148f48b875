/// <reference types="vitest/config" />
import { defineConfig, type ProxyOptions } from 'vite';

type ProxyServer = Parameters<NonNullable<ProxyOptions['configure']>>[0];
/** The one event of the proxy used here, typed without Node's types. */
type ProxyEvents = { on(event: 'proxyReq', f: (req: { removeHeader(name: string): void }) => void): void };
import react from '@vitejs/plugin-react';

// Node's process, without pulling Node's types into the app's type checking
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const api = env.SENTINEL_API ?? 'http://localhost:8080';

// The build lands in the jar's META-INF/resources, which the query-service serves at "/".
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: true,
  },
  // `npm run dev` against a running query-service (SENTINEL_API, default http://localhost:8080)
  server: {
    proxy: Object.fromEntries(
      ['/api', '/q'].map((path) => [
        path,
        {
          target: api,
          // same-origin to the query-service, as when it serves the build (its CORS allows no other origin)
          configure: (proxy: ProxyServer) =>
            (proxy as unknown as ProxyEvents).on('proxyReq', (req) => req.removeHeader('origin')),
        },
      ]),
    ),
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
