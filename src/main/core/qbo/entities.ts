// Responses are validated at the boundary: lenient on fields we do not use (QBO adds fields all the
// time), strict on the ones we compute with. A malformed record is reported with its id and skipped.
// The schemas name only the fields we compute with and strip the rest from their (discarded) output:
// unknown fields pass, and validating a page does not copy it.

import { z } from 'zod'

const ref = z.object({ value: z.string(), name: z.string().optional() })
const money = z.number().finite()
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const base = {
  Id: z.string().min(1),
  SyncToken: z.string(),
  MetaData: z.object({ CreateTime: z.string().optional(), LastUpdatedTime: z.string() }).optional()
}
const linked = z.array(z.object({ TxnId: z.string(), TxnType: z.string() })).optional()
const currency = { CurrencyRef: ref.optional(), ExchangeRate: z.number().positive().optional() }

export const entitySchemas = {
  Account: z.object({
    ...base,
    Name: z.string(),
    AccountType: z.string(),
    CurrentBalance: money.optional(),
    Active: z.boolean().optional(),
    CurrencyRef: ref.optional()
  }),
  Bill: z.object({
    ...base,
    ...currency,
    VendorRef: ref,
    TxnDate: date,
    DueDate: date.optional(),
    TotalAmt: money,
    Balance: money,
    LinkedTxn: linked
  }),
  BillPayment: z.object({
    ...base,
    ...currency,
    VendorRef: ref,
    TxnDate: date,
    TotalAmt: money,
    PayType: z.enum(['Check', 'CreditCard']),
    Line: z.array(z.object({ Amount: money, LinkedTxn: linked })).optional()
  }),
  Invoice: z.object({
    ...base,
    ...currency,
    CustomerRef: ref,
    TxnDate: date,
    DueDate: date.optional(),
    TotalAmt: money,
    Balance: money,
    LinkedTxn: linked
  }),
  Payment: z.object({
    ...base,
    ...currency,
    CustomerRef: ref,
    TxnDate: date,
    TotalAmt: money,
    UnappliedAmt: money.optional(),
    Line: z.array(z.object({ Amount: money, LinkedTxn: linked })).optional()
  }),
  Customer: z.object({
    ...base,
    DisplayName: z.string(),
    Balance: money.optional(),
    Active: z.boolean().optional()
  }),
  Vendor: z.object({
    ...base,
    DisplayName: z.string(),
    Balance: money.optional(),
    Active: z.boolean().optional()
  }),
  Purchase: z.object({
    ...base,
    ...currency,
    TxnDate: date,
    TotalAmt: money,
    PaymentType: z.string(),
    AccountRef: ref
  }),
  Deposit: z.object({ ...base, ...currency, TxnDate: date, TotalAmt: money, DepositToAccountRef: ref }),
  Term: z.object({ ...base, Name: z.string(), DueDays: z.number().int().optional() }),
  CreditMemo: z.object({
    ...base,
    ...currency,
    CustomerRef: ref,
    TxnDate: date,
    TotalAmt: money,
    Balance: money.optional()
  }),
  VendorCredit: z.object({
    ...base,
    ...currency,
    VendorRef: ref,
    TxnDate: date,
    TotalAmt: money,
    Balance: money.optional()
  }),
  CompanyInfo: z.object({ ...base, CompanyName: z.string() }),
  Preferences: z.object({ ...base })
} as const

export type EntityName = keyof typeof entitySchemas
export const ENTITIES = Object.keys(entitySchemas) as EntityName[]
// The records keep every field QBO sent; the schema types name the ones we compute with.
export type Entity<E extends EntityName> = z.infer<(typeof entitySchemas)[E]> & Record<string, unknown>

/** The entity types a runway sync copies (Preferences and CompanyInfo are read separately). */
export const SYNCED_ENTITIES: EntityName[] = [
  'Account',
  'Term',
  'Vendor',
  'Customer',
  'Bill',
  'BillPayment',
  'Invoice',
  'Payment',
  'Purchase',
  'Deposit',
  'CreditMemo',
  'VendorCredit'
]

export interface Skipped {
  entity: EntityName
  id: string | null
  problem: string
}

/** What a schema's definition holds, as far as `compile` reads it (zod 4's `_zod.def`). */
interface SchemaDef {
  type: string
  shape?: Record<string, ZodNode>
  innerType?: ZodNode
  element?: ZodNode
  entries?: Record<string, unknown>
  checks?: { _zod: { def: { check: string; [k: string]: unknown } } }[]
}
type ZodNode = { _zod: { def: SchemaDef } }

/**
 * A schema compiled into a plain function that says whether it accepts a value, without building
 * the copy zod parses into (a first sync validates 117,000 records: zod's copies of them cost about
 * twice the checking, in time and in garbage). What it does not know falls back to the schema.
 * It must accept exactly what the schema accepts (tests/unit/qbo/entities.test.ts holds it to that).
 */
function compile(schema: ZodNode): (value: unknown) => boolean {
  const fallback = (value: unknown): boolean => (schema as unknown as z.ZodType).safeParse(value).success
  const { def } = schema._zod
  const checks: ((value: never) => boolean)[] = []
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def
    if (c.check === 'min_length' && typeof c.minimum === 'number') {
      const min = c.minimum
      checks.push((v: string) => v.length >= min)
    } else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) {
      const pattern = c.pattern
      checks.push((v: string) => {
        pattern.lastIndex = 0
        return pattern.test(v)
      })
    } else if (c.check === 'greater_than' && typeof c.value === 'number') {
      const min = c.value
      checks.push(c.inclusive ? (v: number) => v >= min : (v: number) => v > min)
    } else if (c.check === 'number_format' && c.format === 'safeint') {
      checks.push((v: number) => Number.isSafeInteger(v))
    } else return fallback
  }
  const all = (value: never): boolean => {
    for (const check of checks) if (!check(value)) return false
    return true
  }
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string' && all(v as never)
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v) && all(v as never)
    case 'boolean':
      return checks.length === 0 ? (v) => typeof v === 'boolean' : fallback
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}))
      return checks.length === 0 ? (v) => values.has(v) : fallback
    }
    case 'optional': {
      const inner = compile(def.innerType!)
      return checks.length === 0 ? (v) => v === undefined || inner(v) : fallback
    }
    case 'array': {
      const element = compile(def.element!)
      return checks.length === 0
        ? (v) => {
            if (!Array.isArray(v)) return false
            for (const item of v) if (!element(item)) return false
            return true
          }
        : fallback
    }
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(([key, node]) => [key, compile(node)] as const)
      return checks.length === 0
        ? (v) => {
            if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
            for (const [key, check] of fields) if (!check((v as Record<string, unknown>)[key])) return false
            return true
          }
        : fallback
    }
    default:
      return fallback
  }
}

const accepts = Object.fromEntries(
  Object.entries(entitySchemas).map(([entity, schema]) => [entity, compile(schema as unknown as ZodNode)])
) as Record<EntityName, (value: unknown) => boolean>

/** Null when the schema accepts the row; else why it is skipped, with its id when it has one. */
export function checkRecord(entity: EntityName, row: unknown): Skipped | null {
  if (accepts[entity](row)) return null
  // Only a row the check turns away is parsed by the schema itself: it says why (and it has the
  // last word, should the two ever disagree).
  const parsed = entitySchemas[entity].safeParse(row)
  if (parsed.success) return null
  const id =
    typeof row === 'object' && row !== null && typeof (row as { Id?: unknown }).Id === 'string'
      ? (row as { Id: string }).Id
      : null
  const issue = parsed.error.issues[0]
  return {
    entity,
    id,
    problem: issue ? `${issue.path.join('.') || '(record)'}: ${issue.message}` : 'invalid'
  }
}

export function parseRecords<E extends EntityName>(
  entity: E,
  rows: unknown[]
): { records: Entity<E>[]; skipped: Skipped[] } {
  const records: Entity<E>[] = []
  const skipped: Skipped[] = []
  for (const row of rows) {
    const problem = checkRecord(entity, row)
    // The schemas only check (no transforms), so the record as QBO sent it is kept: every field,
    // including those the schemas do not name, and no second copy of it in memory.
    if (problem === null) records.push(row as Entity<E>)
    else skipped.push(problem)
  }
  return { records, skipped }
}

/** One record from its JSON text: the parsed record, or why it is skipped. */
export function parseRecordText<E extends EntityName>(
  entity: E,
  text: string
): { record: Entity<E> } | { skipped: Skipped } {
  let row: unknown
  try {
    row = JSON.parse(text)
  } catch {
    return { skipped: { entity, id: topLevelId(text), problem: 'not JSON' } }
  }
  const { records, skipped } = parseRecords(entity, [row])
  return records[0] ? { record: records[0] } : { skipped: skipped[0]! }
}

/**
 * The record's own Id in text that is not JSON, best effort: the first `"Id": "…"` at the record's
 * top level. QBO often sends Line items (with Ids of their own) before it.
 */
export function topLevelId(text: string): string | null {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      let end = i + 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (depth === 1 && text.slice(i + 1, end) === 'Id') {
        const value = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(end + 1))
        if (value) return value[1]!
      }
      i = end
    } else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
  }
  return null
}

export function isEntityName(name: string): name is EntityName {
  return Object.prototype.hasOwnProperty.call(entitySchemas, name)
}
