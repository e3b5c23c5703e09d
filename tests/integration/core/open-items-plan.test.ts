// The runway reads a company's open bills and invoices through the partial indexes of open items
// (balance not zero): without them a large company's read walks every invoice it ever sent.

import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import { openItemsPlan } from '../../../src/main/core/db/books-reader'
import { openDataFolder } from '../../helpers/data-folder'
import { tempDir } from '../../helpers/temp'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('the open items', () => {
  it('are read from the open-items indexes, not by walking the company', async () => {
    const core = await createCore({ dataDir: tmp.dir, host: 'cli', serve: false })
    await core.stop()
    const db = openDataFolder(tmp.dir, { readonly: true })
    try {
      const plan = openItemsPlan(db)
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH b USING INDEX qbo_bills_open/))
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH i USING INDEX qbo_invoices_open/))
    } finally {
      db.close()
    }
  })
})
