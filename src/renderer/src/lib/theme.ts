// The theme setting on the page: "system" leaves the colour scheme to the operating system
// (styles/tokens.css follows prefers-color-scheme), light or dark pin it with data-theme on <html>.

import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Settings } from '../../../shared/contract'
import { queries } from './queries'

export function applyTheme(theme: Settings['theme'], root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', theme)
}

/** Keeps the page's theme on the setting (settings.changed updates the query from any window). */
export function useThemeSetting(): void {
  const settings = useQuery(queries.settings)
  const theme = settings.data?.theme
  useEffect(() => {
    if (theme) applyTheme(theme)
  }, [theme])
}
