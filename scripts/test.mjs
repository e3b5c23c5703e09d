// `npm test`: every layer, in order, with one summary line at the end. A failed step does not hide
// the others' results, but the run fails.
import { spawnSync } from 'node:child_process'
import { findChromium } from './chromium.cjs'

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['boundaries', 'npm', ['run', '--silent', 'depcruise']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['electron security', 'node', ['scripts/electronegativity.mjs']],
  ['unit + integration', 'npx', ['vitest', 'run']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['end-to-end', 'npx', ['playwright', 'test'], () => findChromium()]
]

let passed = 0
const failed = []
for (const [name, command, args, precondition] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`)
  // Without a browser every spec would fail with Playwright's page of advice; one line says what to do.
  const ready = precondition?.()
  if (ready && !ready.ok) {
    failed.push(name)
    process.stdout.write(`--- ${name}: FAILED, not started: ${ready.message}\n`)
    continue
  }
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit' })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status === 0) {
    passed += 1
    process.stdout.write(`--- ${name}: ok (${seconds}s)\n`)
  } else {
    failed.push(name)
    process.stdout.write(`--- ${name}: FAILED (${seconds}s)\n`)
  }
}
process.stdout.write(`\n${failed.length ? `failed steps: ${failed.join(', ')}\n` : ''}`)
process.stdout.write(`steps: ${passed} passed, ${failed.length} failed\n`)
process.exit(failed.length ? 1 : 0)
