import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Rollup } from 'vite'

// zod's sources explain in prose why some code sits in a `@__PURE__` IIFE; Rollup reads those
// comments as misplaced annotations and warns about each, in every bundle that includes zod. The
// real annotations still apply; only this warning, and only for zod's files, is dropped. (The main
// bundle leaves zod in node_modules, so it has nothing to drop.)
function quietZodComments(warning: Rollup.RollupLog, warn: (warning: Rollup.RollupLog) => void): void {
  if (warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '')) return
  warn(warning)
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The headless hosts ship beside the Electron entry so `node out/main/cli.js` and
          // `node out/main/web-host.js` run the very same built core.
          cli: resolve(__dirname, 'src/main/core/cli.ts'),
          'web-host': resolve(__dirname, 'src/main/core/web-host.ts'),
          // Run in worker threads of their own (see db/checkpointer.ts, db/file-check.ts, qbo/page-parser.ts), so each
          // is a file of its own.
          'checkpoint-worker': resolve(__dirname, 'src/main/core/db/checkpoint-worker.ts'),
          'check-worker': resolve(__dirname, 'src/main/core/db/check-worker.ts'),
          'page-worker': resolve(__dirname, 'src/main/core/qbo/page-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: its dependencies go in the bundle.
      externalizeDeps: false,
      rollupOptions: {
        onwarn: quietZodComments,
        input: { index: resolve(__dirname, 'src/preload/index.ts') }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [
      react(),
      // Vite's dev server injects each CSS file as a <style> element (for hot reload); the built
      // app links them, so only `npm run dev` needs inline styles in its CSP.
      {
        name: 'dev-server-inline-styles',
        apply: 'serve',
        transformIndexHtml: (html: string) =>
          html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
      }
    ],
    build: {
      rollupOptions: {
        onwarn: quietZodComments,
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          'web-bridge': resolve(__dirname, 'src/renderer/web-bridge/index.ts')
        },
        output: {
          entryFileNames: (chunk) =>
            chunk.name === 'web-bridge' ? 'web-bridge.js' : 'assets/[name]-[hash].js'
        }
      }
    }
  }
})
