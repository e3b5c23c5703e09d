import type { ErrorKind, ErrorValue } from '../../shared/errors'

/** A failure the core expects and can describe to the user; anything else is 'internal'. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly extra: Omit<ErrorValue, 'kind' | 'message'> = {}
  ) {
    super(message)
    this.name = 'AppError'
  }

  toValue(): ErrorValue {
    return { kind: this.kind, message: this.message, ...this.extra }
  }
}

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof AppError) return error.toValue()
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'internal', message }
}
