// Peak RSS of a first sync of the large company against the RSS of the same core idle, measured in a
// process of its own so nothing else the benchmark holds is counted.
import { createCore } from '../../src/main/core'
import { connect } from '../helpers/connect'
import type { SandboxInfo } from '../helpers/connect'

async function main(): Promise<void> {
  const [dataDir, infoJson] = process.argv.slice(2)
  const info = JSON.parse(infoJson!) as SandboxInfo
  const core = await createCore({ dataDir: dataDir!, host: 'cli', jobs: false })
  await core.start()
  const companyId = await connect(core, info)
  await core.invoke('portfolio.list', undefined)
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((r) => setTimeout(r, 200))
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
