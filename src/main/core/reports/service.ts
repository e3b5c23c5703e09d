// Digests as files and pages: a week's stored digest (made now if its week is over and none was
// made) rendered as the client-ready HTML, printed to PDF, or written as CSV; one company's or the
// whole portfolio's.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { LocalDate } from '../../../shared/dates'
import type { DigestExportResult, DigestListItem, DigestView } from '../../../shared/views'
import type { CoreContext } from '../context'
import { companiesWithBooks, digestSends, listDigests, storeDigest, storedDigest } from '../db/digests'
import { readSettings } from '../db/settings'
import { AppError } from '../errors'
import type { DigestExperience } from '../experiences/digest'
import { companyToday, digestWeekEnd } from '../today'
import { openItemsCsv, portfolioCsv, weeklyCsv } from './csv'
import { digestHtml, digestText, longDate, type Branding, type PageSize } from './digest-html'
import type { PdfPrinter } from './pdf'
import { portfolioHtml, portfolioText, worstFirst } from './portfolio-html'

export type ExportFormat = 'html' | 'pdf' | 'csv'

/** A rendered report: its page, its text for an email, and what it is called. */
export interface Rendered {
  title: string
  fileBase: string
  html: string
  text: string
  views: DigestView[]
}

/** A file name from a company's name: what every system accepts. */
const safe = (name: string): string =>
  name
    .replace(/[^\p{L}\p{N} &'.,()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()

export class DigestReports {
  constructor(
    private readonly ctx: CoreContext,
    private readonly digest: DigestExperience,
    readonly printer: PdfPrinter,
    /** The app asks the user for a folder; headless hosts have none and use the data folder's. */
    private readonly chooseFolder?: () => Promise<string | null>
  ) {}

  async branding(): Promise<Branding & { pageSize: PageSize }> {
    const s = await readSettings(this.ctx.cache.db)
    return { firmName: s.firmName || 'Your bookkeeper', firmLogo: s.firmLogo, pageSize: s.reportPageSize }
  }

  /** The week's digest as kept; a finished week without one is made now, as the job would have. */
  async view(companyId: string, weekEnd: LocalDate): Promise<DigestView> {
    await this.checkWeek(weekEnd)
    const stored = await storedDigest(this.ctx.cache.db, companyId, weekEnd)
    if (stored) return stored
    const made = this.digest.compose(companyId, weekEnd)
    storeDigest(this.ctx.cache.sqlite, made)
    this.ctx.events.emit('digest.ready', { companyId, weekEnd })
    return (await storedDigest(this.ctx.cache.db, companyId, weekEnd)) ?? made
  }

  /** Every client's digest of the week, worst first. */
  async portfolioViews(weekEnd: LocalDate): Promise<DigestView[]> {
    const views: DigestView[] = []
    for (const { id } of companiesWithBooks(this.ctx.cache.sqlite)) views.push(await this.view(id, weekEnd))
    if (views.length === 0) throw new AppError('not-found', 'No client has books yet: sync one first.')
    return worstFirst(views)
  }

  /** The last finished week (today, on the digest day). */
  async lastWeekEnd(): Promise<LocalDate> {
    const s = await readSettings(this.ctx.cache.db)
    return digestWeekEnd(companyToday(this.ctx.clock), s.digestWeekday)
  }

  private async checkWeek(weekEnd: LocalDate): Promise<void> {
    const s = await readSettings(this.ctx.cache.db)
    const today = companyToday(this.ctx.clock)
    if (digestWeekEnd(weekEnd, s.digestWeekday) !== weekEnd)
      throw new AppError('validation', `${weekEnd} is not the last day of a digest week`, {
        field: 'weekEnd'
      })
    if (weekEnd > today)
      throw new AppError('validation', `the week ending ${weekEnd} is not over yet`, { field: 'weekEnd' })
  }

  async render(companyId: string | undefined, weekEnd: LocalDate, pageSize?: PageSize): Promise<Rendered> {
    const brand = await this.branding()
    const size = pageSize ?? brand.pageSize
    if (companyId === undefined) {
      const views = await this.portfolioViews(weekEnd)
      return {
        title: `Client cash report, week ending ${longDate(weekEnd)}`,
        fileBase: `Portfolio - week ending ${weekEnd}`,
        html: portfolioHtml(weekEnd, views, brand, size),
        text: portfolioText(weekEnd, views, brand),
        views
      }
    }
    const view = await this.view(companyId, weekEnd)
    return {
      title: `${view.companyName}: weekly cash report, week ending ${longDate(weekEnd)}`,
      fileBase: `${safe(view.companyName)} - week ending ${weekEnd}`,
      html: digestHtml(view, brand, size),
      text: digestText(view, brand),
      views: [view]
    }
  }

  async pdf(rendered: Rendered, pageSize?: PageSize): Promise<Buffer> {
    return this.printer.print(rendered.html, pageSize ?? (await this.branding()).pageSize)
  }

  /** The stored digests, newest week first, each with its emails. */
  list(companyId?: string): DigestListItem[] {
    const { sqlite } = this.ctx.cache
    return listDigests(sqlite, companyId).map((row) => {
      const view = JSON.parse(row.digest_json) as DigestView
      return {
        companyId: row.company_id,
        companyName: row.name,
        weekEnd: row.week_end,
        generatedAt: row.generated_at,
        status: view.headline.status,
        runwayDays: view.headline.runwayDays,
        horizonDays: view.headline.horizonDays,
        cashZeroDate: view.headline.cashZeroDate,
        changeDays: view.headline.changeDays,
        sends: digestSends(sqlite, row.company_id, row.week_end).map((s) => ({
          to: s.recipient,
          status: s.status === 'sending' ? 'queued' : s.status,
          at: s.sent_at ?? s.requested_at,
          forced: s.forced === 1
        }))
      }
    })
  }

  /**
   * Writes the report into `path` (a folder; or, for one file, a file name with the format's
   * extension), else a folder the user picks, else the data folder's `exports`.
   */
  async export(input: {
    companyId?: string | undefined
    weekEnd: LocalDate
    format: ExportFormat
    path?: string | undefined
    pageSize?: PageSize | undefined
  }): Promise<DigestExportResult> {
    const rendered = await this.render(input.companyId, input.weekEnd, input.pageSize)
    let folder: string
    let base = rendered.fileBase
    if (input.path !== undefined) {
      if (input.format !== 'csv' && extname(input.path).toLowerCase() === `.${input.format}`) {
        folder = join(input.path, '..')
        base = input.path.slice(folder.length + 1, -(input.format.length + 1))
        if (!existsSync(folder) || !statSync(folder).isDirectory())
          throw new AppError('validation', `no folder ${folder}`, { field: 'path' })
      } else {
        folder = input.path
        if (!existsSync(folder) || !statSync(folder).isDirectory())
          throw new AppError('validation', `${folder} is not a folder`, { field: 'path' })
      }
    } else {
      const chosen = this.chooseFolder ? await this.chooseFolder() : join(this.ctx.config.dataDir, 'exports')
      if (chosen === null) return { files: [], folder: '' }
      folder = chosen
      mkdirSync(folder, { recursive: true })
    }
    const files: string[] = []
    const write = (name: string, content: string | Buffer): void => {
      const file = join(folder, name)
      writeFileSync(file, content)
      files.push(file)
    }
    if (input.format === 'html') write(`${base}.html`, rendered.html)
    else if (input.format === 'pdf') write(`${base}.pdf`, await this.pdf(rendered, input.pageSize))
    else if (input.companyId === undefined) write(`${base}.csv`, portfolioCsv(rendered.views))
    else {
      const view = rendered.views[0]!
      write(`${base} - weekly table.csv`, weeklyCsv(view))
      write(`${base} - open items.csv`, openItemsCsv(view))
    }
    return { files, folder }
  }
}
