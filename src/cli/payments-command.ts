import type { Command } from 'commander'
import type { ResolutionKind } from '../domain/payments/payment-resolution.js'
import { resolvePayment } from '../services/payments/resolve-payment.js'
import { withKassa } from './cli-context.js'

/**
 * `kassa payments mark-paid|mark-invalid <id> --reason TEXT`: the dashboard's resolve forms for
 * the operator at the host, for any store's payment. Recorded as resolved by `cli`.
 */
export function registerPaymentCommands(program: Command): void {
  const payments = program.command('payments').description('Resolve a payment by hand (docs/DASHBOARD.md, "Mark as paid / mark invalid")')
  const verbs: [string, ResolutionKind, string][] = [
    ['mark-paid', 'paid', 'An expired or underpaid payment becomes completed (webhook payment.completed); only money received is credited'],
    [
      'mark-invalid',
      'invalid',
      'The payment becomes expired (webhook payment.expired); confirmed money it received stays in the store balance',
    ],
  ]
  for (const [verb, kind, description] of verbs) {
    payments
      .command(`${verb} <payment_id>`)
      .description(description)
      .requiredOption('--reason <text>', 'why, up to 500 characters; kept on the payment and shown in its timeline')
      .action(async (paymentId: string, o: { reason: string }) => {
        await withKassa(async (kassa) => {
          const p = await resolvePayment(kassa.deps, { paymentId, kind, reason: o.reason, by: 'cli' })
          console.log(`payment ${p.id} marked ${kind}; it is now ${p.status}`)
        })
      })
  }
}
