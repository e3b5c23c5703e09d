// The sandbox's companies. The three demo clients differ on purpose in cash health, so the
// forecast has something to say about each: Northwind is comfortable, Brightline lives month to
// month, Redwood cannot cover what it owes. The large company exists to load-test sync and queries.

import type { Address } from './book'
import type { AccountDef, CompanyProfile, CustomerSpec, Habit, TermKey, VendorSpec } from './profile'
import type { Rng } from './prng'

const addr = (Line1: string, City: string, CountrySubDivisionCode: string, PostalCode: string): Address => ({
  Line1,
  City,
  CountrySubDivisionCode,
  PostalCode
})

/** Expense accounts every demo company has; the parent must precede its sub-accounts. */
function commonExpenseAccounts(): AccountDef[] {
  return [
    { key: 'payroll', name: 'Payroll Expenses', type: 'Expense', subtype: 'PayrollExpenses' },
    { key: 'wages', name: 'Wages', type: 'Expense', subtype: 'PayrollExpenses', parent: 'payroll' },
    { key: 'payrollTaxes', name: 'Taxes', type: 'Expense', subtype: 'PayrollExpenses', parent: 'payroll' },
    { key: 'rent', name: 'Rent or Lease', type: 'Expense', subtype: 'RentOrLeaseOfBuildings' },
    { key: 'utilities', name: 'Utilities', type: 'Expense', subtype: 'Utilities' },
    { key: 'insurance', name: 'Insurance', type: 'Expense', subtype: 'Insurance' },
    {
      key: 'software',
      name: 'Software & Subscriptions',
      type: 'Expense',
      subtype: 'OfficeGeneralAdministrativeExpenses'
    },
    { key: 'contractors', name: 'Contractors', type: 'Expense', subtype: 'CostOfLabor' },
    { key: 'travel', name: 'Travel', type: 'Expense', subtype: 'Travel' },
    { key: 'meals', name: 'Meals', type: 'Expense', subtype: 'EntertainmentMeals' },
    {
      key: 'office',
      name: 'Office Supplies',
      type: 'Expense',
      subtype: 'OfficeGeneralAdministrativeExpenses'
    },
    { key: 'fees', name: 'Bank Charges & Fees', type: 'Expense', subtype: 'BankCharges' },
    { key: 'taxes', name: 'Taxes & Licenses', type: 'Expense', subtype: 'TaxesPaid' },
    {
      key: 'professional',
      name: 'Legal & Professional Services',
      type: 'Expense',
      subtype: 'LegalProfessionalFees'
    },
    {
      key: 'advertising',
      name: 'Advertising & Marketing',
      type: 'Expense',
      subtype: 'AdvertisingPromotional'
    }
  ]
}

function customer(
  key: string,
  displayName: string,
  habit: Habit,
  term: TermKey,
  weight: number,
  items: string[],
  more: Partial<CustomerSpec> = {}
): CustomerSpec {
  return {
    key,
    displayName,
    companyName: displayName,
    habit,
    term,
    weight,
    items,
    invoicesPerMonth: [1, 2],
    direct: false,
    ...more
  }
}

export function northwind(): CompanyProfile {
  return {
    key: 'northwind',
    companyName: 'Northwind Creative Agency',
    legalName: 'Northwind Creative Agency LLC',
    companyType: 'LLC',
    industry: 'Advertising Agencies',
    address: addr('410 Townsend St, Suite 300', 'San Francisco', 'CA', '94107'),
    phone: '(415) 555-0142',
    email: 'accounts@northwindcreative.example',
    web: 'https://northwindcreative.example',
    fiscalYearStartMonth: 1,
    companyStartYearsAgo: 6,
    multiCurrency: true,
    historyMonths: 14,
    clockStep: [40, 600],
    banks: [
      { name: 'Chase Business Checking', subtype: 'Checking', acctNum: '1010', cashShare: 0.7 },
      {
        name: 'Chase Business Savings',
        subtype: 'Savings',
        acctNum: '1020',
        cashShare: 0.3,
        interestCents: [95_00, 180_00]
      }
    ],
    card: { name: 'Amex Business Gold', issuer: 'amex', payDay: 12 },
    accounts: [
      { key: 'design', name: 'Design Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      { key: 'strategy', name: 'Strategy Consulting Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      { key: 'retainerIncome', name: 'Retainer Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      ...commonExpenseAccounts()
    ],
    items: [
      { key: 'brand', name: 'Brand Strategy', income: 'strategy', unit: 'hour', rateCents: 185_00 },
      { key: 'designSvc', name: 'Design Services', income: 'design', unit: 'hour', rateCents: 135_00 },
      { key: 'web', name: 'Web Development', income: 'design', unit: 'hour', rateCents: 150_00 },
      { key: 'campaign', name: 'Campaign Production', income: 'design', unit: 'fixed', rateCents: 0 },
      { key: 'retainer', name: 'Monthly Retainer', income: 'retainerIncome', unit: 'fixed', rateCents: 0 }
    ],
    vendors: [
      {
        key: 'gusto',
        displayName: 'Gusto Payroll',
        companyName: 'Gusto, Inc.',
        email: 'support@gusto.example',
        web: 'https://gusto.com'
      },
      {
        key: 'landlord',
        displayName: 'Mission Bay Properties',
        companyName: 'Mission Bay Properties LP',
        term: 'receipt',
        phone: '(415) 555-0190',
        address: addr('1 Letterman Dr', 'San Francisco', 'CA', '94129')
      },
      {
        key: 'pge',
        displayName: 'PG&E',
        companyName: 'Pacific Gas and Electric Company',
        term: 'net15',
        acctNum: '4471-22-0934'
      },
      { key: 'hiscox', displayName: 'Hiscox Insurance', term: 'net30', email: 'billing@hiscox.example' },
      { key: 'adobe', displayName: 'Adobe', companyName: 'Adobe Inc.' },
      { key: 'figma', displayName: 'Figma', companyName: 'Figma, Inc.' },
      { key: 'slack', displayName: 'Slack Technologies', companyName: 'Slack Technologies, LLC' },
      { key: 'google', displayName: 'Google Workspace', companyName: 'Google LLC' },
      { key: 'aws', displayName: 'Amazon Web Services', companyName: 'Amazon Web Services, Inc.' },
      {
        key: 'priya',
        displayName: 'Priya Raman Design',
        givenName: 'Priya',
        familyName: 'Raman',
        email: 'priya@ramandesign.example',
        term: 'net15',
        is1099: true
      },
      {
        key: 'obrien',
        displayName: "O'Brien Copywriting",
        givenName: 'Sean',
        familyName: "O'Brien",
        email: 'sean@obriencopy.example',
        is1099: true
      },
      {
        key: 'lens',
        displayName: 'Lens & Light Studio',
        term: 'net30',
        is1099: true,
        email: 'studio@lensandlight.example'
      },
      {
        key: 'cpa',
        displayName: 'Whitfield & Cho CPAs',
        term: 'net30',
        email: 'billing@whitfieldcho.example'
      },
      { key: 'irs', displayName: 'Internal Revenue Service', companyName: 'United States Treasury' },
      { key: 'ftb', displayName: 'California Franchise Tax Board', term: 'net30' },
      { key: 'amex', displayName: 'American Express', companyName: 'American Express Company' },
      { key: 'delta', displayName: 'Delta Air Lines' },
      { key: 'uber', displayName: 'Uber' },
      { key: 'officeDepot', displayName: 'Office Depot' },
      { key: 'blueBottle', displayName: 'Blue Bottle Coffee' },
      { key: 'chase', displayName: 'Chase Bank' }
    ],
    customers: [
      customer(
        'blueHarbor',
        'Blue Harbor Coffee Co.',
        'early',
        'net30',
        3,
        ['brand', 'designSvc', 'retainer'],
        {
          email: 'ap@blueharborcoffee.example',
          direct: true,
          retainer: { item: 'retainer', cents: 6_500_00 }
        }
      ),
      customer('lumen', 'Lumen Health Partners', 'ontime', 'net30', 4, ['brand', 'designSvc', 'web'], {
        email: 'payables@lumenhealth.example',
        direct: true
      }),
      customer('crestview', 'Crestview Realty Group', 'late', 'net30', 2.5, ['designSvc', 'campaign'], {
        email: 'office@crestviewrealty.example'
      }),
      customer('pioneer', 'Pioneer Outdoor Gear', 'verylate', 'net30', 2, ['campaign', 'designSvc', 'web'], {
        email: 'finance@pioneeroutdoor.example'
      }),
      customer('mapleOak', 'Maple & Oak Furniture', 'ontime', 'net15', 1.5, ['designSvc', 'web'], {
        phone: '(510) 555-0107'
      }),
      customer('summitDental', 'Summit Dental Studio', 'early', 'receipt', 1, ['web', 'designSvc'], {
        email: 'drkim@summitdental.example',
        invoicesPerMonth: [0, 1]
      }),
      customer('harborBrew', 'Harbor City Brewing', 'late', 'net60', 1.5, ['campaign', 'brand'], {
        phone: '(415) 555-0163'
      })
    ],
    streams: [
      {
        kind: 'payroll',
        vendor: 'gusto',
        via: 'purchase',
        grossCents: 26_000_00,
        growthPerMonth: 1.008,
        wagesAccount: 'wages',
        taxesAccount: 'payrollTaxes'
      },
      {
        kind: 'monthlyBill',
        vendor: 'landlord',
        account: 'rent',
        dayOfMonth: 1,
        cents: [8_500_00, 8_500_00],
        fixed: true
      },
      { kind: 'monthlyBill', vendor: 'pge', account: 'utilities', dayOfMonth: 6, cents: [380_00, 910_00] },
      {
        kind: 'quarterlyBill',
        vendor: 'hiscox',
        account: 'insurance',
        months: [1, 4, 7, 10],
        dayOfMonth: 3,
        cents: [2_350_00, 2_800_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'cpa',
        account: 'professional',
        months: [2, 5, 8, 11],
        dayOfMonth: 20,
        cents: [1_400_00, 2_600_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'ftb',
        account: 'taxes',
        months: [3],
        dayOfMonth: 10,
        cents: [800_00, 2_400_00]
      },
      {
        kind: 'randomBills',
        vendors: ['priya', 'lens'],
        account: 'contractors',
        perMonth: [1, 3],
        cents: [1_200_00, 6_500_00],
        cardShare: 0.25
      },
      {
        kind: 'randomBills',
        vendors: ['obrien'],
        account: 'contractors',
        perMonth: [0, 2],
        cents: [600_00, 2_400_00],
        noDueDateChance: 0.5
      },
      { kind: 'cardMonthly', vendor: 'adobe', account: 'software', dayOfMonth: 3, cents: [419_88, 479_88] },
      { kind: 'cardMonthly', vendor: 'figma', account: 'software', dayOfMonth: 9, cents: [225_00, 225_00] },
      { kind: 'cardMonthly', vendor: 'slack', account: 'software', dayOfMonth: 14, cents: [187_50, 218_75] },
      { kind: 'cardMonthly', vendor: 'google', account: 'software', dayOfMonth: 1, cents: [216_00, 264_00] },
      { kind: 'cardMonthly', vendor: 'aws', account: 'software', dayOfMonth: 2, cents: [310_17, 522_43] },
      {
        kind: 'cardRandom',
        vendors: ['delta', 'uber'],
        account: 'travel',
        perMonth: [1, 5],
        cents: [24_00, 780_00]
      },
      {
        kind: 'cardRandom',
        vendors: ['blueBottle'],
        account: 'meals',
        perMonth: [2, 6],
        cents: [18_00, 240_00]
      },
      {
        kind: 'cardRandom',
        vendors: ['officeDepot'],
        account: 'office',
        perMonth: [0, 3],
        cents: [35_00, 420_00]
      },
      { kind: 'bankMonthly', vendor: 'chase', account: 'fees', dayOfMonth: 28, cents: [35_00, 60_00] },
      { kind: 'quarterlyTax', vendor: 'irs', account: 'taxes', cents: [9_000_00, 14_000_00] }
    ],
    revenue: {
      margin: 1.22,
      trendPerMonth: 1.01,
      seasonality: [0.85, 0.9, 1, 1, 1.05, 1.05, 0.95, 0.9, 1.05, 1.1, 1.1, 0.95]
    },
    billPolicy: { delay: [-4, 0], partialChance: 0, unpaidRecentDays: 0, unpaidChance: 0, checkShare: 0.3 },
    cash: { basis: 'coverage', coverage: 3.8, floorCents: 40_000_00 },
    depositWeekdays: [2, 5],
    extras: {
      prepayment: true,
      overpayment: true,
      partialPayment: true,
      vendorCredit: { vendor: 'lens', account: 'contractors' },
      creditMemo: true
    }
  }
}

export function brightline(): CompanyProfile {
  return {
    key: 'brightline',
    companyName: 'Brightline Consulting Group',
    legalName: 'Brightline Consulting Group, Inc.',
    companyType: 'S-Corporation',
    industry: 'Management Consulting Services',
    address: addr('600 Congress Ave, Floor 14', 'Austin', 'TX', '78701'),
    phone: '(512) 555-0188',
    email: 'billing@brightlinecg.example',
    web: 'https://brightlinecg.example',
    fiscalYearStartMonth: 7,
    companyStartYearsAgo: 3,
    multiCurrency: false,
    historyMonths: 13,
    clockStep: [60, 900],
    banks: [{ name: 'Frost Business Checking', subtype: 'Checking', acctNum: '1000', cashShare: 1 }],
    card: { name: 'Chase Ink Business', issuer: 'chaseCard', payDay: 20 },
    accounts: [
      { key: 'consulting', name: 'Consulting Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      { key: 'workshops', name: 'Workshop Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      ...commonExpenseAccounts()
    ],
    items: [
      { key: 'advisory', name: 'Advisory Hours', income: 'consulting', unit: 'hour', rateCents: 210_00 },
      { key: 'analysis', name: 'Analyst Hours', income: 'consulting', unit: 'hour', rateCents: 115_00 },
      { key: 'workshop', name: 'Leadership Workshop', income: 'workshops', unit: 'fixed', rateCents: 0 }
    ],
    vendors: [
      { key: 'adp', displayName: 'ADP Payroll Services', companyName: 'ADP, Inc.', term: 'receipt' },
      {
        key: 'landlord',
        displayName: 'Congress Avenue Properties',
        term: 'receipt',
        address: addr('98 San Jacinto Blvd', 'Austin', 'TX', '78701')
      },
      { key: 'austinEnergy', displayName: 'Austin Energy', term: 'net15' },
      { key: 'travelers', displayName: 'Travelers Insurance', term: 'net30' },
      { key: 'microsoft', displayName: 'Microsoft 365' },
      { key: 'zoom', displayName: 'Zoom Video Communications' },
      { key: 'hubspot', displayName: 'HubSpot', companyName: 'HubSpot, Inc.' },
      { key: 'intuit', displayName: 'Intuit QuickBooks' },
      {
        key: 'garcia',
        displayName: 'Elena Garcia Research',
        givenName: 'Elena',
        familyName: 'Garcia',
        term: 'net15',
        is1099: true,
        email: 'elena@garciaresearch.example'
      },
      { key: 'datawise', displayName: 'DataWise Analytics', term: 'net30' },
      { key: 'printshop', displayName: 'Capitol Print Shop' },
      { key: 'irs', displayName: 'Internal Revenue Service' },
      { key: 'comptroller', displayName: 'Texas Comptroller', term: 'net30' },
      { key: 'chaseCard', displayName: 'Chase Card Services' },
      { key: 'southwest', displayName: 'Southwest Airlines' },
      { key: 'marriott', displayName: 'Marriott Hotels' },
      { key: 'frost', displayName: 'Frost Bank' }
    ],
    customers: [
      customer(
        'hillCountry',
        'Hill Country Health System',
        'ontime',
        'net30',
        4,
        ['advisory', 'analysis', 'workshop'],
        { email: 'ap@hchs.example', direct: true }
      ),
      customer('loneStar', 'Lone Star Logistics', 'late', 'net30', 2.5, ['advisory', 'analysis'], {
        email: 'invoices@lonestarlogistics.example'
      }),
      customer('pecan', 'Pecan Street Ventures', 'verylate', 'net15', 1.5, ['advisory'], {
        email: 'gp@pecanstreet.example'
      }),
      customer('barton', 'Barton Creek Schools', 'late', 'net60', 2, ['workshop', 'analysis'], {
        phone: '(512) 555-0120'
      }),
      customer('cedarPark', 'Cedar Park Dental', 'early', 'net15', 0.8, ['analysis', 'advisory'], {
        email: 'office@cedarparkdental.example',
        invoicesPerMonth: [0, 1]
      }),
      customer('travisTitle', 'Travis Title Co.', 'ontime', 'net30', 1.2, ['advisory', 'workshop'], {
        phone: '(512) 555-0175'
      })
    ],
    streams: [
      {
        kind: 'payroll',
        vendor: 'adp',
        via: 'bill',
        grossCents: 17_500_00,
        growthPerMonth: 1,
        wagesAccount: 'wages',
        taxesAccount: 'payrollTaxes'
      },
      {
        kind: 'monthlyBill',
        vendor: 'landlord',
        account: 'rent',
        dayOfMonth: 1,
        cents: [6_200_00, 6_200_00],
        fixed: true
      },
      {
        kind: 'monthlyBill',
        vendor: 'austinEnergy',
        account: 'utilities',
        dayOfMonth: 8,
        cents: [240_00, 520_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'travelers',
        account: 'insurance',
        months: [3, 6, 9, 12],
        dayOfMonth: 5,
        cents: [1_700_00, 1_950_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'comptroller',
        account: 'taxes',
        months: [5],
        dayOfMonth: 1,
        cents: [450_00, 1_100_00]
      },
      {
        kind: 'randomBills',
        vendors: ['garcia', 'datawise'],
        account: 'contractors',
        perMonth: [1, 3],
        cents: [1_500_00, 5_000_00]
      },
      {
        kind: 'randomBills',
        vendors: ['printshop'],
        account: 'office',
        perMonth: [0, 1],
        cents: [120_00, 900_00],
        noDueDateChance: 0.6
      },
      {
        kind: 'cardMonthly',
        vendor: 'microsoft',
        account: 'software',
        dayOfMonth: 4,
        cents: [165_00, 165_00]
      },
      { kind: 'cardMonthly', vendor: 'zoom', account: 'software', dayOfMonth: 11, cents: [149_90, 149_90] },
      {
        kind: 'cardMonthly',
        vendor: 'hubspot',
        account: 'advertising',
        dayOfMonth: 16,
        cents: [890_00, 890_00]
      },
      { kind: 'cardMonthly', vendor: 'intuit', account: 'software', dayOfMonth: 21, cents: [90_00, 99_00] },
      {
        kind: 'cardRandom',
        vendors: ['southwest', 'marriott'],
        account: 'travel',
        perMonth: [1, 5],
        cents: [89_00, 690_00]
      },
      { kind: 'bankMonthly', vendor: 'frost', account: 'fees', dayOfMonth: 30, cents: [45_00, 45_00] },
      { kind: 'quarterlyTax', vendor: 'irs', account: 'taxes', cents: [4_000_00, 7_000_00] }
    ],
    revenue: {
      // It spends more than it bills: the forecast expects its next invoices too, and a consultancy
      // that earns its costs is not one to watch, whatever its cash on the day.
      margin: 0.6,
      trendPerMonth: 0.993,
      seasonality: [0.85, 1, 1.05, 1.1, 1.05, 0.9, 0.75, 0.8, 1.05, 1.15, 1.05, 0.8]
    },
    billPolicy: {
      delay: [0, 14],
      partialChance: 0.05,
      unpaidRecentDays: 30,
      unpaidChance: 0.2,
      checkShare: 0.5
    },
    // Its cash is set on the day, not kept above a floor through its history: a company losing money
    // every month had more in the bank a year ago, and a floor there would leave it rich today.
    cash: { basis: 'netPosition', days: 45, coverDays: 24, floorCents: null },
    depositWeekdays: [1],
    extras: {
      prepayment: true,
      overpayment: false,
      partialPayment: true,
      vendorCredit: { vendor: 'datawise', account: 'contractors' },
      creditMemo: true
    }
  }
}

export function redwood(): CompanyProfile {
  return {
    key: 'redwood',
    companyName: 'Redwood Events & Catering',
    legalName: 'Redwood Events & Catering LLC',
    companyType: 'LLC',
    industry: 'Caterers',
    address: addr('1220 NW Lovejoy St', 'Portland', 'OR', '97209'),
    phone: '(503) 555-0131',
    email: 'office@redwoodcatering.example',
    web: 'https://redwoodcatering.example',
    fiscalYearStartMonth: 1,
    companyStartYearsAgo: 4,
    multiCurrency: false,
    historyMonths: 15,
    clockStep: [60, 900],
    banks: [{ name: 'US Bank Business Checking', subtype: 'Checking', acctNum: '1000', cashShare: 1 }],
    card: { name: 'Capital One Spark', issuer: 'capitalOne', payDay: 25 },
    accounts: [
      { key: 'catering', name: 'Catering Sales', type: 'Income', subtype: 'SalesOfProductIncome' },
      { key: 'eventServices', name: 'Event Services', type: 'Income', subtype: 'ServiceFeeIncome' },
      {
        key: 'food',
        name: 'Food & Beverage Costs',
        type: 'Cost of Goods Sold',
        subtype: 'SuppliesMaterialsCogs'
      },
      { key: 'equipment', name: 'Equipment Rental', type: 'Expense', subtype: 'EquipmentRental' },
      ...commonExpenseAccounts()
    ],
    items: [
      { key: 'menu', name: 'Catering Package', income: 'catering', unit: 'fixed', rateCents: 0 },
      { key: 'staff', name: 'Event Staff', income: 'eventServices', unit: 'hour', rateCents: 48_00 },
      { key: 'setup', name: 'Setup & Rentals', income: 'eventServices', unit: 'fixed', rateCents: 0 }
    ],
    vendors: [
      { key: 'paychex', displayName: 'Paychex', companyName: 'Paychex, Inc.' },
      {
        key: 'landlord',
        displayName: 'Pearl District Properties',
        term: 'receipt',
        address: addr('1030 NW Johnson St', 'Portland', 'OR', '97209')
      },
      { key: 'pgePortland', displayName: 'Portland General Electric', term: 'net15' },
      { key: 'nwNatural', displayName: 'NW Natural Gas', term: 'net15' },
      {
        key: 'cascadeFood',
        displayName: 'Cascade Food Supply',
        term: 'net15',
        email: 'ar@cascadefood.example'
      },
      { key: 'sysco', displayName: 'Sysco Portland', term: 'net30' },
      { key: 'partyRental', displayName: 'Party Rental Pros' },
      { key: 'kitchenLease', displayName: 'Pacific Kitchen Leasing', term: 'net15' },
      { key: 'stateFarm', displayName: 'State Farm Business Insurance', term: 'net30' },
      { key: 'square', displayName: 'Square' },
      { key: 'toast', displayName: 'Toast POS' },
      { key: 'google', displayName: 'Google Workspace' },
      { key: 'costco', displayName: 'Costco Business Center' },
      { key: 'shell', displayName: 'Shell' },
      { key: 'irs', displayName: 'Internal Revenue Service' },
      { key: 'oregonRevenue', displayName: 'Oregon Department of Revenue', term: 'net30' },
      { key: 'capitalOne', displayName: 'Capital One' },
      { key: 'usBank', displayName: 'U.S. Bank' }
    ],
    customers: [
      customer('willamette', 'Willamette Wedding Co.', 'verylate', 'net30', 3, ['menu', 'staff', 'setup'], {
        email: 'plans@willamettewedding.example'
      }),
      customer('roseCity', 'Rose City Tech Summit', 'late', 'net30', 2.5, ['menu', 'staff'], {
        email: 'ops@rosecitytech.example'
      }),
      customer('artCollective', 'Portland Art Collective', 'verylate', 'net15', 1.5, ['menu', 'setup'], {
        phone: '(503) 555-0177'
      }),
      customer('columbia', 'Columbia Outdoor Events', 'ontime', 'net30', 2, ['menu', 'staff', 'setup'], {
        email: 'events@columbiaoutdoor.example',
        direct: true
      }),
      customer('hawthorne', 'Hawthorne Family Reunions', 'early', 'receipt', 0.8, ['menu'], {
        givenName: 'Dana',
        familyName: 'Hawthorne',
        invoicesPerMonth: [0, 1]
      }),
      customer('multnomah', 'Multnomah County Events', 'late', 'net60', 1.8, ['menu', 'staff'], {
        email: 'payables@multco-events.example'
      })
    ],
    streams: [
      {
        kind: 'payroll',
        vendor: 'paychex',
        via: 'purchase',
        grossCents: 21_000_00,
        growthPerMonth: 0.995,
        wagesAccount: 'wages',
        taxesAccount: 'payrollTaxes'
      },
      {
        kind: 'monthlyBill',
        vendor: 'landlord',
        account: 'rent',
        dayOfMonth: 1,
        cents: [9_800_00, 9_800_00],
        fixed: true
      },
      {
        kind: 'monthlyBill',
        vendor: 'pgePortland',
        account: 'utilities',
        dayOfMonth: 9,
        cents: [900_00, 1_750_00]
      },
      {
        kind: 'monthlyBill',
        vendor: 'nwNatural',
        account: 'utilities',
        dayOfMonth: 12,
        cents: [310_00, 880_00]
      },
      {
        kind: 'monthlyBill',
        vendor: 'kitchenLease',
        account: 'equipment',
        dayOfMonth: 5,
        cents: [1_450_00, 1_450_00],
        fixed: true
      },
      {
        kind: 'quarterlyBill',
        vendor: 'stateFarm',
        account: 'insurance',
        months: [2, 5, 8, 11],
        dayOfMonth: 1,
        cents: [3_100_00, 3_400_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'oregonRevenue',
        account: 'taxes',
        months: [4],
        dayOfMonth: 15,
        cents: [600_00, 1_500_00]
      },
      {
        kind: 'randomBills',
        vendors: ['cascadeFood', 'sysco'],
        account: 'food',
        perMonth: [5, 8],
        cents: [1_800_00, 6_500_00]
      },
      {
        kind: 'randomBills',
        vendors: ['partyRental'],
        account: 'equipment',
        perMonth: [1, 3],
        cents: [600_00, 3_000_00],
        noDueDateChance: 0.5
      },
      { kind: 'cardMonthly', vendor: 'square', account: 'fees', dayOfMonth: 2, cents: [60_00, 60_00] },
      { kind: 'cardMonthly', vendor: 'toast', account: 'software', dayOfMonth: 7, cents: [165_00, 165_00] },
      { kind: 'cardMonthly', vendor: 'google', account: 'software', dayOfMonth: 1, cents: [72_00, 72_00] },
      { kind: 'cardRandom', vendors: ['costco'], account: 'food', perMonth: [4, 9], cents: [85_00, 640_00] },
      { kind: 'cardRandom', vendors: ['shell'], account: 'travel', perMonth: [3, 8], cents: [40_00, 130_00] },
      { kind: 'bankMonthly', vendor: 'usBank', account: 'fees', dayOfMonth: 28, cents: [75_00, 120_00] },
      { kind: 'quarterlyTax', vendor: 'irs', account: 'taxes', cents: [2_000_00, 4_000_00] }
    ],
    revenue: {
      margin: 1.12,
      trendPerMonth: 0.965,
      seasonality: [0.6, 0.7, 0.8, 0.9, 1.1, 1.4, 1.5, 1.4, 1.2, 1, 0.9, 0.9]
    },
    billPolicy: {
      delay: [12, 45],
      partialChance: 0.2,
      // Bills of the last three months it has not paid at all: overdue past anything its history
      // dates, so the forecast counts them today, the stack of bills behind its critical status.
      unpaidRecentDays: 120,
      unpaidChance: 0.7,
      checkShare: 0.7
    },
    cash: { basis: 'shortOfDue', share: 0.6, withinDays: 21, floorCents: null },
    depositWeekdays: [3],
    extras: {
      prepayment: false,
      overpayment: true,
      partialPayment: true,
      vendorCredit: { vendor: 'sysco', account: 'food' },
      creditMemo: true,
      ownerDraw: { daysAgo: 3, keepCents: 0 }
    }
  }
}

// --- the large company -------------------------------------------------------------------------

const PLACES = [
  'Acme',
  'Apex',
  'Bayside',
  'Beacon',
  'Birch',
  'Blue Ridge',
  'Brightwater',
  'Canyon',
  'Cedar',
  'Coastal',
  'Copper',
  'Crescent',
  'Evergreen',
  'Falcon',
  'Foxglove',
  'Granite',
  'Harbor',
  'Highland',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Lighthouse',
  'Maple',
  'Meridian',
  'Mesa',
  'Northstar',
  'Oakridge',
  'Pacific',
  'Pinecrest',
  'Prairie',
  'Riverbend',
  'Sagebrush',
  'Sierra',
  'Silverline',
  'Stonebridge',
  'Sunrise',
  'Tidewater',
  'Timberline',
  'Valley',
  'Westwind',
  'Willow'
]
const CUSTOMER_TRADES = [
  'Auto Repair',
  'Bakery',
  'Builders',
  'Cafe',
  'Clinic',
  'Construction',
  'Dental',
  'Electric',
  'Fitness',
  'Hardware',
  'Landscaping',
  'Medical Group',
  'Motors',
  'Plumbing',
  'Realty',
  'Restaurant',
  'Roofing',
  'Schools',
  'Hotel',
  'Brewing'
]
const VENDOR_TRADES = [
  'Supply',
  'Distributors',
  'Freight',
  'Metals',
  'Packaging',
  'Services',
  'Maintenance',
  'Components'
]
const SUFFIXES = ['LLC', 'Inc.', 'Co.', 'Group', 'Partners']
const CITIES: Array<[string, string, string]> = [
  ['Sacramento', 'CA', '958'],
  ['Reno', 'NV', '895'],
  ['Boise', 'ID', '837'],
  ['Spokane', 'WA', '992'],
  ['Eugene', 'OR', '974'],
  ['Fresno', 'CA', '937'],
  ['Salt Lake City', 'UT', '841'],
  ['Tacoma', 'WA', '984']
]

/** Distinct names: QuickBooks refuses a customer and a vendor with the same display name. */
function names(rng: Rng, trades: string[], count: number): string[] {
  const all: string[] = []
  for (const place of PLACES) for (const trade of trades) all.push(`${place} ${trade}`)
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const base = all[i % all.length]!
    const suffix = SUFFIXES[rng.int(0, SUFFIXES.length - 1)]!
    out.push(i < all.length ? `${base} ${suffix}` : `${base} ${suffix} ${Math.floor(i / all.length) + 1}`)
  }
  return out
}

function cityAddress(rng: Rng): Address {
  const [city, state, zip] = rng.pick(CITIES)
  return addr(
    `${rng.int(100, 9899)} ${rng.pick(['Main St', 'Industrial Way', 'Commerce Dr', 'Oak Ave', 'Front St', '2nd Ave'])}`,
    city,
    state,
    `${zip}${String(rng.int(1, 99)).padStart(2, '0')}`
  )
}

export function largeCompany(rng: Rng): CompanyProfile {
  const customerNames = names(rng.fork('customers'), CUSTOMER_TRADES, 600)
  const vendorNames = names(rng.fork('vendors'), VENDOR_TRADES, 150)
  const habits: Habit[] = [
    'early',
    'ontime',
    'ontime',
    'late',
    'early',
    'ontime',
    'late',
    'verylate',
    'ontime',
    'late'
  ]
  const terms: TermKey[] = [
    'net30',
    'net30',
    'net30',
    'net15',
    'net30',
    'net60',
    'receipt',
    'net30',
    'net15',
    'net30'
  ]
  const customers: CustomerSpec[] = customerNames.map((name, i) => {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '')
    const spec: CustomerSpec = {
      key: `c${i}`,
      displayName: name,
      companyName: name,
      habit: habits[rng.int(0, habits.length - 1)]!,
      term: terms[rng.int(0, terms.length - 1)]!,
      weight: rng.real(0.3, 3),
      invoicesPerMonth: [1, 2],
      items: ['supplies', 'install', 'equipment', 'freight', 'service'].filter(() => rng.chance(0.6)),
      direct: rng.chance(0.5),
      address: cityAddress(rng)
    }
    if (spec.items.length === 0) spec.items.push('supplies')
    if (rng.chance(0.85)) spec.email = `ap@${slug}.example`
    return spec
  })
  const vendors: VendorSpec[] = vendorNames.map((name, i) => {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '')
    const v: VendorSpec = { key: `v${i}`, displayName: name, companyName: name, address: cityAddress(rng) }
    if (rng.chance(0.8)) v.term = rng.pick<TermKey>(['net15', 'net30', 'net30', 'net60'])
    if (rng.chance(0.7)) v.email = `billing@${slug}.example`
    return v
  })
  const fixed: VendorSpec[] = [
    { key: 'adp', displayName: 'ADP Payroll Services' },
    { key: 'landlord', displayName: 'Riverside Industrial Park LLC', term: 'receipt' },
    { key: 'power', displayName: 'Pacific Power', term: 'net15' },
    { key: 'insurer', displayName: 'Liberty Mutual Commercial', term: 'net30' },
    { key: 'irs', displayName: 'Internal Revenue Service' },
    { key: 'cardIssuer', displayName: 'American Express' },
    { key: 'bank', displayName: 'Wells Fargo' },
    { key: 'msft', displayName: 'Microsoft 365' },
    { key: 'netsuite', displayName: 'ShipStation' },
    { key: 'fleet', displayName: 'Fleetio' },
    { key: 'airline', displayName: 'Alaska Airlines' },
    { key: 'hotel', displayName: 'Hilton Hotels' },
    { key: 'fuel', displayName: 'Chevron' },
    { key: 'diner', displayName: 'Roadside Diner' }
  ]
  const ids = vendors.map((v) => v.key)
  const slice = (from: number, to: number): string[] => ids.slice(from, to)
  return {
    key: 'large',
    companyName: 'Granite Peak Industrial Supply',
    legalName: 'Granite Peak Industrial Supply, Inc.',
    companyType: 'Corporation',
    industry: 'Industrial Supplies Merchant Wholesalers',
    address: addr('2750 Riverside Industrial Pkwy', 'Sacramento', 'CA', '95815'),
    phone: '(916) 555-0100',
    email: 'ar@granitepeaksupply.example',
    web: 'https://granitepeaksupply.example',
    fiscalYearStartMonth: 1,
    companyStartYearsAgo: 12,
    multiCurrency: false,
    historyMonths: 36,
    clockStep: [8, 45],
    banks: [
      { name: 'Wells Fargo Operating', subtype: 'Checking', acctNum: '1000', cashShare: 0.8 },
      {
        name: 'Wells Fargo Reserve',
        subtype: 'Savings',
        acctNum: '1010',
        cashShare: 0.2,
        interestCents: [1_200_00, 2_400_00]
      }
    ],
    card: { name: 'Amex Corporate', issuer: 'cardIssuer', payDay: 15 },
    accounts: [
      { key: 'sales', name: 'Sales', type: 'Income', subtype: 'SalesOfProductIncome' },
      { key: 'serviceIncome', name: 'Service Income', type: 'Income', subtype: 'ServiceFeeIncome' },
      {
        key: 'cogs',
        name: 'Cost of Goods Sold',
        type: 'Cost of Goods Sold',
        subtype: 'SuppliesMaterialsCogs'
      },
      {
        key: 'freightIn',
        name: 'Freight & Delivery',
        type: 'Cost of Goods Sold',
        subtype: 'ShippingFreightDeliveryCos'
      },
      { key: 'repairs', name: 'Repairs & Maintenance', type: 'Expense', subtype: 'RepairMaintenance' },
      ...commonExpenseAccounts()
    ],
    items: [
      { key: 'supplies', name: 'Industrial Supplies', income: 'sales', unit: 'fixed', rateCents: 0 },
      { key: 'equipment', name: 'Equipment', income: 'sales', unit: 'fixed', rateCents: 0 },
      { key: 'freight', name: 'Freight', income: 'sales', unit: 'fixed', rateCents: 0 },
      { key: 'install', name: 'Installation Labor', income: 'serviceIncome', unit: 'hour', rateCents: 95_00 },
      { key: 'service', name: 'Service Contract', income: 'serviceIncome', unit: 'fixed', rateCents: 0 }
    ],
    vendors: [...fixed, ...vendors],
    customers,
    streams: [
      {
        kind: 'payroll',
        vendor: 'adp',
        via: 'purchase',
        grossCents: 310_000_00,
        growthPerMonth: 1.003,
        wagesAccount: 'wages',
        taxesAccount: 'payrollTaxes'
      },
      {
        kind: 'monthlyBill',
        vendor: 'landlord',
        account: 'rent',
        dayOfMonth: 1,
        cents: [48_000_00, 48_000_00],
        fixed: true
      },
      {
        kind: 'monthlyBill',
        vendor: 'power',
        account: 'utilities',
        dayOfMonth: 7,
        cents: [6_500_00, 11_800_00]
      },
      {
        kind: 'quarterlyBill',
        vendor: 'insurer',
        account: 'insurance',
        months: [1, 4, 7, 10],
        dayOfMonth: 2,
        cents: [24_000_00, 27_000_00]
      },
      {
        kind: 'randomBills',
        vendors: slice(0, 70),
        account: 'cogs',
        perMonth: [400, 450],
        cents: [800_00, 7_000_00]
      },
      {
        kind: 'randomBills',
        vendors: slice(70, 90),
        account: 'freightIn',
        perMonth: [120, 150],
        cents: [300_00, 2_500_00]
      },
      {
        kind: 'randomBills',
        vendors: slice(90, 130),
        account: 'contractors',
        perMonth: [60, 90],
        cents: [500_00, 6_000_00],
        noDueDateChance: 0.3,
        cardShare: 0.1
      },
      {
        kind: 'randomBills',
        vendors: slice(130, 150),
        account: 'repairs',
        perMonth: [30, 50],
        cents: [250_00, 4_000_00]
      },
      {
        kind: 'cardMonthly',
        vendor: 'msft',
        account: 'software',
        dayOfMonth: 3,
        cents: [1_320_00, 1_320_00]
      },
      {
        kind: 'cardMonthly',
        vendor: 'netsuite',
        account: 'software',
        dayOfMonth: 8,
        cents: [640_00, 640_00]
      },
      { kind: 'cardMonthly', vendor: 'fleet', account: 'software', dayOfMonth: 12, cents: [410_00, 470_00] },
      {
        kind: 'cardRandom',
        vendors: ['airline', 'hotel'],
        account: 'travel',
        perMonth: [30, 45],
        cents: [120_00, 1_400_00]
      },
      {
        kind: 'cardRandom',
        vendors: ['fuel'],
        account: 'travel',
        perMonth: [50, 70],
        cents: [45_00, 260_00]
      },
      {
        kind: 'cardRandom',
        vendors: ['diner'],
        account: 'meals',
        perMonth: [25, 40],
        cents: [15_00, 180_00]
      },
      { kind: 'bankMonthly', vendor: 'bank', account: 'fees', dayOfMonth: 28, cents: [180_00, 420_00] },
      { kind: 'quarterlyTax', vendor: 'irs', account: 'taxes', cents: [60_000_00, 90_000_00] }
    ],
    revenue: {
      margin: 1.1,
      trendPerMonth: 1.004,
      seasonality: [0.85, 0.9, 1, 1.05, 1.1, 1.1, 1.05, 1.05, 1, 1, 0.95, 0.95]
    },
    billPolicy: {
      delay: [-3, 6],
      partialChance: 0.03,
      unpaidRecentDays: 15,
      unpaidChance: 0.05,
      checkShare: 0.25
    },
    cash: { basis: 'coverage', coverage: 2.2, floorCents: 0 },
    depositWeekdays: [1, 2, 3, 4, 5],
    extras: {
      prepayment: true,
      overpayment: true,
      partialPayment: true,
      vendorCredit: { vendor: 'v3', account: 'cogs' },
      creditMemo: true
    }
  }
}
