// The web host from source with the full sandbox behind its test drive. The built web host ships the
// test-drive sandbox, which has no control plane; a spec that takes QuickBooks away needs one.

import { startSandbox } from '@runway/qbo-sandbox'
import { main } from '../../src/main/core/web-host'

main(process.argv.slice(2), startSandbox).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
