// Memory of a core measured in a process of its own, so nothing else the benchmark holds is counted.
//   sync <dataDir> <sandbox info>: peak RSS during a first sync against the same core idle before it;
//   idle <dataDir>: RSS of a core over a cached folder once started and the client list read;
//   time <dataDir> <sandbox info>: a first sync's duration in a process that has synced nothing yet.
import { createCore } from '../../src/main/core'
import { connect } from '../helpers/connect'
import type { SandboxInfo } from '../helpers/connect'

const settle = async (): Promise<void> => {
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((r) => setTimeout(r, 200))
}

async function main(): Promise<void> {
  const [mode, dataDir, infoJson] = process.argv.slice(2)
  const core = await createCore({ dataDir: dataDir!, host: 'cli', jobs: false })
  await core.start()
  if (mode === 'idle') {
    await core.invoke('portfolio.list', undefined)
    await settle()
    process.stdout.write(`${JSON.stringify({ idle: process.memoryUsage().rss })}\n`)
    await core.stop()
    return
  }
  const info = JSON.parse(infoJson!) as SandboxInfo
  const companyId = await connect(core, info)
  if (mode === 'time') {
    const result = await core.invoke('sync.now', { companyId })
    if (!result.ok) throw new Error(result.error.message)
    const [summary] = result.value as { durationMs: number; ok: boolean; error?: { message: string } }[]
    if (!summary?.ok) throw new Error(summary?.error?.message ?? 'no summary')
    process.stdout.write(`${JSON.stringify({ durationMs: summary.durationMs })}\n`)
    await core.stop()
    return
  }
  await core.invoke('portfolio.list', undefined)
  await settle()
  const idle = process.memoryUsage().rss
  let peak = idle
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const result = await core.invoke('sync.now', { companyId })
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  if (!result.ok) throw new Error(result.error.message)
  process.stdout.write(`${JSON.stringify({ idle, peak })}\n`)
  await core.stop()
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
