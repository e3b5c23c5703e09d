import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { tempDir } from '../../helpers/temp'
import { findWorker } from '../../../src/main/core/db/checkpointer'
import { migrations } from '../../../src/main/core/db/migrations'
import { rowList, type PageRows } from '../../../src/main/core/db/page-rows'

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
      'main/check-worker.js',
      'main/page-worker.js',
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

  it(
    'the built check worker runs on its own: a whole file passes, a damaged one says what is wrong',
    { timeout: 30_000 },
    async () => {
      const notADatabase = join(data.dir, 'not-a-database.sqlite')
      writeFileSync(notADatabase, Buffer.alloc(65536, 7))
      const worker = new Worker(join(out.dir, 'main/check-worker.js'), {
        workerData: { files: [join(data.dir, 'runway.sqlite'), notADatabase] }
      })
      const found = await new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      expect(found).toEqual([null, expect.stringMatching(/not a database/)])
      await worker.terminate()
    }
  )

  it(
    'in a packaged app the worker starts from app.asar.unpacked, with only what the config unpacks',
    { timeout: 30_000 },
    async () => {
      // The layout electron-builder makes: the bundle inside resources/app.asar (Node cannot read
      // it, so a stand-in file), and beside it the files electron-builder.config.cjs unpacks.
      const config = createRequire(import.meta.url)('../../../electron-builder.config.cjs') as {
        asarUnpack: string[]
      }
      const { minimatch } = createRequire(
        createRequire(import.meta.url).resolve('app-builder-lib/package.json')
      )('minimatch') as {
        minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean
      }
      const unpacks = (path: string): boolean =>
        config.asarUnpack.some((p) => minimatch(path, p, { dot: true }))
      // Outside the project, so nothing resolves from its node_modules by walking up.
      const packaged = tempDir('runway-packaged-')
      onTestFinished(() => packaged.cleanup())
      const resources = join(packaged.dir, 'resources')
      mkdirSync(join(resources, 'app.asar', 'out', 'main'), { recursive: true })
      const unpackedRoot = join(resources, 'app.asar.unpacked')
      const sources: [string, string][] = [
        ...readdirSync(join(out.dir, 'main'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e): [string, string] => {
            const file = join(e.parentPath, e.name)
            return [file, `out/main/${relative(join(out.dir, 'main'), file).split(sep).join('/')}`]
          }),
        ...['better-sqlite3', 'bindings', 'file-uri-to-path', 'zod'].flatMap((name) =>
          readdirSync(join('node_modules', name), { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e): [string, string] => {
              const file = join(e.parentPath, e.name)
              return [file, relative('.', file).split(sep).join('/')]
            })
        )
      ]
      for (const [from, inApp] of sources) {
        if (!unpacks(inApp)) continue
        mkdirSync(dirname(join(unpackedRoot, inApp)), { recursive: true })
        copyFileSync(from, join(unpackedRoot, inApp))
      }

      const script = findWorker(join(resources, 'app.asar', 'out', 'main'), 'checkpoint-worker')
      expect(script).toEqual({
        file: join(unpackedRoot, 'out', 'main', 'checkpoint-worker.js'),
        source: false
      })
      // As the shell hands it over: the binding as a file of its own (an extra resource).
      const nativeBinding = resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node')
      const worker = new Worker(script!.file, {
        workerData: { file: join(data.dir, 'runway.sqlite'), nativeBinding, everyMs: 20 }
      })
      const done = new Promise((resolveDone, reject) => {
        worker.once('message', resolveDone)
        worker.once('error', reject)
      })
      worker.postMessage('stop')
      expect(await done).toBe('done')
      await worker.terminate()

      // The page reader's thread from the same place: it loads, and parses a page into rows.
      const pages = findWorker(join(resources, 'app.asar', 'out', 'main'), 'page-worker')
      expect(pages).toEqual({ file: join(unpackedRoot, 'out', 'main', 'page-worker.js'), source: false })
      const parser = new Worker(pages!.file)
      onTestFinished(async () => {
        await parser.terminate()
      })
      const messages: unknown[] = []
      const answered = new Promise((resolveAnswer, reject) => {
        parser.on('message', (m) => {
          messages.push(m)
          if (m !== 'ready') resolveAnswer(m)
        })
        parser.once('error', reject)
      })
      const bytes = new TextEncoder().encode(
        JSON.stringify({
          QueryResponse: { Term: [{ Id: '3', SyncToken: '1', Name: 'Net 30', DueDays: 30 }] }
        })
      )
      parser.postMessage({ id: 1, entity: 'Term', buffer: bytes.buffer, length: bytes.length }, [
        bytes.buffer
      ])
      const answer = (await answered) as { id: number; page: { rows: PageRows } }
      expect(answer.id).toBe(1)
      expect(rowList(answer.page.rows)).toEqual([['3', '1', null, 'Net 30', 30, null, null]])
      expect(messages[0]).toBe('ready')
    }
  )
})
