// A what-if evaluated by the core as its inputs change: pay and delay dialogs preview their runway
// effect with it, the Scenarios tab builds on it.

import { useEffect, useState } from 'react'
import type { ScenarioChange } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import type { ScenarioView } from '../../../shared/runway'
import { call } from './api'
import { toErrorValue } from './errors'

export interface ScenarioState {
  /** The latest answer; kept while a newer question is evaluated, so the screen never blanks. */
  view: ScenarioView | null
  loading: boolean
  error: ErrorValue | null
}

interface Answer {
  key: string
  view: ScenarioView | null
  error: ErrorValue | null
}

export function useScenario(
  companyId: string,
  changes: ScenarioChange[] | null,
  delayMs = 200
): ScenarioState {
  const [answer, setAnswer] = useState<Answer | null>(null)
  // Changes arrive as a fresh array each render; their JSON is what identifies the question.
  const key = changes === null ? null : `${companyId}|${JSON.stringify(changes)}`
  useEffect(() => {
    if (key === null) return
    let cancelled = false
    const input = JSON.parse(key.slice(key.indexOf('|') + 1)) as ScenarioChange[]
    const timer = setTimeout(() => {
      call('scenarios.evaluate', { companyId, changes: input })
        .then((view) => {
          if (!cancelled) setAnswer({ key, view, error: null })
        })
        .catch((error: unknown) => {
          if (!cancelled) setAnswer((a) => ({ key, view: a?.view ?? null, error: toErrorValue(error) }))
        })
    }, delayMs)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [companyId, key, delayMs])
  return {
    view: answer?.view ?? null,
    loading: key !== null && answer?.key !== key,
    error: answer?.key === key ? answer.error : null
  }
}
