// A what-if evaluated by the core as its inputs change: pay and delay dialogs preview their runway
// effect with it, the Scenarios tab builds on it.

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { ScenarioChange } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import type { ScenarioView } from '../../../shared/views'
import { queries } from './queries'

export interface ScenarioState {
  /** The latest answer; kept while a newer question is evaluated, so the screen never blanks. */
  view: ScenarioView | null
  loading: boolean
  error: ErrorValue | null
}

/** `value`, once it has stopped changing for `ms`: a date being typed is asked about once. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

export function useScenario(
  companyId: string,
  changes: ScenarioChange[] | null,
  delayMs = 200
): ScenarioState {
  // Changes arrive as a fresh array each render; their JSON is what identifies the question.
  const question = changes === null ? null : JSON.stringify(changes)
  const asked = useSettled(question, delayMs)
  const answer = useQuery({
    ...queries.scenario(companyId, asked ?? '[]'),
    enabled: asked !== null,
    placeholderData: keepPreviousData
  })
  const current = question !== null && asked === question
  return {
    view: answer.data ?? null,
    loading: question !== null && (!current || answer.isFetching),
    error: current ? (answer.error?.value ?? null) : null
  }
}
