// The top-level properties each entity's schema has (Intuit's API reference, minor version 65+).
// QBO deserialises a request body against the schema before any business check, so a property it
// does not know is refused with 2010 whatever else is wrong with the body; the sandbox does the same.
// A test holds these lists to every property the demo companies' records carry, so a record read
// from the sandbox can always be written back.

import type { EntityName } from './types'

const IDENTITY = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status']

const TRANSACTION = [
  ...IDENTITY,
  'DocNumber',
  'TxnDate',
  'DepartmentRef',
  'CurrencyRef',
  'ExchangeRate',
  'PrivateNote',
  'TxnStatus',
  'LinkedTxn',
  'Line',
  'TxnTaxDetail',
  'TxnSource',
  'GlobalTaxCalculation',
  'TransactionLocationType',
  'TotalAmt',
  'HomeTotalAmt',
  'CustomField',
  'AttachableRef',
  'RecurDataRef',
  'ProjectRef',
  'TaxExemptionRef'
]

const SALES_FORM = [
  ...TRANSACTION,
  'CustomerRef',
  'CustomerMemo',
  'BillAddr',
  'ShipAddr',
  'ShipFromAddr',
  'FreeFormAddress',
  'ClassRef',
  'SalesTermRef',
  'DueDate',
  'ShipMethodRef',
  'ShipDate',
  'TrackingNum',
  'PrintStatus',
  'EmailStatus',
  'BillEmail',
  'BillEmailCc',
  'BillEmailBcc',
  'DeliveryInfo',
  'Balance',
  'HomeBalance',
  'ApplyTaxAfterDiscount',
  'DepositToAccountRef',
  'PaymentMethodRef',
  'PaymentRefNum'
]

const PERSON = [
  ...IDENTITY,
  'DisplayName',
  'Title',
  'GivenName',
  'MiddleName',
  'FamilyName',
  'Suffix',
  'CompanyName',
  'PrintOnCheckName',
  'Active',
  'PrimaryEmailAddr',
  'PrimaryPhone',
  'AlternatePhone',
  'Mobile',
  'Fax',
  'WebAddr',
  'BillAddr',
  'OtherAddr',
  'Balance',
  'CurrencyRef',
  'AcctNum',
  'Source',
  'V4IDPseudonym',
  'GSTIN',
  'BusinessNumber',
  'GSTRegistrationType',
  'OpenBalanceDate',
  'Organization',
  'UserId',
  'FullyQualifiedName',
  'ShipAddr',
  'Notes',
  'DefaultTaxCodeRef',
  'OtherContactInfo'
]

const KNOWN: Partial<Record<EntityName, readonly string[]>> = {
  Account: [
    ...IDENTITY,
    'Name',
    'AcctNum',
    'CurrencyRef',
    'ParentRef',
    'Description',
    'Active',
    'SubAccount',
    'Classification',
    'FullyQualifiedName',
    'TxnLocationType',
    'AccountType',
    'AccountSubType',
    'AccountAlias',
    'TaxCodeRef',
    'CurrentBalance',
    'CurrentBalanceWithSubAccounts'
  ],
  Customer: [
    ...PERSON,
    'Job',
    'BillWithParent',
    'ParentRef',
    'Level',
    'SalesTermRef',
    'PaymentMethodRef',
    'BalanceWithJobs',
    'PreferredDeliveryMethod',
    'ResaleNum',
    'Taxable',
    'TaxExemptionReasonId',
    'PrimaryTaxIdentifier',
    'SecondaryTaxIdentifier',
    'ARAccountRef',
    'CustomerTypeRef',
    'IsProject',
    'ClientEntityId'
  ],
  Vendor: [
    ...PERSON,
    'ContactInfo',
    'TaxCountry',
    'VendorTypeRef',
    'PrefillAccountRef',
    'CreditLimit',
    'TaxIdentifier',
    'TermRef',
    'Vendor1099',
    'APAccountRef',
    'BillRate',
    'CostRate',
    'T4AEligible',
    'T5018Eligible',
    'HasTPAR',
    'TaxReportingBasis',
    'VendorPaymentBankDetail'
  ],
  Term: [
    ...IDENTITY,
    'Name',
    'Active',
    'Type',
    'DiscountPercent',
    'DiscountDays',
    'DueDays',
    'DayOfMonthDue',
    'DueNextMonthDays',
    'DiscountDayOfMonth'
  ],
  Invoice: [
    ...SALES_FORM,
    'Deposit',
    'AllowIPNPayment',
    'AllowOnlinePayment',
    'AllowOnlineCreditCardPayment',
    'AllowOnlineACHPayment',
    'InvoiceLink',
    'EInvoiceStatus'
  ],
  CreditMemo: [...SALES_FORM, 'RemainingCredit', 'InvoiceRef'],
  Bill: [
    ...TRANSACTION,
    'VendorRef',
    'APAccountRef',
    'SalesTermRef',
    'DueDate',
    'Balance',
    'HomeBalance',
    'VendorAddr'
  ],
  VendorCredit: [...TRANSACTION, 'VendorRef', 'APAccountRef', 'Balance'],
  BillPayment: [
    ...TRANSACTION,
    'VendorRef',
    'APAccountRef',
    'PayType',
    'CheckPayment',
    'CreditCardPayment',
    'ProcessBillPayment'
  ],
  Payment: [
    ...TRANSACTION,
    'CustomerRef',
    'ARAccountRef',
    'DepositToAccountRef',
    'PaymentMethodRef',
    'PaymentRefNum',
    'CreditCardPayment',
    'UnappliedAmt',
    'ProcessPayment'
  ],
  Purchase: [
    ...TRANSACTION,
    'AccountRef',
    'PaymentType',
    'EntityRef',
    'Credit',
    'RemitToAddr',
    'PaymentMethodRef',
    'PrintStatus',
    'PurchaseEx'
  ],
  Deposit: [...TRANSACTION, 'DepositToAccountRef', 'CashBack']
}

const KNOWN_SETS = new Map(Object.entries(KNOWN).map(([entity, keys]) => [entity, new Set(keys)]))

/** The first property of `body` that `entity`'s schema lacks, if any (singletons are not checked). */
export function unknownProperty(entity: EntityName, body: Record<string, unknown>): string | undefined {
  const known = KNOWN_SETS.get(entity)
  if (!known) return undefined
  return Object.keys(body).find((key) => !known.has(key))
}
