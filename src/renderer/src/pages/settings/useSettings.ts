// The settings every section edits: read once (settings.changed keeps the query current) and saved
// in part, one section at a time, so saving the digest's day never resends the reminder templates.

import { useMutation, useQuery } from '@tanstack/react-query'
import type { Settings } from '../../../../shared/contract'
import type { ErrorValue } from '../../../../shared/errors'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { queries, queryClient } from '../../lib/queries'
import { notify } from '../../stores/notices'

export function useSettings() {
  const settings = useQuery(queries.settings)
  const save = useMutation<Settings, ErrorValue, Partial<Settings>>({
    mutationFn: async (patch) => {
      try {
        return await call('settings.set', patch)
      } catch (error) {
        throw toErrorValue(error)
      }
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(queries.settings.queryKey, saved)
      notify({ tone: 'success', text: 'Settings saved' }, 3000)
    }
  })
  return { settings, save }
}
