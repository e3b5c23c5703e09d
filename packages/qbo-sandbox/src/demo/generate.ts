// Deterministic sandbox companies: the same seed, today and now give byte-identical books.

import type { RealmData } from '../types'
import { Book } from './book'
import { formatDay, pacificLocal, pacificStamp, parseDay } from './calendar'
import {
  createCompanyInfo,
  createCoreAccounts,
  createPreferences,
  createTerms,
  type CompanyFacts
} from './company'
import { brightline, largeCompany, northwind, redwood } from './companies'
import type { CompanyProfile } from './profile'
import { rootRng, type Rng } from './prng'
import { simulateCompany } from './simulate'

export interface GenerateOptions {
  seed: number
  size: 'demo' | 'large'
  /** YYYY-MM-DD, company-local; history runs up to the day before. */
  today: string
  /** ISO instant; no record is created or updated after it. */
  now: string
  /**
   * Demo size only: this many companies (a firm's client list), the three demo companies first and
   * then their profiles again, each with books of its own (default 3).
   */
  companies?: number
  /** Each company branches on this day (YYYY-MM-DD) into a future of its own, drawn from this
   *  seed (simulate.ts, `branch`): the forecast bench's many possible futures of one past. */
  branch?: { day: string; seed: number }
}

/** A realm id like Intuit's: 16 to 19 digits, no leading zero. */
function realmIdFrom(rng: Rng): string {
  const length = rng.int(16, 19)
  let id = String(rng.int(1, 9))
  while (id.length < length) id += String(rng.int(0, 9))
  return id
}

export function generateCompanies(opts: GenerateOptions): RealmData[] {
  const today = parseDay(opts.today)
  const nowMs = Date.parse(opts.now)
  if (!Number.isFinite(nowMs)) throw new Error(`not an ISO instant: ${opts.now}`)
  const local = pacificLocal(nowMs)
  const nowStamp = pacificStamp(local.day, local.second)

  const root = rootRng(opts.seed)
  const profiles: Array<[CompanyProfile, Rng]> =
    opts.size === 'large'
      ? [[largeCompany(root.fork('large-profile')), root.fork('large')]]
      : demoProfiles(opts.companies ?? 3).map((p) => [p, root.fork(p.key)])

  const ids = root.fork('realm-ids')
  const seen = new Set<string>()
  return profiles.map(([profile, rng]) => {
    let realmId = realmIdFrom(ids)
    while (seen.has(realmId)) realmId = realmIdFrom(ids)
    seen.add(realmId)
    const branch = opts.branch && {
      day: parseDay(opts.branch.day),
      rng: rootRng(opts.branch.seed).fork(`branch:${profile.key}`)
    }
    return simulateCompany({ profile, realmId, rng, today, nowMs, nowStamp, ...(branch ? { branch } : {}) })
  })
}

function demoProfiles(count: number): CompanyProfile[] {
  const kinds = [northwind, brightline, redwood]
  return Array.from({ length: count }, (_, i) => {
    const profile = kinds[i % kinds.length]!()
    if (i < kinds.length) return profile
    const n = Math.floor(i / kinds.length) + 1
    return {
      ...profile,
      key: `${profile.key}-${n}`,
      companyName: `${profile.companyName} ${n}`,
      legalName: `${profile.legalName} ${n}`
    }
  })
}

/**
 * A company with no transactions and no names yet, for realms created through the sandbox at run
 * time: CompanyInfo (Id 1), Preferences, the four standard terms, and the accounts QuickBooks
 * keeps for itself (A/R, A/P, Undeposited Funds, Opening Balance Equity, Retained Earnings).
 */
export function emptyRealm(
  realmId: string,
  companyName: string,
  now: string = new Date().toISOString()
): RealmData {
  const nowMs = Date.parse(now)
  if (!Number.isFinite(nowMs)) throw new Error(`not an ISO instant: ${now}`)
  const local = pacificLocal(nowMs)
  const nowStamp = pacificStamp(local.day, local.second)
  const book = new Book({
    realmId,
    companyName,
    rng: rootRng(0).fork(realmId),
    nowMs,
    nowStamp,
    multiCurrency: false,
    clockStep: [1, 5]
  })
  const facts: CompanyFacts = {
    companyName,
    legalName: companyName,
    companyType: 'LLC',
    industry: 'Other',
    fiscalYearStartMonth: 1,
    companyStartDate: formatDay(local.day),
    multiCurrency: false
  }
  createCompanyInfo(book, facts, local.day)
  createCoreAccounts(book, local.day)
  const terms = createTerms(book, local.day)
  createPreferences(book, facts, terms.get('net30')!, local.day)
  return book.realm
}
