// Digests by email, through the firm's own mail server (nodemailer over SMTP): the report as HTML
// with a plain-text part and the PDF attached. A week goes to a recipient once: a second send is
// refused unless forced, and never while one is on its way or waiting. With the server out of
// reach, the email waits (digest_sends, 'queued') and goes once when it answers again: the job
// scheduler tries every minute. Every send is in the audit trail.

import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Settings } from '../../../shared/contract'
import type { LocalDate } from '../../../shared/dates'
import type { DigestSendResult } from '../../../shared/views'
import { actor } from '../actions/actor'
import type { CoreContext } from '../context'
import { logActivity } from '../db/activity'
import {
  batchRecipients,
  claimDigestSend,
  claimQueuedBatch,
  digestRecipients,
  interruptedSends,
  markDigestBatch,
  PORTFOLIO_SCOPE,
  queuedBatches,
  setDigestRecipients
} from '../db/digests'
import { readSettings } from '../db/settings'
import { AppError } from '../errors'
import type { DigestReports } from '../reports/service'
import type { SecretStore } from '../secrets/store'

const PASSWORD_KEY = 'smtp.password'
export { PORTFOLIO_SCOPE }

/** The server could not be reached, or said to try later (4xx): the email can wait. */
function unreachable(error: unknown): boolean {
  const e = error as { code?: string; responseCode?: number }
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500
  return [
    'ECONNECTION',
    'ETIMEDOUT',
    'ESOCKET',
    'EDNS',
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ECONNRESET'
  ].includes(e.code ?? '')
}

const normalize = (to: readonly string[]): string[] => [
  ...new Set(to.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))
]

export class DigestMailer {
  constructor(
    private readonly ctx: CoreContext,
    private readonly secrets: SecretStore,
    private readonly reports: DigestReports
  ) {}

  /** Sends an app that stopped mid-way left: the server may have taken them, so they are not retried. */
  recover(): void {
    interruptedSends(this.ctx.cache.sqlite, this.ctx.clock.now().toISOString())
  }

  async setPassword(password: string | null): Promise<{ passwordSet: boolean }> {
    if (password === null || password === '') await this.secrets.delete(PASSWORD_KEY)
    else await this.secrets.set(PASSWORD_KEY, password)
    return { passwordSet: password !== null && password !== '' }
  }

  async status(): Promise<{ configured: boolean; passwordSet: boolean; queued: number }> {
    const settings = await readSettings(this.ctx.cache.db)
    return {
      configured: settings.smtp !== null,
      passwordSet: (await this.secrets.get(PASSWORD_KEY)) !== null,
      queued: queuedBatches(this.ctx.cache.sqlite).length
    }
  }

  recipients(companyId: string): string[] {
    return digestRecipients(this.ctx.cache.sqlite, companyId)
  }

  setRecipients(companyId: string, to: string[]): string[] {
    const list = normalize(to)
    setDigestRecipients(this.ctx.cache.sqlite, companyId, list)
    return list
  }

  private async transport(smtp: NonNullable<Settings['smtp']>): Promise<Transporter> {
    const password = await this.secrets.get(PASSWORD_KEY)
    return nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000
    })
  }

  private async smtp(): Promise<{ settings: Settings; smtp: NonNullable<Settings['smtp']> }> {
    const settings = await readSettings(this.ctx.cache.db)
    if (!settings.smtp)
      throw new AppError('validation', 'Set up the mail server first (Settings, Email & branding).', {
        field: 'smtp'
      })
    return { settings, smtp: settings.smtp }
  }

  /** A short email that says the settings work. */
  async test(to: string): Promise<{ messageId: string }> {
    const { settings, smtp } = await this.smtp()
    const transport = await this.transport(smtp)
    try {
      const info = (await transport.sendMail({
        from: { name: settings.firmName || 'Runway Desktop', address: smtp.from },
        to,
        subject: 'Runway Desktop: test email',
        text: 'Your mail server settings work: weekly digests will be sent through this server.'
      })) as { messageId: string }
      return { messageId: info.messageId }
    } catch (error) {
      throw new AppError(unreachable(error) ? 'network' : 'validation', (error as Error).message)
    } finally {
      transport.close()
    }
  }

  /** Emails a week's digest (a company's, or the portfolio's without one) to `to`, once per recipient. */
  async send(input: {
    companyId?: string | undefined
    weekEnd: LocalDate
    to?: string[] | undefined
    force?: boolean | undefined
  }): Promise<DigestSendResult> {
    await this.smtp()
    const scope = input.companyId ?? PORTFOLIO_SCOPE
    const to = normalize(input.to ?? (input.companyId ? this.recipients(input.companyId) : []))
    if (to.length === 0)
      throw new AppError('validation', 'Say who receives it: no recipients are saved for this client.', {
        field: 'to'
      })
    // The week's digest is fixed (kept, or made now) before anything is recorded.
    await this.reports.render(input.companyId, input.weekEnd)
    const batchId = randomUUID()
    const claim = claimDigestSend(this.ctx.cache.sqlite, {
      scope,
      weekEnd: input.weekEnd,
      recipients: to,
      force: input.force === true,
      batchId,
      now: this.ctx.clock.now().toISOString()
    })
    if (!claim.claimed) {
      const waiting = claim.already.filter((r) => r.status !== 'sent')
      throw new AppError(
        'conflict',
        waiting.length > 0
          ? `The digest of the week ending ${input.weekEnd} is already on its way to ${waiting.map((r) => r.recipient).join(', ')} (waiting for the mail server).`
          : `The digest of the week ending ${input.weekEnd} was already sent to ${claim.already.map((r) => `${r.recipient} (${r.sent_at?.slice(0, 10) ?? ''})`).join(', ')}: send it again with force.`,
        {
          details: {
            already: claim.already.map((r) => ({ to: r.recipient, status: r.status, at: r.sent_at }))
          }
        }
      )
    }
    return this.deliver(scope, input.weekEnd, batchId, to, input.force === true)
  }

  private async deliver(
    scope: string,
    weekEnd: LocalDate,
    batchId: string,
    to: string[],
    forced: boolean
  ): Promise<DigestSendResult> {
    const companyId = scope === PORTFOLIO_SCOPE ? undefined : scope
    const now = (): string => this.ctx.clock.now().toISOString()
    const summary = `Emailed the ${companyId ? '' : 'portfolio '}digest of the week ending ${weekEnd} to ${to.join(', ')}`
    let transport: Transporter | null = null
    try {
      const { settings, smtp } = await this.smtp()
      const rendered = await this.reports.render(companyId, weekEnd)
      const pdf = await this.reports.pdf(rendered)
      transport = await this.transport(smtp)
      const info = (await transport.sendMail({
        from: { name: settings.firmName || 'Runway Desktop', address: smtp.from },
        to,
        subject: rendered.title,
        messageId: `<${batchId}@runway-desktop>`,
        text: rendered.text,
        html: rendered.html,
        attachments: [{ filename: `${rendered.fileBase}.pdf`, content: pdf, contentType: 'application/pdf' }]
      })) as { messageId: string }
      markDigestBatch(this.ctx.cache.sqlite, batchId, {
        status: 'sent',
        at: now(),
        messageId: info.messageId
      })
      await this.audit(companyId, 'digest.sent', { summary, weekEnd, to, messageId: info.messageId, forced })
      return { status: 'sent', to, messageId: info.messageId }
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error)
      if (unreachable(error)) {
        markDigestBatch(this.ctx.cache.sqlite, batchId, { status: 'queued', at: now(), problem })
        await this.audit(companyId, 'digest.queued', {
          summary: `Queued: ${summary.charAt(0).toLowerCase()}${summary.slice(1)} (the mail server did not answer)`,
          weekEnd,
          to,
          problem
        })
        return { status: 'queued', to, messageId: null }
      }
      markDigestBatch(this.ctx.cache.sqlite, batchId, { status: 'failed', at: now(), problem })
      throw error instanceof AppError ? error : new AppError('validation', `Not sent: ${problem}`)
    } finally {
      transport?.close()
      // The outbox lists the company's emails not yet gone: it changed either way.
      if (companyId) this.ctx.events.emit('outbox.changed', { companyId })
    }
  }

  waiting(): boolean {
    return queuedBatches(this.ctx.cache.sqlite).length > 0
  }

  /** The emails waiting for the mail server, each once: what the job scheduler runs every minute. */
  async retryQueued(): Promise<Record<string, unknown>> {
    const { sqlite } = this.ctx.cache
    let sent = 0
    let waiting = 0
    for (const batch of queuedBatches(sqlite)) {
      if (!claimQueuedBatch(sqlite, batch.batch_id)) continue
      const result = await this.deliver(
        batch.scope,
        batch.week_end,
        batch.batch_id,
        batchRecipients(sqlite, batch.batch_id),
        false
      ).catch(() => null)
      if (result?.status === 'sent') sent += 1
      else if (result?.status === 'queued') waiting += 1
    }
    return { sent, waiting }
  }

  private async audit(
    companyId: string | undefined,
    action: string,
    details: Record<string, unknown>
  ): Promise<void> {
    await logActivity(this.ctx.cache.db, {
      at: this.ctx.clock.now().toISOString(),
      companyId: companyId ?? null,
      actor: actor(),
      action,
      details
    })
  }
}
