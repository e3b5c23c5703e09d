// What every QuickBooks company has before its first transaction: CompanyInfo (Id 1, as in QBO),
// Preferences, the standard payment terms, and the accounts QuickBooks creates for itself.

import type { QboRecord } from '../types'
import type { Address, Book } from './book'
import type { TermKey } from './profile'

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
] as const

const TERMS: Array<[TermKey, string, number]> = [
  ['receipt', 'Due on receipt', 0],
  ['net15', 'Net 15', 15],
  ['net30', 'Net 30', 30],
  ['net60', 'Net 60', 60]
]

export interface CompanyFacts {
  companyName: string
  legalName: string
  companyType: string
  industry: string
  address?: Address
  phone?: string
  email?: string
  web?: string
  /** 1 = January. */
  fiscalYearStartMonth: number
  companyStartDate: string
  multiCurrency: boolean
}

export function createCompanyInfo(book: Book, f: CompanyFacts, day: number): QboRecord {
  const body: Record<string, unknown> = {
    CompanyName: f.companyName,
    LegalName: f.legalName,
    CompanyStartDate: f.companyStartDate,
    FiscalYearStartMonth: MONTHS[f.fiscalYearStartMonth - 1],
    Country: 'US',
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IndustryType', Value: f.industry },
      { Name: 'CompanyType', Value: f.companyType },
      { Name: 'SubscriptionStatus', Value: 'SUBSCRIBED' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
      { Name: 'PayrollFeature', Value: 'false' },
      { Name: 'AccountantFeature', Value: 'false' },
      { Name: 'IsQbdtMigrated', Value: 'false' }
    ]
  }
  if (f.phone) body.PrimaryPhone = { FreeFormNumber: f.phone }
  if (f.email) body.Email = { Address: f.email }
  if (f.web) body.WebAddr = { URI: f.web }
  const rec = book.companyInfo(body, day)
  // Addresses take Ids from the same counter; CompanyInfo itself must be Id 1 as in every realm.
  if (f.address) {
    rec.CompanyAddr = book.address(f.address)
    rec.CustomerCommunicationAddr = book.address(f.address)
    rec.LegalAddr = book.address(f.address)
  }
  return rec
}

export function createTerms(book: Book, day: number): Map<TermKey, QboRecord> {
  const terms = new Map<TermKey, QboRecord>()
  for (const [key, name, days] of TERMS) terms.set(key, book.term(name, days, day))
  return terms
}

/** Accounts QuickBooks keeps for itself; sets book.ar / book.ap / book.undeposited. */
export function createCoreAccounts(book: Book, day: number): { equity: QboRecord; retained: QboRecord } {
  book.ar = book.account(
    { name: 'Accounts Receivable (A/R)', type: 'Accounts Receivable', subtype: 'AccountsReceivable' },
    day
  )
  book.undeposited = book.account(
    { name: 'Undeposited Funds', type: 'Other Current Asset', subtype: 'UndepositedFunds' },
    day
  )
  book.ap = book.account(
    { name: 'Accounts Payable (A/P)', type: 'Accounts Payable', subtype: 'AccountsPayable' },
    day
  )
  const equity = book.account(
    { name: 'Opening Balance Equity', type: 'Equity', subtype: 'OpeningBalanceEquity' },
    day
  )
  const retained = book.account(
    { name: 'Retained Earnings', type: 'Equity', subtype: 'RetainedEarnings' },
    day
  )
  return { equity, retained }
}

export function createPreferences(
  book: Book,
  f: CompanyFacts,
  defaultTerm: QboRecord,
  day: number
): QboRecord {
  const fiscal = MONTHS[f.fiscalYearStartMonth - 1]
  return book.preferences(
    {
      AccountingInfoPrefs: {
        TrackDepartments: false,
        DepartmentTerminology: 'Location',
        ClassTrackingPerTxnLine: false,
        ClassTrackingPerTxn: false,
        CustomerTerminology: 'Customers',
        FirstMonthOfFiscalYear: fiscal,
        TaxYearMonth: fiscal
      },
      ProductAndServicesPrefs: {
        ForSales: true,
        ForPurchase: true,
        QuantityWithPriceAndRate: true,
        QuantityOnHand: false
      },
      SalesFormsPrefs: {
        CustomField: [],
        AllowDeposit: false,
        AllowDiscount: false,
        AllowEstimates: true,
        AllowShipping: false,
        AutoApplyCredit: true,
        AutoApplyPayments: true,
        CustomTxnNumbers: false,
        DefaultTerms: { value: defaultTerm.Id },
        ETransactionEnabledStatus: 'NotApplicable',
        IPNSupportEnabled: false,
        UsingPriceLevels: false,
        UsingProgressInvoicing: false
      },
      VendorAndPurchasesPrefs: {
        TrackingByCustomer: false,
        BillableExpenseTracking: false,
        DefaultTerms: { value: defaultTerm.Id },
        DefaultMarkup: 0,
        POCustomField: []
      },
      TimeTrackingPrefs: {
        UseServices: true,
        BillCustomers: true,
        ShowBillRateToAll: false,
        WorkWeekStartDate: 'Monday',
        MarkTimeEntriesBillable: true
      },
      TaxPrefs: { UsingSalesTax: false, PartnerTaxEnabled: false },
      CurrencyPrefs: { MultiCurrencyEnabled: f.multiCurrency, HomeCurrency: { value: 'USD' } },
      ReportPrefs: { ReportBasis: 'Accrual', CalcAgingReportFromTxnDate: false },
      OtherPrefs: {
        NameValue: [{ Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' }]
      }
    },
    day
  )
}
