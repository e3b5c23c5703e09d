import { describe, expect, it } from 'vitest'
import { parseRecordText } from '../../../src/main/core/qbo/entities'

describe('a record that is not JSON', () => {
  it('is skipped under its own Id, not the Id of a line that comes before it', () => {
    const text = `{"VendorRef":{"value":"45"},"Line":[{"Id":"1","Amount":10,"Note":"a \\"quoted\\" {x}"}],"Balance":oops,"Id":"1608","SyncToken":"0"}`
    expect(parseRecordText('Bill', text)).toEqual({
      skipped: { entity: 'Bill', id: '1608', problem: 'not JSON' }
    })
    expect(parseRecordText('Bill', '{"Line":[{"Id":"1"}],"Balance":oops}')).toEqual({
      skipped: { entity: 'Bill', id: null, problem: 'not JSON' }
    })
  })
})
