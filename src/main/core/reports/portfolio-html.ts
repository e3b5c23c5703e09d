// The portfolio digest: every client's week on one report, worst first, with each client's
// headline and the week's must-dos (the bills to pay now, the invoices to chase).

import { formatMoney } from '../../../shared/money'
import type { DigestView, RunwayStatus } from '../../../shared/views'
import { causesText } from '../experiences/digest'
import {
  brandHeader,
  cashZeroSentence,
  escapeHtml,
  headlineOf,
  longDate,
  page,
  signedDays,
  stageWords,
  type Branding,
  type PageSize
} from './digest-html'

const RANK: Record<RunwayStatus, number> = { critical: 0, warning: 1, healthy: 2, excellent: 3 }

/** Worst first, as the client list orders them: by band, then the days the band rests on (none
 *  last), then name. */
export function worstFirst(views: readonly DigestView[]): DigestView[] {
  const days = (v: DigestView): number => v.headline.statusDays ?? v.headline.runwayDays ?? Infinity
  return [...views].sort(
    (a, b) =>
      RANK[a.headline.status] - RANK[b.headline.status] ||
      days(a) - days(b) ||
      a.companyName.toLowerCase().localeCompare(b.companyName.toLowerCase())
  )
}

export function portfolioHtml(
  weekEnd: string,
  views: readonly DigestView[],
  brand: Branding,
  pageSize: PageSize = 'A4'
): string {
  const sorted = worstFirst(views)
  const counts = (['critical', 'warning', 'healthy', 'excellent'] as const)
    .map((s) => [s, sorted.filter((v) => v.headline.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ')
  const summary = `<tr><th>Client</th><th>Status</th><th>Runway</th><th>Cash runs out</th><th class="num">Change</th><th class="num">Must pay</th><th class="num">Overdue</th></tr>`
  const rows = sorted
    .map((v) => {
      const cur = v.homeCurrency ?? 'USD'
      const mustPay = v.mustPay.reduce((s, b) => s + b.balanceCents, 0)
      const overdue = v.toChase.reduce((s, i) => s + i.balanceCents, 0)
      return `<tr data-company="${escapeHtml(v.companyId)}"><td>${escapeHtml(v.companyName)}</td><td><span class="pill ${v.headline.status}">${v.headline.status}</span></td><td>${escapeHtml(headlineOf(v))}</td><td>${v.headline.cashZeroDate ? escapeHtml(longDate(v.headline.cashZeroDate)) : '—'}</td><td class="num">${v.headline.changeDays === null ? '—' : escapeHtml(signedDays(v.headline.changeDays))}</td><td class="num">${escapeHtml(formatMoney(mustPay as never, cur))}</td><td class="num">${escapeHtml(formatMoney(overdue as never, cur))}</td></tr>`
    })
    .join('')
  const clients = sorted
    .map((v) => {
      const cur = v.homeCurrency ?? 'USD'
      const m = (c: number): string => formatMoney(c as never, cur)
      const why = v.causes ? causesText(v.causes) : ''
      const dos = [
        ...v.mustPay
          .slice(0, 3)
          .map(
            (b) =>
              `<li>Pay ${escapeHtml(b.vendorName)} ${escapeHtml(m(b.balanceCents))}${b.dueDate ? `, due ${escapeHtml(longDate(b.dueDate))}` : ''}</li>`
          ),
        ...v.toChase
          .slice(0, 3)
          .map(
            (i) =>
              `<li>Chase ${escapeHtml(i.customerName)} ${escapeHtml(m(i.balanceCents))}, ${i.daysOverdue} days late (${escapeHtml(stageWords(i.stage).toLowerCase())})</li>`
          )
      ]
      return `<section class="card" data-part="client"><h2>${escapeHtml(v.companyName)} <span class="pill ${v.headline.status}">${v.headline.status}</span></h2><div><strong>${escapeHtml(headlineOf(v))}</strong> · ${escapeHtml(cashZeroSentence(v))}${v.headline.changeDays !== null && v.headline.changeDays !== 0 ? ` ${escapeHtml(signedDays(v.headline.changeDays))} since last week${why ? `: ${escapeHtml(why)}` : ''}.` : ''}</div>${dos.length > 0 ? `<div class="legend">This week</div><ul class="plain">${dos.join('')}</ul>` : '<p class="empty">Nothing to do this week.</p>'}</section>`
    })
    .join('\n')
  return page(
    `Portfolio — week ending ${longDate(weekEnd)}`,
    pageSize,
    [
      brandHeader(
        brand,
        'Client cash report',
        `Week ending ${longDate(weekEnd)} · ${sorted.length} clients${counts ? ` · ${counts}` : ''}`
      ),
      `<section data-part="summary"><h2>All clients, worst first</h2><div class="table-wrap"><table><thead>${summary}</thead><tbody>${rows}</tbody></table></div></section>`,
      clients,
      `<footer>Prepared by ${escapeHtml(brand.firmName)} from each client’s QuickBooks Online books.</footer>`
    ].join('\n')
  )
}

export function portfolioText(weekEnd: string, views: readonly DigestView[], brand: Branding): string {
  const lines = [`Client cash report: week ending ${longDate(weekEnd)}`, '']
  for (const v of worstFirst(views)) {
    lines.push(`${v.companyName} (${v.headline.status}): ${headlineOf(v)}. ${cashZeroSentence(v)}`)
    for (const b of v.mustPay.slice(0, 3)) lines.push(`  - Pay ${b.vendorName}`)
    for (const i of v.toChase.slice(0, 3)) lines.push(`  - Chase ${i.customerName}`)
  }
  lines.push('', `Prepared by ${brand.firmName}. The full report is attached as a PDF.`)
  return lines.join('\n')
}
