// A separate process that makes one user action, so a test can kill it (SIGKILL) mid-way.
import { createCore } from '../../../src/main/core'

async function main(): Promise<void> {
  const [dataDir, channel, input] = process.argv.slice(2)
  const core = await createCore({ dataDir: dataDir!, host: 'cli', jobs: false })
  process.stdout.write('ready\n')
  const result = await core.invoke(channel, JSON.parse(input!))
  process.stdout.write(`${JSON.stringify(result)}\n`)
  await core.stop()
}

void main()
