// A separate process that syncs one company, so a test can kill it (SIGKILL) at any moment.
import { createCore } from '../../../src/main/core'

async function main(): Promise<void> {
  const [dataDir, companyId] = process.argv.slice(2)
  const core = await createCore({ dataDir: dataDir!, host: 'cli' })
  process.stdout.write('ready\n')
  const result = await core.invoke('sync.now', { companyId })
  process.stdout.write(`${JSON.stringify(result)}\n`)
  await core.stop()
}

void main()
