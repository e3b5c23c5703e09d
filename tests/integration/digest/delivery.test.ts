// The digest leaves the app: the client-ready report as HTML, PDF (printed by a Chromium found on
// this machine, read back with a PDF text extractor) and CSV; emailed through a real SMTP server
// started here on loopback (smtp-server), once per week and recipient, queued while the server is
// down and sent once when it is back; the portfolio's report; the same words years later.

import { simpleParser, type ParsedMail } from 'mailparser'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityEntry } from '../../../src/shared/contract'
import type {
  DigestExportResult,
  DigestListItem,
  DigestView,
  OutboxItem,
  RunwayView
} from '../../../src/shared/views'
import { runwayLabel } from '../../../src/shared/views'
import { call, failure } from '../../helpers/invoke'
import { world, type World } from '../../helpers/sandbox'

let w: World
let companyId = ''
let weekEnd = '2026-11-26'
const out = mkdtempSync(join(tmpdir(), 'runway-digest-out-'))

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** An SMTP server on loopback that keeps every message it is given. */
async function smtpServer(port: number): Promise<{ mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail)
          done()
        })
        .catch(done)
    }
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  return { mails, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

async function pdfText(file: string): Promise<{ pages: number; text: string; size: number[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)))
  const { totalPages, text } = await extractText(pdf, { mergePages: true })
  const page = await pdf.getPage(1)
  // Lines wrap where the page is narrow: words are what the test reads.
  return { pages: totalPages, text: text.replace(/\s+/g, ' '), size: page.view.slice(2).map(Math.round) }
}

beforeAll(async () => {
  w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  companyId = await w.connect(w.sandbox.info.realms[1]!.realmId)
  await call(w, 'settings.set', { digestWeekday: 4, firmName: 'Ledger & Co. Bookkeeping' })
  await w.core.services.jobs.tick()
  weekEnd = '2026-11-26'
}, 120_000)
afterAll(() => w.close())

describe('the client-ready report', () => {
  it(
    'is a PDF with pages, on A4 and on Letter, whose text has the runway headline',
    { timeout: 120_000 },
    async () => {
      const digest = await call<DigestView>(w, 'digest.get', { companyId, weekEnd })
      const headline = runwayLabel(digest.headline.runwayDays, digest.headline.horizonDays)
      for (const [pageSize, size] of [
        ['A4', [595, 842]],
        ['Letter', [612, 792]]
      ] as const) {
        const folder = mkdtempSync(join(out, `${pageSize}-`))
        const result = await call<DigestExportResult>(w, 'digest.export', {
          companyId,
          weekEnd,
          format: 'pdf',
          path: folder,
          pageSize
        })
        expect(result.files).toHaveLength(1)
        expect(readFileSync(result.files[0]!).subarray(0, 5).toString()).toBe('%PDF-')
        const pdf = await pdfText(result.files[0]!)
        expect(pdf.pages).toBeGreaterThan(0)
        expect(pdf.size).toEqual(size)
        expect(pdf.text.toLowerCase()).toContain(headline.toLowerCase())
        expect(pdf.text).toContain(digest.companyName)
        expect(pdf.text).toContain('Ledger & Co. Bookkeeping')
        expect(pdf.text).toContain('What changed and why')
        expect(pdf.text).toContain('Bills to pay')
      }
    }
  )

  it('as HTML carries the chart inline and everything a client reads', async () => {
    const { files } = await call<DigestExportResult>(w, 'digest.export', {
      companyId,
      weekEnd,
      format: 'html',
      path: out
    })
    const html = readFileSync(files[0]!, 'utf8')
    expect(html).toContain('<svg class="chart"')
    expect(html).toMatch(/@page \{ size: letter/)
    expect(html).toContain('name="viewport"')
    for (const part of ['runway', 'chart', 'weekly-table', 'changes', 'bills', 'invoices', 'hygiene'])
      expect(html).toContain(`data-part="${part}"`)
    // Nothing reaches outside the file: no script, no remote resource.
    expect(html).not.toMatch(/<script|src="http|href="http/)
  })

  it('as CSV parses, amounts are numbers, and its closing cash is the forecast’s', async () => {
    const { files } = await call<DigestExportResult>(w, 'digest.export', {
      companyId,
      weekEnd,
      format: 'csv',
      path: out
    })
    expect(files.map((f) => f.split('/').pop())).toEqual([
      expect.stringMatching(/ - week ending 2026-11-26 - weekly table\.csv$/),
      expect.stringMatching(/ - week ending 2026-11-26 - open items\.csv$/)
    ])
    const rows = readFileSync(files[0]!, 'utf8')
      .trim()
      .split('\r\n')
      .map((r) => r.split(','))
    const closing = rows.find((r) => r[0] === 'Closing cash')!.slice(1)
    const runway = await call<RunwayView>(w, 'runway.get', { companyId })
    expect(closing).toHaveLength(13)
    for (const value of closing) expect(value).toMatch(/^-?\d+\.\d\d$/)
    expect(closing.map((v) => Math.round(Number(v) * 100))).toEqual(
      runway.forecast.map((f) => f.endingCashCents)
    )
    const items = readFileSync(files[1]!, 'utf8').trim().split('\r\n')
    expect(items[0]).toBe('Type,Name,Number,Amount,Due date,Days overdue,Standing')
    const bills = await call<unknown[]>(w, 'bills.list', { companyId })
    expect(items.filter((l) => l.startsWith('Bill,'))).toHaveLength(bills.length)
  })

  it('says years later what it said the week it was made', { timeout: 60_000 }, async () => {
    const then = await call<{ html: string }>(w, 'digest.report', { companyId, weekEnd })
    const digest = await call<DigestView>(w, 'digest.get', { companyId, weekEnd })
    w.clock.set('2029-06-01T15:00:00Z')
    const reserves = await call<{ id: string }[]>(w, 'reserves.set', {
      companyId,
      name: 'Payroll',
      amountCents: 5_000_000
    })
    await call(w, 'sync.now', { companyId })
    expect(await call(w, 'digest.get', { companyId, weekEnd })).toEqual(digest)
    expect((await call<{ html: string }>(w, 'digest.report', { companyId, weekEnd })).html).toBe(then.html)
    w.clock.set('2026-11-26T15:00:00Z')
    await call(w, 'reserves.remove', { companyId, reserveId: reserves[0]!.id })
  })
})

describe('email', () => {
  it(
    'arrives with subject, text and HTML parts and the PDF; a second send of the week is refused unless forced',
    { timeout: 120_000 },
    async () => {
      const port = await freePort()
      const smtp = await smtpServer(port)
      try {
        await call(w, 'settings.set', {
          smtp: { host: '127.0.0.1', port, security: 'none', user: '', from: 'digests@ledger.test' }
        })
        await call(w, 'digest.setRecipients', { companyId, to: ['Owner@Client.test', 'cfo@client.test'] })
        const sent = await call<{ status: string; to: string[] }>(w, 'digest.send', { companyId, weekEnd })
        expect(sent).toMatchObject({ status: 'sent', to: ['owner@client.test', 'cfo@client.test'] })
        expect(smtp.mails).toHaveLength(1)
        const mail = smtp.mails[0]!
        // What went is the digest kept for the week.
        const digest = await w.core.services.reports.view(companyId, weekEnd)
        expect(mail.subject).toContain(digest.companyName)
        expect(mail.subject).toContain('26 Nov 2026')
        expect(mail.text).toContain(
          `Cash runway: ${runwayLabel(digest.headline.runwayDays, digest.headline.horizonDays)}`.replace(
            /: (.)/,
            (_m, c: string) => `: ${c.toUpperCase()}`
          )
        )
        expect(mail.html).toContain('<svg class="chart"')
        expect(mail.attachments).toHaveLength(1)
        expect(mail.attachments[0]!.contentType).toBe('application/pdf')
        const pdf = await getDocumentProxy(new Uint8Array(mail.attachments[0]!.content))
        expect(pdf.numPages).toBeGreaterThan(0)

        const again = await failure(w, 'digest.send', { companyId, weekEnd, to: ['cfo@client.test'] })
        expect(again.kind).toBe('conflict')
        expect(again.message).toContain('cfo@client.test')
        expect(smtp.mails).toHaveLength(1)
        const forced = await call<{ status: string }>(w, 'digest.send', {
          companyId,
          weekEnd,
          to: ['cfo@client.test'],
          force: true
        })
        expect(forced.status).toBe('sent')
        expect(smtp.mails).toHaveLength(2)

        const trail = await call<ActivityEntry[]>(w, 'activity.list', { companyId })
        expect(trail.filter((e) => e.action === 'digest.sent')).toHaveLength(2)
        const list = await call<DigestListItem[]>(w, 'digest.list', { companyId })
        expect(list.find((d) => d.weekEnd === weekEnd)!.sends.map((s) => [s.to, s.status, s.forced])).toEqual(
          [
            ['owner@client.test', 'sent', false],
            ['cfo@client.test', 'sent', false],
            ['cfo@client.test', 'sent', true]
          ]
        )
      } finally {
        await smtp.close()
      }
    }
  )

  it('waits while the mail server is down and goes once when it is back', { timeout: 120_000 }, async () => {
    const port = await freePort()
    await call(w, 'settings.set', {
      smtp: { host: '127.0.0.1', port, security: 'none', user: '', from: 'digests@ledger.test' }
    })
    const queued = await call<{ status: string }>(w, 'digest.send', {
      companyId,
      weekEnd,
      to: ['later@client.test']
    })
    expect(queued.status).toBe('queued')
    expect((await call<{ queued: number }>(w, 'email.status')).queued).toBe(1)
    // The outbox (the Activity screen's) shows it waiting, with the company, week and recipient.
    const emails = async (filter?: { companyId: string }): Promise<OutboxItem[]> =>
      (await call<OutboxItem[]>(w, 'outbox.list', filter)).filter((i) => i.action === 'digest.send')
    for (const listed of [await emails(), await emails({ companyId })]) {
      expect(listed).toHaveLength(1)
      expect(listed[0]).toMatchObject({
        companyId,
        status: 'pending',
        attempts: 1,
        digest: { weekEnd, to: ['later@client.test'] },
        problem: expect.stringMatching(/ECONNREFUSED|connect/i)
      })
      expect(listed[0]!.summary).toContain(weekEnd)
    }
    // One cancelled from the outbox while waiting never goes, and the audit trail says so.
    await call(w, 'digest.send', { companyId, weekEnd, to: ['cancelled@client.test'] })
    const cancelled = (await emails()).find((i) => i.digest?.to.includes('cancelled@client.test'))!
    await call(w, 'outbox.dismiss', { id: cancelled.id })
    expect((await emails()).map((i) => i.digest?.to)).toEqual([['later@client.test']])
    expect((await failure(w, 'outbox.dismiss', { id: cancelled.id })).kind).toBe('not-found')
    // Waiting counts as on its way: a second send is refused, forced or not.
    expect(
      (await failure(w, 'digest.send', { companyId, weekEnd, to: ['later@client.test'], force: true })).kind
    ).toBe('conflict')
    await w.core.services.jobs.tick()
    expect((await call<{ queued: number }>(w, 'email.status')).queued).toBe(1)

    const smtp = await smtpServer(port)
    try {
      await w.core.services.jobs.tick()
      await w.core.services.jobs.tick()
      expect(smtp.mails).toHaveLength(1)
      expect(smtp.mails[0]!.to).toMatchObject({ text: 'later@client.test' })
      expect((await call<{ queued: number }>(w, 'email.status')).queued).toBe(0)
      expect(await emails()).toEqual([])
      const trail = await call<ActivityEntry[]>(w, 'activity.list', { companyId })
      expect(trail.map((e) => e.action)).toEqual(
        expect.arrayContaining(['digest.queued', 'digest.sent', 'outbox.dismissed'])
      )
      expect(trail.find((e) => e.action === 'outbox.dismissed')!.details).toMatchObject({
        outcome: 'cancelled',
        summary: expect.stringContaining('cancelled@client.test')
      })
    } finally {
      await smtp.close()
    }
  })
})

describe('the portfolio digest', () => {
  it(
    'puts every client on one report, worst first, and exports and sends it',
    { timeout: 180_000 },
    async () => {
      for (const realm of [w.sandbox.info.realms[0]!, w.sandbox.info.realms[2]!])
        await w.connect(realm.realmId)
      await call(w, 'sync.now')
      const report = await call<{ html: string }>(w, 'digest.report', { weekEnd })
      const names = [...report.html.matchAll(/data-part="client"><h2>([^<]+) </g)].map((m) => m[1])
      expect(names).toHaveLength(3)
      const { rows } = await call<{ rows: { name: string }[] }>(w, 'portfolio.list')
      expect(names).toEqual(rows.map((r) => r.name.replace(/&/g, '&amp;')))
      const { files } = await call<DigestExportResult>(w, 'digest.export', {
        weekEnd,
        format: 'pdf',
        path: out
      })
      const pdf = await pdfText(files[0]!)
      expect(pdf.pages).toBeGreaterThan(0)
      for (const r of rows) expect(pdf.text).toContain(r.name)
      const csv = await call<DigestExportResult>(w, 'digest.export', { weekEnd, format: 'csv', path: out })
      expect(readFileSync(csv.files[0]!, 'utf8').trim().split('\r\n')).toHaveLength(4)
      const port = await freePort()
      const smtp = await smtpServer(port)
      try {
        await call(w, 'settings.set', {
          smtp: { host: '127.0.0.1', port, security: 'none', user: '', from: 'digests@ledger.test' }
        })
        await call(w, 'digest.send', { weekEnd, to: ['partner@ledger.test'] })
        expect(smtp.mails).toHaveLength(1)
        expect(smtp.mails[0]!.attachments[0]!.filename).toBe('Portfolio - week ending 2026-11-26.pdf')
        expect((await failure(w, 'digest.send', { weekEnd, to: ['partner@ledger.test'] })).kind).toBe(
          'conflict'
        )
      } finally {
        await smtp.close()
      }
      expect(readdirSync(out).length).toBeGreaterThan(0)
    }
  )
})
