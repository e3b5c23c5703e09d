import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'
import { migrations } from '../../../src/main/core/db/migrations'

// Builds all three bundles into a temp folder and boots the core from the built main bundle: the
// app must start after every change, and the bundler must see every statically imported migration.
// Inside the project, so the built bundles resolve node_modules as an installed app does.
mkdirSync('node_modules/.cache', { recursive: true })
const outDir = mkdtempSync(resolve('node_modules/.cache/build-smoke-'))
const out = { dir: outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) }
const data = tempDir()
afterAll(() => {
  out.cleanup()
  data.cleanup()
})

describe('build smoke test', () => {
  it('builds main, preload and renderer, and the built core boots', { timeout: 180_000 }, () => {
    const build = spawnSync(
      process.execPath,
      ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', out.dir],
      {
        encoding: 'utf8',
        timeout: 170_000
      }
    )
    expect(build.status, build.stderr + build.stdout).toBe(0)
    for (const file of [
      'main/index.js',
      'main/cli.js',
      'main/web-host.js',
      'main/checkpoint-worker.js',
      'preload/index.js',
      'renderer/index.html',
      'renderer/web-bridge.js'
    ]) {
      expect(existsSync(join(out.dir, file)), file).toBe(true)
    }
    // A sandboxed preload may require electron and nothing else.
    const preload = readFileSync(join(out.dir, 'preload/index.js'), 'utf8')
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])

    const boot = spawnSync(
      process.execPath,
      [join(out.dir, 'main/cli.js'), '--data-dir', data.dir, 'app.info'],
      {
        encoding: 'utf8',
        timeout: 30_000
      }
    )
    expect(boot.status, boot.stderr).toBe(0)
    expect(JSON.parse(boot.stdout)).toMatchObject({
      name: 'Runway Desktop',
      host: 'cli',
      schemaVersion: Object.keys(migrations).length
    })

    // The app carries the test drive's sandbox (its OAuth token endpoint is there) but no control
    // plane: nothing under /_sandbox/ can inject faults or revoke tokens in a packaged build.
    const main = readdirSync(join(out.dir, 'main'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
    const holding = (text: string): string[] =>
      main.filter((file) => readFileSync(file, 'utf8').includes(text))
    expect(holding('/oauth2/v1/tokens/bearer')).not.toEqual([])
    expect(holding('/_sandbox')).toEqual([])
  })

  it(
    'the built checkpoint worker runs on its own: it checkpoints the cache and stops when told',
    { timeout: 30_000 },
    async () => {
      // The core the build test booted left its database in data.dir.
      const worker = new Worker(join(out.dir, 'main/checkpoint-worker.js'), {
        workerData: { file: join(data.dir, 'runway.sqlite'), everyMs: 20 }
      })
      const done = new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      worker.postMessage('stop')
      expect(await done).toBe('done')
      await worker.terminate()
    }
  )
})
