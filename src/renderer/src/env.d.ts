import type { RunwayBridge } from '../../shared/contract'

declare global {
  interface Window {
    runway: RunwayBridge
  }
}

export {}
