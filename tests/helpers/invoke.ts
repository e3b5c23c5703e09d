import type { Core } from '../../src/main/core'
import type { ErrorValue } from '../../src/shared/errors'
import type { World } from './sandbox'

/** A channel's value through the contract, as a host would ask; its error, thrown with the value attached. */
export async function call<T>(w: Pick<World, 'core'>, channel: string, input?: unknown): Promise<T> {
  const result = await w.core.invoke(channel, input)
  if (!result.ok)
    throw Object.assign(new Error(`${channel}: ${result.error.message}`), { value: result.error })
  return result.value as T
}

/** The error a channel answers with; a success fails the test. */
export async function failure(
  w: { core: Pick<Core, 'invoke'> },
  channel: string,
  input?: unknown
): Promise<ErrorValue> {
  const result = await w.core.invoke(channel, input)
  if (result.ok) throw new Error(`${channel} succeeded`)
  return result.error
}
