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

export function parseRecords<E extends EntityName>(
  entity: E,
  rows: unknown[]
): { records: Entity<E>[]; skipped: Skipped[] } {
  const schema = entitySchemas[entity]
  const records: Entity<E>[] = []
  const skipped: Skipped[] = []
  for (const row of rows) {
    const parsed = schema.safeParse(row)
    if (parsed.success) {
      // The schemas only check (no transforms), so the record as QBO sent it is kept: every field,
      // including those the schemas do not name, and no second copy of it in memory.
      records.push(row as Entity<E>)
    } else {
      const id =
        typeof row === 'object' && row !== null && typeof (row as { Id?: unknown }).Id === 'string'
          ? (row as { Id: string }).Id
          : null
      const issue = parsed.error.issues[0]
      skipped.push({
        entity,
        id,
        problem: issue ? `${issue.path.join('.') || '(record)'}: ${issue.message}` : 'invalid'
      })
    }
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
