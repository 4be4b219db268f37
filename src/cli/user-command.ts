import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import { withKassa } from './cli-context.js'

/**
 * `kassa user create|reset-password|list`: dashboard people from the server's shell. The
 * operator resets a forgotten password here (Kassa sends no email); a new password is
 * generated and printed once unless one comes on standard input.
 */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Dashboard sign-ins: create, reset a password, list')

  user
    .command('create')
    .description('Create a person with a new account; prints a generated password once')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'account (business) name; default the email')
    .option('--operator', 'may open the operator area')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (o: { email: string; name?: string; operator?: boolean; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readStdin() : generatedPassword()
      await withKassa(async (kassa) => {
        const u = await kassa.accountSessions.createUser({
          email: o.email,
          password,
          operator: o.operator ?? false,
          ...(o.name !== undefined && { accountName: o.name }),
        })
        console.log(`user ${u.email} created${u.isOperator ? ' (operator)' : ''}, account ${u.accountId}`)
        if (!o.passwordStdin) printPassword(password)
      })
    })

  user
    .command('reset-password')
    .description('Set a new password and end every session of the person; prints a generated password once')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--password-stdin', 'read the new password from standard input instead of generating one')
    .action(async (o: { email: string; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readStdin() : generatedPassword()
      await withKassa(async (kassa) => {
        const u = await kassa.accountSessions.resetPassword(o.email, password)
        console.log(`password of ${u.email} reset; every session of theirs has ended`)
        if (!o.passwordStdin) printPassword(password)
      })
    })

  user
    .command('list')
    .description('Every person who can sign in to the dashboard')
    .action(async () => {
      await withKassa(async (kassa) => {
        for (const u of await kassa.accountSessions.listUsers()) {
          console.log(`${u.email}\t${u.isOperator ? 'operator' : 'merchant'}\t2fa ${u.totpEnabled ? 'on' : 'off'}\taccount ${u.accountId}`)
        }
      })
    })
}

/** 120 random bits in 20 URL-safe characters: passes the password policy, fits a terminal. */
function generatedPassword(): string {
  return randomBytes(15).toString('base64url')
}

function printPassword(password: string): void {
  console.log(`password: ${password}`)
  console.log('Shown only now; the person can change it under Security after signing in.')
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}
