// Migrations are imported statically: a bundler does not follow readdir. Forward only; Kysely's
// Migrator records them in kysely_migration and refuses to run when an applied one is unknown.
// Since 016 the QBO cache is a file of its own, attached as `cache` (db/data-files.ts): a new table
// of it is created as `cache.<name>`, an index on it as `create index cache.<index> on <table>`;
// a table without the prefix lands in the user file, which is never rebuilt.
import type { Migration } from 'kysely'
import * as m001 from './001-initial'
import * as m002 from './002-company-connections'
import * as m003 from './003-qbo-cache'
import * as m004 from './004-decisions'
import * as m005 from './005-digests'
import * as m006 from './006-portfolio-rows'
import * as m007 from './007-home-unapplied'
import * as m008 from './008-live-actions'
import * as m009 from './009-one-runway'
import * as m010 from './010-expectations'
import * as m012 from './012-payment-plans'
import * as m013 from './013-clients'
import * as m014 from './014-sync-runs'
import * as m015 from './015-digest-delivery'
import * as m016 from './016-user-state-apart'
import * as m017 from './017-known-deletions'
import * as m018 from './018-firm'
import * as m020b from './020b-portfolio-order'
import * as m021 from './021-firm-audit'
import * as m021b from './021b-reminder-sender'
import * as m021c from './021c-decision-times'

export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-company-connections': m002,
  '003-qbo-cache': m003,
  '004-decisions': m004,
  '005-digests': m005,
  '006-portfolio-rows': m006,
  '007-home-unapplied': m007,
  '008-live-actions': m008,
  '009-one-runway': m009,
  '010-expectations': m010,
  '012-payment-plans': m012,
  '013-clients': m013,
  '014-sync-runs': m014,
  '015-digest-delivery': m015,
  '016-user-state-apart': m016,
  '017-known-deletions': m017,
  '018-firm': m018,
  '020b-portfolio-order': m020b,
  '021-firm-audit': m021,
  '021b-reminder-sender': m021b,
  '021c-decision-times': m021c
}
