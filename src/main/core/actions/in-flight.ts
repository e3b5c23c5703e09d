// What has an action on its way to QBO right now, by company and kind ("bill", "invoice"): a second
// click while the first is sent is refused instead of paying or reminding twice.

import { AppError } from '../errors'

export class InFlight {
  private readonly busy = new Map<string, Set<string>>()

  /** Runs `send` unless one of `ids` already has an action of this kind on its way: refused as a conflict. */
  async run<T>(
    companyId: string,
    kind: string,
    ids: string[],
    refusal: { message: string; field: string },
    send: () => Promise<T>
  ): Promise<T> {
    const key = `${companyId}:${kind}`
    const busy = this.busy.get(key) ?? new Set<string>()
    this.busy.set(key, busy)
    if (ids.some((id) => busy.has(id)))
      throw new AppError('conflict', refusal.message, { field: refusal.field })
    for (const id of ids) busy.add(id)
    try {
      return await send()
    } finally {
      for (const id of ids) busy.delete(id)
      if (busy.size === 0) this.busy.delete(key)
    }
  }
}
