import { readFileSync } from 'node:fs'

/**
 * A real QBO payload from `tests/fixtures/qbo/<set>/<file>` (see the README there for where each
 * set comes from and its license). Tests read nothing outside the repository: a clone is all a
 * user has.
 */
export function qboFixture<T = Record<string, unknown>>(
  set: 'oauth-jsclient' | 'quickbooks-go',
  file: string
): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/qbo/${set}/${file}`, import.meta.url), 'utf8')) as T
}
