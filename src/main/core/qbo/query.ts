// Builds QBO query text. Values are always escaped here, so a vendor named O'Brien \ Sons is data,
// never syntax; field names are checked against a strict pattern for the same reason.

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE'
export type Value = string | number | boolean
export type Condition = [field: string, op: Operator, value: Value | Value[]]

export interface QuerySpec {
  entity: string
  where?: Condition[]
  orderBy?: { field: string; dir?: 'ASC' | 'DESC' }
  startPosition?: number
  maxResults?: number
}

const FIELD = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

function literal(value: Value): string {
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (!Number.isFinite(value)) throw new RangeError(`not a query value: ${value}`)
  return String(value)
}

function field(name: string): string {
  if (!FIELD.test(name)) throw new RangeError(`not a field name: ${name}`)
  return name
}

function whereClause(where: Condition[] | undefined): string {
  if (!where || where.length === 0) return ''
  const parts = where.map(([f, op, value]) => {
    if (op === 'IN') {
      const values = Array.isArray(value) ? value : [value]
      if (values.length === 0) throw new RangeError('IN needs at least one value')
      return `${field(f)} IN (${values.map(literal).join(', ')})`
    }
    if (Array.isArray(value)) throw new RangeError(`${op} takes one value`)
    return `${field(f)} ${op} ${literal(value)}`
  })
  return ` WHERE ${parts.join(' AND ')}`
}

export function selectQuery(spec: QuerySpec): string {
  let text = `SELECT * FROM ${field(spec.entity)}${whereClause(spec.where)}`
  if (spec.orderBy) text += ` ORDERBY ${field(spec.orderBy.field)} ${spec.orderBy.dir ?? 'ASC'}`
  if (spec.startPosition !== undefined)
    text += ` STARTPOSITION ${Math.max(1, Math.floor(spec.startPosition))}`
  if (spec.maxResults !== undefined)
    text += ` MAXRESULTS ${Math.min(1000, Math.max(1, Math.floor(spec.maxResults)))}`
  return text
}

export function countQuery(spec: Pick<QuerySpec, 'entity' | 'where'>): string {
  return `SELECT COUNT(*) FROM ${field(spec.entity)}${whereClause(spec.where)}`
}
