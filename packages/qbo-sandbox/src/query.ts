// The QuickBooks Online query language, as far as the sandbox speaks it:
//   SELECT * | COUNT(*) FROM Entity [WHERE c AND c ...] [ORDERBY f [ASC|DESC]]
//   [STARTPOSITION n] [MAXRESULTS m]
// Errors imitate Intuit's faults (code 4000 "Error parsing query" with a JavaCC-style
// "QueryParserError: ..." detail, code 4001 "Invalid query" with "QueryValidationError: ...") so the
// client's error handling meets the same shapes it will meet in production.

import { ENTITY_NAMES, type EntityName, type QboRecord } from './types'

export class QueryError extends Error {
  constructor(
    public code: string,
    message: string,
    public detail: string
  ) {
    super(message)
    this.name = 'QueryError'
  }
}

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE'

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'boolean'; value: boolean }

export interface Condition {
  /** Dotted path as written, e.g. `MetaData.LastUpdatedTime`. Resolved case-insensitively. */
  field: string
  op: Operator
  /** One value, or the list of an IN. */
  values: Literal[]
}

export interface ParsedQuery {
  kind: 'select' | 'count'
  entity: EntityName
  where: Condition[]
  orderBy?: { field: string; dir: 'ASC' | 'DESC' }
  /** 1-based. */
  startPosition: number
  maxResults: number
}

export const DEFAULT_MAX_RESULTS = 100
export const MAX_MAX_RESULTS = 1000

const ENTITY_BY_LOWER = new Map<string, EntityName>(ENTITY_NAMES.map((n) => [n.toLowerCase(), n]))

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind = 'word' | 'string' | 'number' | 'punct' | 'eof' | 'error'

interface Token {
  kind: TokenKind
  /** Source text of the token (for strings: with quotes, as written). */
  text: string
  /** Decoded string value, or the word/punct text. */
  value: string
  offset: number
  /** For an 'error' token: the lexical error, raised only if the parser gets that far. */
  error?: QueryError
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function parserError(detail: string): QueryError {
  return new QueryError('4000', 'Error parsing query', `QueryParserError: ${detail}`)
}

function validationError(detail: string): QueryError {
  return new QueryError('4001', 'Invalid query', `QueryValidationError: ${detail}`)
}

function lexicalError(src: string, offset: number, after: string): QueryError {
  // At end of input JavaCC reports the position of the last character it read.
  const { line, column } = position(src, offset < src.length ? offset : Math.max(0, src.length - 1))
  const ch = src[offset]
  const encountered = ch === undefined ? '<EOF>' : `"${ch === '"' ? '\\"' : ch}" (${ch.charCodeAt(0)}),`
  return parserError(
    `Invalid content. Lexical error at line ${line}, column ${column}.  Encountered: ${encountered} after : "${after}"`
  )
}

const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
const isWordPart = (c: number): boolean => isWordStart(c) || isDigit(c) || c === 46 // '.'
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src.charCodeAt(i)
    if (isSpace(c)) {
      i++
      continue
    }
    const start = i
    if (isWordStart(c)) {
      while (i < src.length && isWordPart(src.charCodeAt(i))) i++
      const text = src.slice(start, i)
      tokens.push({ kind: 'word', text, value: text, offset: start })
      continue
    }
    if (isDigit(c) || (c === 45 /* - */ && isDigit(src.charCodeAt(i + 1)))) {
      i++
      while (i < src.length && isDigit(src.charCodeAt(i))) i++
      if (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
        i++
        while (i < src.length && isDigit(src.charCodeAt(i))) i++
      }
      const text = src.slice(start, i)
      tokens.push({ kind: 'number', text, value: text, offset: start })
      continue
    }
    if (c === 39 /* ' */) {
      i++
      let value = ''
      let closed = false
      while (i < src.length) {
        const ch = src[i]!
        if (ch === '\\') {
          // Intuit documents backslash as the escape character: \' is a quote, \\ a backslash,
          // and any other escaped character stands for itself.
          const next = src[i + 1]
          if (next === undefined) break
          value += next
          i += 2
          continue
        }
        if (ch === "'") {
          closed = true
          i++
          break
        }
        value += ch
        i++
      }
      if (!closed) {
        tokens.push({
          kind: 'error',
          text: '',
          value: '',
          offset: start,
          error: lexicalError(src, src.length, src.slice(start))
        })
        return tokens
      }
      tokens.push({ kind: 'string', text: src.slice(start, i), value, offset: start })
      continue
    }
    const two = src.slice(i, i + 2)
    if (two === '<=' || two === '>=' || two === '!=' || two === '<>') {
      tokens.push({ kind: 'punct', text: two, value: two, offset: start })
      i += 2
      continue
    }
    const one = src[i]!
    if ('*(),=<>'.includes(one)) {
      tokens.push({ kind: 'punct', text: one, value: one, offset: start })
      i++
      continue
    }
    tokens.push({ kind: 'error', text: '', value: '', offset: i, error: lexicalError(src, i, '') })
    return tokens
  }
  tokens.push({ kind: 'eof', text: '', value: '', offset: src.length })
  return tokens
}

// ---------------------------------------------------------------------------------------------
// Parser

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'orderby',
  'by',
  'asc',
  'desc',
  'startposition',
  'maxresults',
  'count',
  'join',
  'group',
  'true',
  'false',
  'iterator'
])

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/

class Parser {
  private pos = 0
  constructor(
    private readonly src: string,
    private readonly tokens: Token[]
  ) {}

  private peek(ahead = 0): Token {
    const t = this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!
    // Like JavaCC, which lexes on demand: a syntax error before a bad character wins.
    if (t.kind === 'error') throw t.error!
    return t
  }

  private next(): Token {
    const t = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return t
  }

  private isKeyword(t: Token, kw: string): boolean {
    return t.kind === 'word' && t.value.toLowerCase() === kw
  }

  private acceptKeyword(kw: string): boolean {
    if (this.isKeyword(this.peek(), kw)) {
      this.pos++
      return true
    }
    return false
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek()
    if (t.kind === 'punct' && t.value === p) {
      this.pos++
      return true
    }
    return false
  }

  /** JavaCC's message, which is what Intuit's parser reports. */
  unexpected(t: Token, expecting: string[]): QueryError {
    const { line, column } = position(this.src, t.offset)
    let shown: string
    if (t.kind === 'eof') shown = '"<EOF>"'
    else {
      const cls =
        t.kind === 'string'
          ? '<STRING>'
          : t.kind === 'number'
            ? '<INTEGER>'
            : t.kind === 'punct'
              ? null
              : RESERVED.has(t.value.toLowerCase())
                ? `<${t.value.toUpperCase()}>`
                : '<IDENTIFIER>'
      shown = cls === null ? `"${t.text}"` : `" ${cls} "${t.text} ""`
    }
    const list = expecting.map((e) => `    ${e} ...`).join('\n')
    return parserError(
      `Encountered ${shown} at line ${line}, column ${column}.\nWas expecting one of:\n${list}\n    `
    )
  }

  private expectKeyword(kw: string): void {
    if (!this.acceptKeyword(kw)) throw this.unexpected(this.peek(), [`"${kw}"`])
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.unexpected(this.peek(), [`"${p}"`])
  }

  private integer(clause: string): number {
    const t = this.next()
    if (t.kind === 'number' && /^\d+$/.test(t.value)) {
      // Anything past 9 digits is nonsense for paging; keep the exact text for the message.
      return t.value.length > 9 ? Number.MAX_SAFE_INTEGER : Number(t.value)
    }
    throw this.unexpected(t, [`<INTEGER> (after ${clause})`])
  }

  private fieldPath(): string {
    const t = this.peek()
    if (t.kind !== 'word' || RESERVED.has(t.value.toLowerCase())) {
      throw this.unexpected(t, ['<IDENTIFIER>'])
    }
    if (!FIELD_PATH.test(t.value)) throw this.unexpected(t, ['<IDENTIFIER>'])
    this.pos++
    return t.value
  }

  private literal(): Literal {
    const t = this.next()
    if (t.kind === 'string') return { kind: 'string', value: t.value }
    if (t.kind === 'number') return { kind: 'number', value: Number(t.value), text: t.value }
    if (this.isKeyword(t, 'true')) return { kind: 'boolean', value: true }
    if (this.isKeyword(t, 'false')) return { kind: 'boolean', value: false }
    throw this.unexpected(t, ['<STRING>', '<INTEGER>', '"true"', '"false"'])
  }

  private condition(): Condition {
    const field = this.fieldPath()
    const t = this.peek()
    if (t.kind === 'punct' && ['=', '<', '>', '<=', '>='].includes(t.value)) {
      this.pos++
      return { field, op: t.value as Operator, values: [this.literal()] }
    }
    if (this.isKeyword(t, 'in')) {
      this.pos++
      this.expectPunct('(')
      const values = [this.literal()]
      while (this.acceptPunct(',')) values.push(this.literal())
      this.expectPunct(')')
      return { field, op: 'IN', values }
    }
    if (this.isKeyword(t, 'like')) {
      this.pos++
      const v = this.next()
      if (v.kind !== 'string') throw this.unexpected(v, ['<STRING>'])
      return { field, op: 'LIKE', values: [{ kind: 'string', value: v.value }] }
    }
    throw this.unexpected(t, ['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"'])
  }

  parse(): ParsedQuery {
    this.expectKeyword('select')
    let kind: 'select' | 'count'
    if (this.acceptPunct('*')) kind = 'select'
    else if (this.isKeyword(this.peek(), 'count') && this.peek(1).value === '(') {
      this.pos++
      this.expectPunct('(')
      this.expectPunct('*')
      this.expectPunct(')')
      kind = 'count'
    } else {
      const t = this.peek()
      if (t.kind === 'word' && !RESERVED.has(t.value.toLowerCase())) {
        // Intuit accepts projections; the sandbox does not, and says so rather than ignoring them.
        throw validationError(
          `Projections are not supported by the sandbox: select * or count(*), found "${t.value}"`
        )
      }
      throw this.unexpected(t, ['"*"', '"count"'])
    }

    this.expectKeyword('from')
    const entTok = this.peek()
    if (entTok.kind !== 'word' || RESERVED.has(entTok.value.toLowerCase())) {
      throw this.unexpected(entTok, ['<IDENTIFIER>'])
    }
    this.pos++
    const entity = ENTITY_BY_LOWER.get(entTok.value.toLowerCase())
    if (!entity) throw validationError(`Metadata not found for Entity: ${entTok.value}`)
    if (this.peek().kind === 'punct' && this.peek().value === ',') {
      throw this.unexpected(this.peek(), ['"where"', '"orderby"', '"startposition"', '"maxresults"'])
    }

    const where: Condition[] = []
    if (this.acceptKeyword('where')) {
      where.push(this.condition())
      while (this.acceptKeyword('and')) where.push(this.condition())
    }

    let orderBy: ParsedQuery['orderBy']
    let startPosition: number | undefined
    let maxResults: number | undefined
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof') break
      if (!orderBy && (this.isKeyword(t, 'orderby') || this.isKeyword(t, 'order'))) {
        this.pos++
        if (this.isKeyword(t, 'order')) this.expectKeyword('by')
        const field = this.fieldPath()
        let dir: 'ASC' | 'DESC' = 'ASC'
        if (this.acceptKeyword('desc')) dir = 'DESC'
        else this.acceptKeyword('asc')
        orderBy = { field, dir }
        continue
      }
      if (startPosition === undefined && this.isKeyword(t, 'startposition')) {
        this.pos++
        startPosition = this.integer('STARTPOSITION')
        continue
      }
      if (maxResults === undefined && this.isKeyword(t, 'maxresults')) {
        this.pos++
        maxResults = this.integer('MAXRESULTS')
        continue
      }
      const nothingAfterWhere = !orderBy && startPosition === undefined && maxResults === undefined
      const expecting = ['<EOF>']
      if (nothingAfterWhere) expecting.push(where.length === 0 ? '"where"' : '<AND>')
      if (!orderBy) expecting.push('"orderby"')
      if (startPosition === undefined) expecting.push('"startposition"')
      if (maxResults === undefined) expecting.push('"maxresults"')
      throw this.unexpected(t, expecting)
    }

    if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_MAX_RESULTS)) {
      throw validationError(
        `MAXRESULTS must be between 1 and ${MAX_MAX_RESULTS}, got ${maxResults > 1e9 ? 'a larger number' : maxResults}`
      )
    }
    const query: ParsedQuery = {
      kind,
      entity,
      where,
      // Intuit treats STARTPOSITION 0 like 1 (clients send it); so does the sandbox.
      startPosition: Math.max(1, startPosition ?? 1),
      maxResults: maxResults ?? DEFAULT_MAX_RESULTS
    }
    if (orderBy) query.orderBy = orderBy
    return query
  }
}

export function parseQuery(text: string): ParsedQuery {
  if (typeof text !== 'string') {
    throw parserError('Encountered "<EOF>" at line 0, column 0.\nWas expecting:\n    "select" ...\n    ')
  }
  return new Parser(text, tokenize(text)).parse()
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function lookup(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined
  const rec = obj as Record<string, unknown>
  if (Object.prototype.hasOwnProperty.call(rec, key)) return rec[key]
  // Intuit's own examples write `Metadata.LastUpdatedTime`; property names match case-insensitively.
  const lower = key.toLowerCase()
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k]
  return undefined
}

/** The comparable value at a dotted path; a reference object ({value, name}) yields its value. */
export function fieldValue(record: unknown, path: string): unknown {
  let cur: unknown = record
  for (const part of path.split('.')) {
    cur = lookup(cur, part)
    if (cur === undefined) return undefined
  }
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && 'value' in cur) {
    return (cur as { value: unknown }).value
  }
  return cur
}

const NUMERIC = /^-?\d+(\.\d+)?$/
const DIGITS = /^\d+$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/

interface Stamp {
  /** Milliseconds of the wall-clock reading, as if it were UTC. */
  wall: number
  /** Offset in minutes east of UTC, when the text carries one. */
  offset: number | undefined
}

function parseStamp(s: string): Stamp | undefined {
  let m = DATE_ONLY.exec(s)
  if (m) {
    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    return Number.isNaN(wall) ? undefined : { wall, offset: undefined }
  }
  m = DATE_TIME.exec(s)
  if (!m) return undefined
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
    ms
  )
  if (Number.isNaN(wall)) return undefined
  const z = m[8]
  let offset: number | undefined
  if (z === 'Z') offset = 0
  else if (z) {
    const digits = z.replace(':', '')
    const sign = digits[0] === '-' ? -1 : 1
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)))
  }
  return { wall, offset }
}

/**
 * Two timestamps as instants. A side without an offset (a bare date, or a local date-time) is read
 * in the other side's offset, so `LastUpdatedTime >= '2024-01-01'` means "since local midnight".
 */
function compareStamps(a: Stamp, b: Stamp): number {
  const offset = a.offset ?? b.offset ?? 0
  const ia = a.wall - (a.offset ?? offset) * 60_000
  const ib = b.wall - (b.offset ?? offset) * 60_000
  return ia < ib ? -1 : ia > ib ? 1 : 0
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '')
  const y = b.replace(/^0+(?=\d)/, '')
  if (x.length !== y.length) return x.length < y.length ? -1 : 1
  return x < y ? -1 : x > y ? 1 : 0
}

const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0)

/** Orders a record's value against a literal; undefined when the two cannot be compared. */
function compareToLiteral(v: unknown, lit: Literal): number | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'boolean') {
    if (lit.kind === 'boolean') return cmp(Number(v), Number(lit.value))
    if (lit.kind === 'string') {
      const s = lit.value.toLowerCase()
      return s === 'true' || s === 'false' ? cmp(Number(v), Number(s === 'true')) : undefined
    }
    return undefined
  }
  if (typeof v === 'number') {
    if (lit.kind === 'number') return cmp(v, lit.value)
    if (lit.kind === 'string' && NUMERIC.test(lit.value.trim())) return cmp(v, Number(lit.value))
    return undefined
  }
  if (typeof v !== 'string') return undefined
  if (lit.kind === 'boolean') return cmp(v.toLowerCase(), String(lit.value))
  if (lit.kind === 'number') {
    return NUMERIC.test(v) ? cmp(Number(v), lit.value) : undefined
  }
  const s = lit.value
  // Ids and reference values are numeric strings; '9' must sort before '10'.
  if (DIGITS.test(v) && DIGITS.test(s)) return compareDigits(v, s)
  const ss = literalStamp(lit)
  if (ss) {
    const sv = parseStamp(v)
    if (sv) return compareStamps(sv, ss)
  }
  return cmp(v, s)
}

// A query compares one literal against every record; parse its timestamp once.
const literalStamps = new WeakMap<Literal, Stamp | null>()
function literalStamp(lit: Literal & { kind: 'string' }): Stamp | undefined {
  let st = literalStamps.get(lit)
  if (st === undefined) literalStamps.set(lit, (st = parseStamp(lit.value) ?? null))
  return st ?? undefined
}

/** `%` matches any run of characters; everything else is literal; case does not matter. */
export function likeMatches(value: string, pattern: string): boolean {
  const text = value.toLowerCase()
  const parts = pattern.toLowerCase().split('%')
  if (parts.length === 1) return text === parts[0]
  const first = parts[0]!
  const last = parts[parts.length - 1]!
  if (!text.startsWith(first)) return false
  if (text.length - first.length < last.length || !text.endsWith(last)) return false
  let at = first.length
  const end = text.length - last.length
  for (let i = 1; i < parts.length - 1; i++) {
    const p = parts[i]!
    if (p === '') continue
    const found = text.indexOf(p, at)
    if (found < 0 || found + p.length > end) return false
    at = found + p.length
  }
  return true
}

function matches(record: QboRecord, c: Condition): boolean {
  const v = fieldValue(record, c.field)
  if (c.op === 'LIKE') {
    const lit = c.values[0]
    if (lit?.kind !== 'string') return false
    if (typeof v === 'string') return likeMatches(v, lit.value)
    if (typeof v === 'number' || typeof v === 'boolean') return likeMatches(String(v), lit.value)
    return false
  }
  if (c.op === 'IN') return c.values.some((lit) => compareToLiteral(v, lit) === 0)
  const lit = c.values[0]
  if (!lit) return false
  const r = compareToLiteral(v, lit)
  if (r === undefined) return false
  switch (c.op) {
    case '=':
      return r === 0
    case '<':
      return r < 0
    case '>':
      return r > 0
    case '<=':
      return r <= 0
    case '>=':
      return r >= 0
  }
}

/** Sort key comparison of two record values; missing values sort first, like SQL NULLs ascending. */
function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === undefined || a === null
  const bMissing = b === undefined || b === null
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1
  if (typeof a === 'number' && typeof b === 'number') return cmp(a, b)
  if (typeof a === 'boolean' && typeof b === 'boolean') return cmp(Number(a), Number(b))
  if (typeof a === 'string' && typeof b === 'string') {
    if (DIGITS.test(a) && DIGITS.test(b)) return compareDigits(a, b)
    const sa = parseStamp(a)
    const sb = sa && parseStamp(b)
    if (sa && sb) return compareStamps(sa, sb)
    return cmp(a, b)
  }
  // Mixed kinds: group by kind so the order is at least total and stable.
  return cmp(typeof a, typeof b)
}

const byId = (a: QboRecord, b: QboRecord): number => compareDigits(String(a.Id), String(b.Id))

/**
 * Name lists QBO answers with their active records only, unless the query itself says which (e.g.
 * `Active IN (true, false)`): inactive vendors, customers and accounts are read that way.
 */
const ACTIVE_BY_DEFAULT: ReadonlySet<EntityName> = new Set<EntityName>([
  'Account',
  'Customer',
  'Vendor',
  'Term'
])

export function activeOnly(q: ParsedQuery): boolean {
  return ACTIVE_BY_DEFAULT.has(q.entity) && !q.where.some((c) => c.field.toLowerCase() === 'active')
}

export function runQuery(
  q: ParsedQuery,
  records: Iterable<QboRecord>
): { rows: QboRecord[]; totalCount: number } {
  const hits: QboRecord[] = []
  const onlyActive = activeOnly(q)
  for (const r of records) {
    if (onlyActive && r.Active === false) continue
    let ok = true
    for (const c of q.where) {
      if (!matches(r, c)) {
        ok = false
        break
      }
    }
    if (ok) hits.push(r)
  }
  if (q.kind === 'count') return { rows: [], totalCount: hits.length }

  const order = q.orderBy
  if (order) {
    const sign = order.dir === 'DESC' ? -1 : 1
    // Ties fall back to Id so that paging through a sorted result never repeats or skips a row.
    const keyed = hits.map((r) => ({ r, k: fieldValue(r, order.field) }))
    keyed.sort((x, y) => sign * compareValues(x.k, y.k) || byId(x.r, y.r))
    for (let i = 0; i < keyed.length; i++) hits[i] = keyed[i]!.r
  } else {
    hits.sort(byId)
  }
  const from = q.startPosition - 1
  return { rows: hits.slice(from, from + q.maxResults), totalCount: hits.length }
}
