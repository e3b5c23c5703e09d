// The renderer's typed way into the core. window.runway answers with Result values; here they
// become plain values or an ApiError the screens can act on (reconnect, retry, show the field).

import type { ChannelInput, ChannelName, ChannelOutput, EventName, Events } from '../../../shared/contract'
import type { ErrorValue, Result } from '../../../shared/errors'

export class ApiError extends Error {
  constructor(readonly value: ErrorValue) {
    super(value.message)
    this.name = 'ApiError'
  }
  get kind(): ErrorValue['kind'] {
    return this.value.kind
  }
}

export async function call<C extends ChannelName>(
  channel: C,
  ...input: undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>]
): Promise<ChannelOutput<C>> {
  const [ns, method] = channel.split('.') as [string, string]
  const group = (
    window.runway as unknown as Record<string, Record<string, (i: unknown) => Promise<Result<unknown>>>>
  )[ns]
  const fn = group?.[method]
  if (!fn) throw new ApiError({ kind: 'internal', message: `window.runway has no ${channel}` })
  let result: Result<unknown>
  try {
    result = await fn(input[0])
  } catch (error) {
    // Only ApiErrors leave here, so every screen reads a failure the same way (kind, message).
    throw new ApiError({ kind: 'internal', message: error instanceof Error ? error.message : String(error) })
  }
  if (!result.ok) throw new ApiError(result.error)
  return result.value as ChannelOutput<C>
}

export function onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.runway.on(event, listener)
}
