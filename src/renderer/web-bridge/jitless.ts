// Imported before the contract: zod's schemas otherwise probe for eval (`new Function("")`) to
// compile fast parsers, which the page's CSP (script-src 'self', no unsafe-eval) reports as a
// violation. The bridge parses little; the interpreted path costs nothing it would notice.
import { config } from 'zod'

config({ jitless: true })
