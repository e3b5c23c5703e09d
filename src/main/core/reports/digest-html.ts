// The client-ready digest: one self-contained HTML page (styles inline, the chart as inline SVG, the
// logo as a data URL) that reads the same in a browser, on a phone, printed on A4 or Letter, and as
// the PDF made from it. It is drawn from the stored DigestView alone, so a digest exported years
// later says what it said the week it was made.

import { formatDay } from '../../../shared/dates'
import { formatMoney } from '../../../shared/money'
import { runwayLabel, type DigestView, type ForecastWeekView, type RunwayStatus } from '../../../shared/views'
import { causePhrase } from '../experiences/digest'

export type PageSize = 'A4' | 'Letter'

export interface Branding {
  firmName: string
  /** A data: URL (PNG, JPEG or SVG), or null for none. */
  firmLogo: string | null
}

/** "15 Mar 2027": one format in every report, whatever the machine's locale (shared/dates). */
export const longDate = (date: string): string => formatDay(date)

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const money = (cents: number, currency = 'USD'): string => formatMoney(cents as never, currency)

const STATUS_WORDS: Record<RunwayStatus, string> = {
  critical: 'Critical',
  warning: 'Needs watching',
  healthy: 'Healthy',
  excellent: 'Excellent'
}

/** The runway headline every channel uses: "42 days", "More than 13 weeks", "Cash short now". */
export function headlineOf(view: DigestView): string {
  const label = runwayLabel(view.headline.runwayDays, view.headline.horizonDays)
  return label.charAt(0).toUpperCase() + label.slice(1)
}

export function cashZeroSentence(view: DigestView): string {
  return view.headline.cashZeroDate
    ? `Cash runs out on ${longDate(view.headline.cashZeroDate)} unless something changes.`
    : `Cash lasts the ${Math.floor(view.headline.horizonDays / 7)} weeks of the forecast.`
}

/** Signed whole days: "+3 days", "−9 days". */
export function signedDays(days: number): string {
  return `${days > 0 ? '+' : days < 0 ? '−' : ''}${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}`
}

const compact = (cents: number): string => {
  const dollars = cents / 100
  const abs = Math.abs(dollars)
  const sign = dollars < 0 ? '−' : ''
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(1)}M`
  if (abs >= 1_000) return `${sign}$${Math.round(abs / 1_000)}k`
  return `${sign}$${Math.round(abs)}`
}

/** The 13 weeks as bars of closing cash, the lowest point of each week marked, zero and the minimum drawn. */
export function forecastChartSvg(weeks: readonly ForecastWeekView[], minCashCents: number): string {
  if (weeks.length === 0) return ''
  const W = 640
  const H = 220
  const left = 56
  const right = 8
  const top = 12
  const bottom = 34
  const values = weeks.flatMap((w) => [w.endingCashCents, w.lowestCashCents])
  const hi = Math.max(0, minCashCents, ...values)
  const lo = Math.min(0, ...values)
  const span = hi - lo || 1
  const y = (cents: number): number => top + ((hi - cents) / span) * (H - top - bottom)
  const slot = (W - left - right) / weeks.length
  const bar = slot * 0.62
  const parts: string[] = []
  for (const tick of [hi, (hi + lo) / 2, lo]) {
    parts.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" class="grid"/>`,
      `<text x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" class="axis">${escapeHtml(compact(Math.round(tick)))}</text>`
    )
  }
  weeks.forEach((w, i) => {
    const x = left + i * slot + (slot - bar) / 2
    const end = w.endingCashCents
    const y0 = y(0)
    const y1 = y(end)
    const cls = end < 0 || w.lowestCashCents < 0 ? 'neg' : w.lowestCashCents < minCashCents ? 'low' : 'pos'
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.max(1, Math.abs(y1 - y0)).toFixed(1)}" class="${cls}"><title>Week of ${escapeHtml(longDate(w.weekStart))}: closing ${escapeHtml(money(end))}, lowest ${escapeHtml(money(w.lowestCashCents))}</title></rect>`,
      `<line x1="${x.toFixed(1)}" x2="${(x + bar).toFixed(1)}" y1="${y(w.lowestCashCents).toFixed(1)}" y2="${y(w.lowestCashCents).toFixed(1)}" class="lowest"/>`
    )
    if (i % 2 === 0) {
      parts.push(
        `<text x="${(x + bar / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" class="axis">${formatDay(w.weekStart, false)}</text>`
      )
    }
  })
  parts.push(
    `<line x1="${left}" x2="${W - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="zero"/>`
  )
  if (minCashCents > 0)
    parts.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(minCashCents).toFixed(1)}" y2="${y(minCashCents).toFixed(1)}" class="min"/>`
    )
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Closing cash for each of the next ${weeks.length} weeks" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`
}

/** The styles every report shares: print (A4 or Letter), screen and phone. */
export function reportCss(pageSize: PageSize): string {
  return `
@page { size: ${pageSize === 'A4' ? 'A4' : 'letter'}; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2433; background: #fff; }
.page { max-width: 820px; margin: 0 auto; padding: 24px 20px 32px; }
header.brand { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; border-bottom: 2px solid #1d2433; padding-bottom: 12px; margin-bottom: 18px; }
.firm { display: flex; align-items: center; gap: 10px; font-weight: 600; font-size: 15px; }
.firm img { max-height: 44px; max-width: 160px; }
.title { text-align: right; }
.title h1 { font-size: 20px; margin: 0; }
.title .week { color: #555f73; }
.headline { display: grid; grid-template-columns: 1.3fr 1fr 1fr; gap: 12px; margin-bottom: 18px; }
.card { border: 1px solid #d6dae3; border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
.card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #555f73; }
.card .big { font-size: 28px; font-weight: 700; line-height: 1.15; margin: 2px 0; }
.card .sub { color: #394256; }
.pill { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; }
.pill.critical { background: #fde2e1; color: #9b1c17; }
.pill.warning { background: #fff1cc; color: #7a4d00; }
.pill.healthy { background: #ddf3e4; color: #17643a; }
.pill.excellent { background: #dcecff; color: #174a8c; }
section { margin: 0 0 18px; break-inside: avoid-page; }
h2 { font-size: 16px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d6dae3; }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: #e6e9ef; stroke-width: 1; }
.chart .zero { stroke: #1d2433; stroke-width: 1.2; }
.chart .min { stroke: #b7791f; stroke-width: 1.2; stroke-dasharray: 5 4; }
.chart .axis { font-size: 11px; fill: #555f73; }
.chart .pos { fill: #4f7cc4; }
.chart .low { fill: #d69e2e; }
.chart .neg { fill: #c53030; }
.chart .lowest { stroke: #1d2433; stroke-width: 1.5; }
.legend { font-size: 12px; color: #555f73; margin-top: 4px; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { padding: 5px 8px; text-align: left; border-bottom: 1px solid #eceef3; vertical-align: top; }
th { font-size: 12px; color: #555f73; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
.neg-text { color: #9b1c17; }
ul.plain { margin: 0; padding-left: 18px; }
.note { background: #f6f7f9; border-left: 3px solid #b7791f; padding: 8px 12px; margin-bottom: 14px; }
footer { margin-top: 22px; padding-top: 8px; border-top: 1px solid #d6dae3; font-size: 12px; color: #555f73; }
.empty { color: #555f73; }
@media (max-width: 600px) {
  .page { padding: 14px 12px 24px; }
  header.brand { flex-direction: column; }
  .title { text-align: left; }
  .headline { grid-template-columns: 1fr; }
  .card .big { font-size: 24px; }
  table { font-size: 12px; }
  th, td { padding: 4px 6px; }
}
@media print {
  .page { max-width: none; padding: 0; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`
}

export function brandHeader(brand: Branding, title: string, subtitle: string): string {
  const logo = brand.firmLogo ? `<img src="${escapeHtml(brand.firmLogo)}" alt="">` : ''
  return `<header class="brand"><div class="firm">${logo}<span>${escapeHtml(brand.firmName)}</span></div><div class="title"><h1>${escapeHtml(title)}</h1><div class="week">${escapeHtml(subtitle)}</div></div></header>`
}

export function page(title: string, pageSize: PageSize, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${reportCss(pageSize)}</style></head><body><div class="page">${body}</div></body></html>`
}

const weekRange = (view: DigestView): string =>
  `Week of ${longDate(view.weekStart)} – ${longDate(view.weekEnd)}`

/** The client-ready report of one company's week. */
export function digestHtml(view: DigestView, brand: Branding, pageSize: PageSize = 'A4'): string {
  const cur = view.homeCurrency ?? 'USD'
  const m = (cents: number): string => money(cents, cur)
  const h = view.headline
  const parts: string[] = []
  parts.push(brandHeader(brand, view.companyName, `Weekly cash report · ${weekRange(view)}`))
  if (view.stale)
    parts.push(
      `<div class="note">These figures are from the last complete sync with QuickBooks; the sync after it did not finish (${escapeHtml(view.stale.reason)}).</div>`
    )
  if (view.madeLate)
    parts.push(
      `<div class="note">Made on ${escapeHtml(longDate(view.madeLate.on))}, after the week ended: the figures are those of that day.</div>`
    )
  const change =
    h.changeDays === null
      ? ''
      : h.changeDays === 0
        ? 'No change since last week'
        : `${signedDays(h.changeDays)} since last week`
  parts.push(`<div class="headline">
<div class="card" data-part="runway"><div class="label">Cash runway</div><div class="big">${escapeHtml(headlineOf(view))}</div><div class="sub">${escapeHtml(cashZeroSentence(view))}</div><div class="sub"><span class="pill ${h.status}">${STATUS_WORDS[h.status]}</span> ${escapeHtml(change)}</div></div>
<div class="card"><div class="label">Cash today</div><div class="big">${escapeHtml(m(h.cashCents))}</div><div class="sub">${h.availableCashCents !== h.cashCents ? `${escapeHtml(m(h.availableCashCents))} available after reserves` : 'All of it available'}</div>${h.cashChangeCents !== null ? `<div class="sub">${h.cashChangeCents >= 0 ? '+' : '−'}${escapeHtml(m(Math.abs(h.cashChangeCents)))} on last week</div>` : ''}</div>
<div class="card"><div class="label">If sales stopped</div><div class="big">${h.simpleRunwayDays === null ? '—' : escapeHtml(`${h.simpleRunwayDays} days`)}</div><div class="sub">Cash and what is owed both ways, at the recent spending</div></div>
</div>`)

  if (view.forecast && view.forecast.length > 0) {
    const weeks = view.forecast
    parts.push(
      `<section data-part="chart"><h2>The next ${weeks.length} weeks</h2>${forecastChartSvg(weeks, view.minCashCents ?? 0)}<div class="legend">Bars: cash at the end of each week; the line across each bar: its lowest point${(view.minCashCents ?? 0) > 0 ? `; dashed: the ${escapeHtml(m(view.minCashCents ?? 0))} minimum` : ''}.</div></section>`
    )
    const rows = weeks
      .map(
        (w) =>
          `<tr><td>${escapeHtml(longDate(w.weekStart))}</td><td class="num">${escapeHtml(m(w.inflowCents))}</td><td class="num">${escapeHtml(m(w.outflowCents))}</td><td class="num${w.endingCashCents < 0 ? ' neg-text' : ''}">${escapeHtml(m(w.endingCashCents))}</td><td class="num${w.lowestCashCents < 0 ? ' neg-text' : ''}">${escapeHtml(m(w.lowestCashCents))}</td></tr>`
      )
      .join('')
    parts.push(
      `<section data-part="weekly-table"><h2>Week by week</h2><div class="table-wrap"><table><thead><tr><th>Week of</th><th class="num">Money in</th><th class="num">Money out</th><th class="num">Closing cash</th><th class="num">Lowest point</th></tr></thead><tbody>${rows}</tbody></table></div></section>`
    )
  }

  const causes = view.causes?.causes.filter((c) => c.days !== 0 || c.amountCents !== null) ?? []
  const changed = [
    ...view.variance.map((v) => `<li>${escapeHtml(v)}</li>`),
    ...(view.week.newBills.count > 0
      ? [
          `<li>${view.week.newBills.count} new bill${view.week.newBills.count === 1 ? '' : 's'} entered (${escapeHtml(m(view.week.newBills.totalCents))})</li>`
        ]
      : []),
    ...(view.week.paymentsReceived.count > 0
      ? [
          `<li>${view.week.paymentsReceived.count} payment${view.week.paymentsReceived.count === 1 ? '' : 's'} received (${escapeHtml(m(view.week.paymentsReceived.totalCents))})</li>`
        ]
      : []),
    ...(view.week.billsPaid.count > 0
      ? [
          `<li>${view.week.billsPaid.count} bill payment${view.week.billsPaid.count === 1 ? '' : 's'} made (${escapeHtml(m(view.week.billsPaid.totalCents))})</li>`
        ]
      : [])
  ]
  const causeRows = causes
    .map(
      (c) =>
        `<tr data-cause="${c.kind}"><td>${escapeHtml(c.label)}${c.examples.length > 0 ? `<div class="legend">${escapeHtml(c.examples.map((e) => `${e.label} ${m(Math.abs(e.cents))}`).join(', '))}</div>` : ''}</td><td>${escapeHtml(causePhrase(c))}</td><td class="num">${escapeHtml(signedDays(c.days))}</td></tr>`
    )
    .join('')
  const causeTable =
    view.causes && causes.length > 0
      ? `<div class="table-wrap"><table><thead><tr><th>Why it moved</th><th>What happened</th><th class="num">Runway</th></tr></thead><tbody>${causeRows}<tr><th colspan="2">Change since ${escapeHtml(longDate(view.causes.from))}</th><th class="num">${escapeHtml(signedDays(view.causes.changeDays))}</th></tr></tbody></table></div>`
      : ''
  parts.push(
    `<section data-part="changes"><h2>What changed and why</h2>${changed.length > 0 ? `<ul class="plain">${changed.join('')}</ul>` : '<p class="empty">Nothing moved the runway this week.</p>'}${causeTable}</section>`
  )

  parts.push(
    `<section data-part="bills"><h2>Bills to pay</h2>${
      view.mustPay.length > 0
        ? `<div class="table-wrap"><table><thead><tr><th>Vendor</th><th>Due</th><th class="num">Amount</th><th>Why now</th></tr></thead><tbody>${view.mustPay
            .map(
              (b) =>
                `<tr><td>${escapeHtml(b.vendorName)}</td><td>${b.dueDate ? escapeHtml(longDate(b.dueDate)) : 'No due date'}</td><td class="num">${escapeHtml(m(b.balanceCents))}</td><td>${escapeHtml(b.reasons.join('; '))}</td></tr>`
            )
            .join('')}</tbody></table></div>`
        : '<p class="empty">No bill has to be paid now.</p>'
    }</section>`
  )
  parts.push(
    `<section data-part="invoices"><h2>Invoices to chase</h2>${
      view.toChase.length > 0
        ? `<div class="table-wrap"><table><thead><tr><th>Customer</th><th class="num">Days late</th><th class="num">Amount</th><th>Next step</th></tr></thead><tbody>${view.toChase
            .map(
              (i) =>
                `<tr><td>${escapeHtml(i.customerName)}</td><td class="num">${i.daysOverdue}</td><td class="num">${escapeHtml(m(i.balanceCents))}</td><td>${escapeHtml(stageWords(i.stage))}</td></tr>`
            )
            .join('')}</tbody></table></div>`
        : '<p class="empty">No invoice is overdue.</p>'
    }</section>`
  )
  const fixes = view.hygieneFixes ?? []
  parts.push(
    `<section data-part="hygiene"><h2>Fixes to the books</h2>${
      fixes.length > 0
        ? `<ul class="plain">${fixes
            .map(
              (f) =>
                `<li><strong>${escapeHtml(f.title)}</strong> (${f.count}): ${escapeHtml(f.fix)} — about ${f.errorDays.toFixed(1)} days of forecast accuracy</li>`
            )
            .join('')}</ul>`
        : `<p class="empty">Books hygiene score ${view.hygieneScore}/100${view.hygieneFixes ? ': nothing to fix.' : '.'}</p>`
    }</section>`
  )
  parts.push(
    `<footer>Prepared by ${escapeHtml(brand.firmName)} from ${escapeHtml(view.companyName)}’s QuickBooks Online books, made ${escapeHtml(longDate(view.generatedAt))}. The runway is the days until the 13-week cash forecast first goes below zero.</footer>`
  )
  return page(`${view.companyName} — ${weekRange(view)}`, pageSize, parts.join('\n'))
}

export function stageWords(stage: string): string {
  switch (stage) {
    case 'gentle':
      return 'Gentle reminder'
    case 'firm':
      return 'Firm reminder'
    case 'final':
      return 'Final notice'
    case 'hand-off':
      return 'Call, or hand to collections'
    default:
      return stage
  }
}

/** The same report as plain text: the email's text part. */
export function digestText(view: DigestView, brand: Branding): string {
  const cur = view.homeCurrency ?? 'USD'
  const m = (cents: number): string => money(cents, cur)
  const lines = [
    `${view.companyName}: weekly cash report`,
    weekRange(view),
    '',
    `Cash runway: ${headlineOf(view)}. ${cashZeroSentence(view)}`,
    `Cash today: ${m(view.headline.cashCents)}`,
    ...(view.headline.changeDays !== null
      ? [`Since last week: ${signedDays(view.headline.changeDays)}`]
      : []),
    ''
  ]
  if (view.variance.length > 0) lines.push('What changed and why:', ...view.variance.map((v) => `- ${v}`), '')
  if (view.mustPay.length > 0)
    lines.push(
      'Bills to pay:',
      ...view.mustPay.map(
        (b) => `- ${b.vendorName}: ${m(b.balanceCents)}${b.dueDate ? `, due ${longDate(b.dueDate)}` : ''}`
      ),
      ''
    )
  if (view.toChase.length > 0)
    lines.push(
      'Invoices to chase:',
      ...view.toChase.map((i) => `- ${i.customerName}: ${m(i.balanceCents)}, ${i.daysOverdue} days late`),
      ''
    )
  for (const f of view.hygieneFixes ?? []) lines.push(`Fix: ${f.title} (${f.count}): ${f.fix}`)
  lines.push('', `Prepared by ${brand.firmName}. The full report is attached as a PDF.`)
  return lines.join('\n')
}
