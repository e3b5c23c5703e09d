// The shapes shared by the sandbox's parts: the demo generator fills a store, the query engine
// reads one, the HTTP server serves and mutates one.

export const ENTITY_NAMES = [
  'Account',
  'Bill',
  'BillPayment',
  'Invoice',
  'Payment',
  'Customer',
  'Vendor',
  'Purchase',
  'Deposit',
  'Term',
  'CreditMemo',
  'VendorCredit',
  'CompanyInfo',
  'Preferences'
] as const

export type EntityName = (typeof ENTITY_NAMES)[number]

/** One QBO object exactly as it travels on the wire (Id, SyncToken, domain, sparse, MetaData...). */
export type QboRecord = Record<string, unknown> & {
  Id: string
  SyncToken: string
  MetaData: { CreateTime: string; LastUpdatedTime: string }
}

/** A tombstone kept so CDC can report deletions. */
export interface Deletion {
  entity: EntityName
  id: string
  deletedAt: string // ISO instant
}

/** One company (realm) of the sandbox. */
export interface RealmData {
  realmId: string
  companyName: string
  /** Entity name → records keyed by Id. Insertion order is creation order. */
  entities: Record<EntityName, Map<string, QboRecord>>
  deletions: Deletion[]
  /** Next numeric Id to hand out (QBO ids are numeric strings, unique per realm). */
  nextId: number
}
