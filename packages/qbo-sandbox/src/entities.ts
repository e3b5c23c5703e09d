// What QBO lets a client do with each entity. Name lists (Vendor, Customer, Account, Term) are never
// deleted, only made inactive; only some transactions can be voided, each in its own way.

import { ENTITY_NAMES, type EntityName } from './types'

export type VoidStyle = 'operation' | 'include'

export interface EntitySpec {
  name: EntityName
  kind: 'list' | 'txn' | 'singleton'
  canCreate: boolean
  canDelete: boolean
  /** `operation`: `?operation=void`; `include`: `?operation=update&include=void`. */
  voidStyles: VoidStyle[]
}

const spec = (
  name: EntityName,
  kind: EntitySpec['kind'],
  canDelete: boolean,
  voidStyles: VoidStyle[] = []
): EntitySpec => ({
  name,
  kind,
  canCreate: kind !== 'singleton',
  canDelete,
  voidStyles
})

export const ENTITY_SPECS: Record<EntityName, EntitySpec> = {
  Account: spec('Account', 'list', false),
  Customer: spec('Customer', 'list', false),
  Vendor: spec('Vendor', 'list', false),
  Term: spec('Term', 'list', false),
  Bill: spec('Bill', 'txn', true),
  BillPayment: spec('BillPayment', 'txn', true, ['include']),
  Invoice: spec('Invoice', 'txn', true, ['operation']),
  // Intuit documents ?operation=void for payments; its SDKs (node-quickbooks) send the sparse
  // update with include=void. Both work against QBO.
  Payment: spec('Payment', 'txn', true, ['operation', 'include']),
  Purchase: spec('Purchase', 'txn', true),
  Deposit: spec('Deposit', 'txn', true),
  CreditMemo: spec('CreditMemo', 'txn', true),
  VendorCredit: spec('VendorCredit', 'txn', true),
  CompanyInfo: spec('CompanyInfo', 'singleton', false),
  Preferences: spec('Preferences', 'singleton', false)
}

/** The transaction types, in the order of ENTITY_NAMES. */
export const TRANSACTION_NAMES = ENTITY_NAMES.filter((n) => ENTITY_SPECS[n].kind === 'txn')

const BY_LOWER = new Map<string, EntityName>(ENTITY_NAMES.map((n) => [n.toLowerCase(), n]))

/** Entity from a URL segment or CDC/batch name; QBO matches these case-insensitively. */
export function entityFromName(name: string): EntityName | undefined {
  return BY_LOWER.get(name.toLowerCase())
}

/** AccountType → Classification, as QBO derives it. */
export const ACCOUNT_CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  Expense: 'Expense',
  'Other Expense': 'Expense',
  'Cost of Goods Sold': 'Expense'
}

/** The AccountSubType QBO picks when a client names only the AccountType. */
export const DEFAULT_ACCOUNT_SUBTYPE: Record<string, string> = {
  Bank: 'Checking',
  'Accounts Receivable': 'AccountsReceivable',
  'Other Current Asset': 'OtherCurrentAssets',
  'Fixed Asset': 'OtherFixedAssets',
  'Other Asset': 'OtherLongTermAssets',
  'Accounts Payable': 'AccountsPayable',
  'Credit Card': 'CreditCard',
  'Other Current Liability': 'OtherCurrentLiabilities',
  'Long Term Liability': 'OtherLongTermLiabilities',
  Equity: 'OwnersEquity',
  Income: 'SalesOfProductIncome',
  'Other Income': 'OtherMiscellaneousIncome',
  Expense: 'OtherMiscellaneousServiceCost',
  'Other Expense': 'OtherMiscellaneousExpense',
  'Cost of Goods Sold': 'SuppliesMaterialsCogs'
}

/** AccountSubType → AccountType for clients that only send the subtype (the common ones). */
export const SUBTYPE_ACCOUNT_TYPE: Record<string, string> = Object.fromEntries(
  Object.entries(DEFAULT_ACCOUNT_SUBTYPE).map(([type, sub]) => [sub, type])
)
SUBTYPE_ACCOUNT_TYPE['UndepositedFunds'] = 'Other Current Asset'
SUBTYPE_ACCOUNT_TYPE['Savings'] = 'Bank'
SUBTYPE_ACCOUNT_TYPE['MoneyMarket'] = 'Bank'
SUBTYPE_ACCOUNT_TYPE['CashOnHand'] = 'Bank'
