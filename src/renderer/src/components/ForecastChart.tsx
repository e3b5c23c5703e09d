// The 13-week forecast as inline SVG: closing cash per week (bars), or two lines when a scenario is
// compared with the base. A bar's colour says where the week ENDS (below zero, below the minimum,
// fine); a week that only dips below zero on its way is a normal bar with a red tick at its lowest
// point, because painting it red would say "below zero" of a week that ends with money in the bank.
// Labels never sit inside the plot, where a bar could run into them: the minimum's is in the right
// margin, the cash-zero marker's in the top one.

import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react'
import type { ForecastWeekView } from '../../../shared/views'
import { day, dayShort, daysBetween, money, moneyCompact, moneyWhole } from '../lib/format'
import type { WeekMovers } from '../lib/forecast-table'

interface Props {
  weeks: ForecastWeekView[]
  /** When given, both forecasts are drawn as lines: `weeks` as the base, this as the scenario. */
  scenario?: ForecastWeekView[]
  minCashCents: number
  currency: string
  /** The first day the forecast goes below zero: a marker on that day. */
  cashZeroDate?: string | null
  /** Per week, what moved it most: named in the tooltip. */
  movers?: WeekMovers[]
  height?: number
  label: string
}

type Tone = 'bad' | 'warn' | 'ok'

/** What a bar's colour says: where the week closes. */
export function closingTone(week: ForecastWeekView, minCashCents: number): Tone {
  if (week.endingCashCents < 0) return 'bad'
  if (minCashCents > 0 && week.endingCashCents < minCashCents) return 'warn'
  return 'ok'
}

function niceStep(range: number, ticks: number): number {
  const raw = range / Math.max(1, ticks)
  const pow = 10 ** Math.floor(Math.log10(raw))
  const unit = [1, 2, 2.5, 5, 10].find((n) => n * pow >= raw) ?? 10
  return unit * pow
}

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(720)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width))
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return [ref, width]
}

export function ForecastChart({
  weeks,
  scenario,
  minCashCents,
  currency,
  cashZeroDate,
  movers,
  height = 260,
  label
}: Props) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const [hover, setHover] = useState<number | null>(null)
  if (weeks.length === 0) {
    return <p className="muted">No forecast yet: the company has not been synced.</p>
  }
  const hasMin = minCashCents > 0
  const M = { top: 30, right: hasMin ? 76 : 16, bottom: 30, left: 64 }
  const all = [...weeks, ...(scenario ?? [])]
  const values = all.flatMap((w) => [w.endingCashCents, w.lowestCashCents])
  const lo = Math.min(0, minCashCents, ...values)
  const hi = Math.max(0, minCashCents, ...values)
  const step = niceStep(hi - lo || 100_00, 4)
  const yMin = Math.floor(lo / step) * step
  const yMax = Math.ceil(hi / step) * step || step
  const plotW = Math.max(120, width - M.left - M.right)
  const plotH = height - M.top - M.bottom
  const y = (v: number) => M.top + ((yMax - v) / (yMax - yMin)) * plotH
  const band = plotW / weeks.length
  const x = (i: number) => M.left + i * band
  const ticks: number[] = []
  for (let v = yMin; v <= yMax + step / 2; v += step) ticks.push(v)
  const labelEvery = band < 44 ? 2 : 1
  const compare = scenario !== undefined
  const barW = Math.max(4, band * 0.62)
  const linePath = (ws: ForecastWeekView[]) =>
    ws
      .map(
        (w, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + band / 2).toFixed(1)},${y(w.endingCashCents).toFixed(1)}`
      )
      .join(' ')

  // The cash-zero day, placed within its week's band (a week is seven days wide).
  const zeroDay = cashZeroDate ? daysBetween(weeks[0]!.weekStart, cashZeroDate) : null
  const zeroX =
    zeroDay !== null && zeroDay >= 0 && zeroDay < weeks.length * 7
      ? M.left + ((zeroDay + 0.5) / 7) * band
      : null
  const zeroLabel = cashZeroDate ? `Cash runs out ${dayShort(cashZeroDate)}` : ''
  // Keep the marker's label inside the chart: centred on the line, pushed in at either edge.
  const zeroLabelHalf = zeroLabel.length * 3.4
  const zeroLabelX =
    zeroX === null ? 0 : Math.min(Math.max(zeroX, M.left + zeroLabelHalf), M.left + plotW - zeroLabelHalf)

  const tones = weeks.map((w) => closingTone(w, minCashCents))
  // A tick's colour needs its key only when a week shows it.
  const dips = weeks.some((w, i) => tones[i] !== 'bad' && w.lowestCashCents < 0)
  const dipsUnderMin =
    hasMin &&
    weeks.some((w, i) => tones[i] === 'ok' && w.lowestCashCents >= 0 && w.lowestCashCents < minCashCents)
  const hovered = hover === null ? null : weeks[hover]
  const hoveredScenario = hover === null || !scenario ? null : scenario[hover]

  return (
    <div className="chart" ref={ref} data-testid="forecast-chart">
      <svg width={width} height={height} role="group" aria-label={label}>
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={M.left}
              x2={M.left + plotW}
              y1={y(t)}
              y2={y(t)}
              className={t === 0 ? 'chart-zero' : 'chart-grid'}
            />
            <text x={M.left - 8} y={y(t)} className="chart-axis" textAnchor="end" dominantBaseline="middle">
              {moneyCompact(t, currency)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const tone = tones[i]!
          const top = y(Math.max(0, w.endingCashCents))
          const bottom = y(Math.min(0, w.endingCashCents))
          const dipTone =
            w.lowestCashCents < 0 ? 'bad' : hasMin && w.lowestCashCents < minCashCents ? 'warn' : 'ok'
          return (
            <g
              key={w.weekStart}
              data-testid="forecast-week"
              data-tone={tone}
              data-below-zero={w.lowestCashCents < 0 || w.endingCashCents < 0 ? 'true' : 'false'}
              tabIndex={0}
              role="img"
              aria-label={`Week of ${day(w.weekStart)}: closing ${money(w.endingCashCents, currency)}`}
              onMouseEnter={() => setHover(i)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover(i)}
              onBlur={() => setHover(null)}
            >
              <rect
                x={x(i)}
                y={M.top}
                width={band}
                height={plotH}
                className={hover === i ? 'chart-hover' : 'chart-hit'}
              />
              {compare ? null : (
                <>
                  <rect
                    x={x(i) + (band - barW) / 2}
                    y={top}
                    width={barW}
                    height={Math.max(1, bottom - top)}
                    rx={3}
                    className={`bar bar-${tone}`}
                  />
                  {w.lowestCashCents < w.endingCashCents ? (
                    <line
                      x1={x(i) + (band - barW) / 2 - 3}
                      x2={x(i) + (band + barW) / 2 + 3}
                      y1={y(w.lowestCashCents)}
                      y2={y(w.lowestCashCents)}
                      className={`chart-low chart-low-${dipTone}`}
                      data-testid="week-lowest"
                    />
                  ) : null}
                </>
              )}
              {i % labelEvery === 0 ? (
                <text x={x(i) + band / 2} y={M.top + plotH + 18} className="chart-axis" textAnchor="middle">
                  {dayShort(w.weekStart)}
                </text>
              ) : null}
            </g>
          )
        })}
        {hasMin ? (
          <g data-testid="chart-min-line">
            <line
              x1={M.left}
              x2={M.left + plotW}
              y1={y(minCashCents)}
              y2={y(minCashCents)}
              className="chart-min"
            />
            <text x={M.left + plotW + 6} y={y(minCashCents) - 2} className="chart-min-label">
              Minimum
            </text>
            <text x={M.left + plotW + 6} y={y(minCashCents) + 11} className="chart-min-label">
              {moneyCompact(minCashCents, currency)}
            </text>
          </g>
        ) : null}
        {zeroX !== null ? (
          // A marker, not a target: the week beneath it still answers the pointer (its tooltip).
          <g data-testid="chart-cash-zero" data-date={cashZeroDate} pointerEvents="none">
            <line x1={zeroX} x2={zeroX} y1={M.top - 6} y2={M.top + plotH} className="chart-cash-zero" />
            <circle cx={zeroX} cy={y(0)} r={3.5} className="chart-cash-zero-dot" />
            <text x={zeroLabelX} y={M.top - 12} className="chart-cash-zero-label" textAnchor="middle">
              {zeroLabel}
            </text>
          </g>
        ) : null}
        {compare ? (
          <>
            <path d={linePath(weeks)} className="chart-line chart-line-base" />
            <path d={linePath(scenario)} className="chart-line chart-line-scenario" />
            {scenario.map((w, i) => (
              <circle
                key={w.weekStart}
                cx={x(i) + band / 2}
                cy={y(w.endingCashCents)}
                r={3.5}
                className={w.endingCashCents < 0 ? 'chart-point chart-point-bad' : 'chart-point'}
              />
            ))}
            {weeks.map((w, i) => (
              <circle
                key={w.weekStart}
                cx={x(i) + band / 2}
                cy={y(w.endingCashCents)}
                r={2.5}
                className="chart-point-base"
              />
            ))}
          </>
        ) : null}
      </svg>
      {hovered && hover !== null ? (
        <div
          className="chart-tip"
          style={{ left: Math.min(Math.max(x(hover) + band / 2, 160), width - 160), top: M.top }}
          role="tooltip"
          data-testid="chart-tip"
        >
          <strong>
            Week of {dayShort(hovered.weekStart)} – {dayShort(hovered.weekEnd)}
          </strong>
          {hoveredScenario ? (
            <>
              <TipRow label="Base closing" value={moneyWhole(hovered.endingCashCents, currency)} />
              <TipRow
                label="Scenario closing"
                value={moneyWhole(hoveredScenario.endingCashCents, currency)}
              />
            </>
          ) : (
            <>
              <TipRow label="Money in" value={moneyWhole(hovered.inflowCents, currency)} strong />
              {movers?.[hover] ? (
                <Movers
                  list={movers[hover].inflows.map((m) => ({ ...m, group: null }))}
                  more={movers[hover].moreIn}
                  currency={currency}
                />
              ) : null}
              <TipRow label="Money out" value={moneyWhole(hovered.outflowCents, currency)} strong />
              {movers?.[hover] ? (
                <Movers list={movers[hover].outflows} more={movers[hover].moreOut} currency={currency} />
              ) : null}
              <TipRow
                label="Closing cash"
                value={moneyWhole(hovered.endingCashCents, currency)}
                strong
                tone={tones[hover] === 'bad' ? 'bad' : undefined}
              />
              <TipRow
                label="Lowest point"
                value={moneyWhole(hovered.lowestCashCents, currency)}
                tone={hovered.lowestCashCents < 0 ? 'bad' : undefined}
              />
            </>
          )}
        </div>
      ) : null}
      <div className="chart-legend" data-testid="chart-legend">
        {compare ? (
          <>
            <Key className="key-line-base">Base</Key>
            <Key className="key-line-scenario">Scenario</Key>
          </>
        ) : (
          <>
            <Key className="key-bar">Closing cash</Key>
            {hasMin ? <Key className="key-warn">Closes below the minimum</Key> : null}
            <Key className="key-bad">Closes below zero</Key>
            <Key className="key-low">Lowest point in the week</Key>
            {dipsUnderMin ? <Key className="key-low-warn">Dips below the minimum within the week</Key> : null}
            {dips ? <Key className="key-low-bad">Dips below zero within the week</Key> : null}
          </>
        )}
        {hasMin ? <Key className="key-min">Minimum cash</Key> : null}
        {zeroX !== null ? <Key className="key-cash-zero">Cash runs out</Key> : null}
      </div>
    </div>
  )
}

function Key({ className, children }: { className: string; children: ReactNode }) {
  return (
    <span>
      <i className={`key ${className}`} aria-hidden="true" /> {children}
    </span>
  )
}

function TipRow({
  label,
  value,
  strong,
  tone
}: {
  label: string
  value: string
  strong?: boolean
  tone?: 'bad'
}) {
  return (
    <span className={`chart-tip-row ${strong ? 'chart-tip-strong' : ''} ${tone === 'bad' ? 'tone-bad' : ''}`}>
      <span>{label}</span>
      <span className="amount">{value}</span>
    </span>
  )
}

function Movers({ list, more, currency }: { list: WeekMovers['inflows']; more: number; currency: string }) {
  if (list.length === 0) return null
  return (
    <span className="chart-tip-movers">
      {list.map((m) => (
        <span key={`${m.group ?? ''}|${m.label}`} className="chart-tip-row">
          <span className="chart-tip-name">
            {m.label}
            {m.group ? <span className="chart-tip-group"> · {m.group}</span> : null}
          </span>
          <span className="amount">{moneyWhole(m.amountCents, currency)}</span>
        </span>
      ))}
      {more > 0 ? <span className="chart-tip-more">and {more} more</span> : null}
    </span>
  )
}
