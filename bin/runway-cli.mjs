#!/usr/bin/env node
// `runway-cli` (package.json "bin", so `npx runway-cli …` in the repo). It runs the CLI from its
// TypeScript source through tsx: a fresh clone needs no build first, and a stale build is never run.
import { require as tsxRequire } from 'tsx/cjs/api'

const { main } = tsxRequire('../src/main/core/cli.ts', import.meta.url)
await main(process.argv.slice(2))
