// What a channel's input looks like, in one line a person can read: `{"companyId": string}`. Built
// from the contract's zod schema (through its JSON Schema), so `runway-cli --help` and the message
// for a missing or malformed input can never drift from what the core validates.

import { z } from 'zod'

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  format?: string
}

const cache = new WeakMap<z.ZodType, string>()

/** `{"companyId": string, "weekEnd"?: YYYY-MM-DD}`; `nothing`; `{"companyId"?: string} or nothing`. */
export function describeInput(schema: z.ZodType): string {
  let text = cache.get(schema)
  if (text === undefined) {
    text = describe(schema)
    cache.set(schema, text)
  }
  return text
}

function describe(schema: z.ZodType): string {
  // `undefined` has no JSON Schema; as "anything" it shows up as an empty alternative, dropped below.
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const alternatives = (json.anyOf ?? [json]).filter((alt) => Object.keys(alt).length > 0)
  const optional = schema.safeParse(undefined).success
  const takesNothing = alternatives.every(
    (alt) => alt.type === 'object' && Object.keys(alt.properties ?? {}).length === 0
  )
  if (optional && takesNothing) return 'nothing'
  const shape = alternatives.map(render).join(' | ')
  return optional ? `${shape} or nothing` : shape
}

function render(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (s.enum) return s.enum.map((value) => JSON.stringify(value)).join(' | ')
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) return alternatives.map(render).join(' | ')
  if (Array.isArray(s.type)) return s.type.map((type) => render({ ...s, type })).join(' | ')
  switch (s.type) {
    case 'object': {
      const required = new Set(s.required ?? [])
      const fields = Object.entries(s.properties ?? {}).map(
        ([name, field]) => `${JSON.stringify(name)}${required.has(name) ? '' : '?'}: ${render(field)}`
      )
      return `{${fields.join(', ')}}`
    }
    case 'array': {
      const item = render(s.items ?? {})
      return item.includes(' | ') ? `(${item})[]` : `${item}[]`
    }
    case 'string':
      return s.format === 'date'
        ? 'YYYY-MM-DD'
        : s.format === 'uri'
          ? 'url'
          : s.format === 'email'
            ? 'email'
            : 'string'
    case 'integer':
    case 'number':
    case 'boolean':
    case 'null':
      return s.type
    default:
      return 'any'
  }
}
