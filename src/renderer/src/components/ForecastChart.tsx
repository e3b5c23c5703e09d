// The 13-week forecast as inline SVG: ending cash per week (bars), or two lines when a scenario is
// compared with the base. Weeks that dip below zero at any point are red; the minimum-cash floor is
// a dashed line, so "when do we cross it" is visible at a glance.

import { useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { ForecastWeekView } from '../../../shared/runway'
import { dayShort, money, moneyCompact } from '../lib/format'

interface Props {
  weeks: ForecastWeekView[]
  /** When given, both forecasts are drawn as lines: `weeks` as the base, this as the scenario. */
  scenario?: ForecastWeekView[]
  minCashCents: number
  currency: string
  height?: number
  label: string
}

const M = { top: 16, right: 16, bottom: 34, left: 64 }

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

export function ForecastChart({ weeks, scenario, minCashCents, currency, height = 240, label }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const [hover, setHover] = useState<number | null>(null)
  if (weeks.length === 0) {
    return <p className="muted">No forecast yet: the company has not been synced.</p>
  }
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
  const linePath = (ws: ForecastWeekView[]) =>
    ws
      .map(
        (w, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + band / 2).toFixed(1)},${y(w.endingCashCents).toFixed(1)}`
      )
      .join(' ')

  const hovered = hover === null ? null : weeks[hover]
  const hoveredScenario = hover === null || !scenario ? null : scenario[hover]

  return (
    <div className="chart" ref={ref} data-testid="forecast-chart">
      <svg width={width} height={height} role="img" aria-label={label}>
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
        {minCashCents > 0 ? (
          <g>
            <line
              x1={M.left}
              x2={M.left + plotW}
              y1={y(minCashCents)}
              y2={y(minCashCents)}
              className="chart-min"
            />
            <text x={M.left + plotW - 4} y={y(minCashCents) - 5} className="chart-min-label" textAnchor="end">
              Minimum cash {moneyCompact(minCashCents, currency)}
            </text>
          </g>
        ) : null}
        {weeks.map((w, i) => {
          const below = w.lowestCashCents < 0 || w.endingCashCents < 0
          const underMin = !below && minCashCents > 0 && w.lowestCashCents < minCashCents
          const top = y(Math.max(0, w.endingCashCents))
          const bottom = y(Math.min(0, w.endingCashCents))
          const barW = Math.max(4, band * 0.62)
          return (
            <g
              key={w.weekStart}
              data-testid="forecast-week"
              data-below-zero={below ? 'true' : 'false'}
              onMouseEnter={() => setHover(i)}
              onMouseLeave={() => setHover(null)}
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
                    className={below ? 'bar bar-bad' : underMin ? 'bar bar-warn' : 'bar'}
                  />
                  {w.lowestCashCents < w.endingCashCents ? (
                    <line
                      x1={x(i) + (band - barW) / 2 - 2}
                      x2={x(i) + (band + barW) / 2 + 2}
                      y1={y(w.lowestCashCents)}
                      y2={y(w.lowestCashCents)}
                      className={w.lowestCashCents < 0 ? 'chart-low chart-low-bad' : 'chart-low'}
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
                className={w.lowestCashCents < 0 ? 'chart-point chart-point-bad' : 'chart-point'}
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
          style={{ left: Math.min(Math.max(x(hover) + band / 2, 110), width - 110), top: 4 }}
          role="tooltip"
        >
          <strong>Week of {dayShort(hovered.weekStart)}</strong>
          {hoveredScenario ? (
            <>
              <span>Base ending: {money(hovered.endingCashCents, currency)}</span>
              <span>Scenario ending: {money(hoveredScenario.endingCashCents, currency)}</span>
            </>
          ) : (
            <>
              <span>
                In {money(hovered.inflowCents, currency)} · Out {money(hovered.outflowCents, currency)}
              </span>
              <span>Ending {money(hovered.endingCashCents, currency)}</span>
              <span className={hovered.lowestCashCents < 0 ? 'tone-bad' : ''}>
                Lowest {money(hovered.lowestCashCents, currency)}
              </span>
            </>
          )}
        </div>
      ) : null}
      <div className="chart-legend" aria-hidden="true">
        {compare ? (
          <>
            <span>
              <i className="key key-line-base" /> Base
            </span>
            <span>
              <i className="key key-line-scenario" /> Scenario
            </span>
          </>
        ) : (
          <>
            <span>
              <i className="key key-bar" /> Ending cash
            </span>
            <span>
              <i className="key key-low" /> Lowest point in week
            </span>
            <span>
              <i className="key key-bad" /> Below zero
            </span>
          </>
        )}
        {minCashCents > 0 ? (
          <span>
            <i className="key key-min" /> Minimum cash
          </span>
        ) : null}
      </div>
    </div>
  )
}
