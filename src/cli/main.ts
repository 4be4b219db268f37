import { Command, InvalidArgumentError } from 'commander'
import { registerAccountCommands } from './account-command.js'
import { registerScreeningCommands } from './screening-command.js'
import { registerDepositCommands } from './deposits-command.js'
import { registerDoctorCommands } from './doctor-command.js'
import { registerPayoutCommands } from './payout-command.js'
import { registerPaymentCommands } from './payments-command.js'
import { registerSecretCommands } from './secret-command.js'
import { registerDonationCommands } from './donations-command.js'
import { registerServeCommands } from './serve-command.js'
import { registerSimulateCommands } from './simulate-command.js'
import { registerStoreCommands } from './store-command.js'
import { registerSwapCommands } from './swap-command.js'
import { registerWebhookCommands } from './webhooks-command.js'
import { registerUserCommands } from './user-command.js'
import { CliError } from './cli-context.js'

const program = new Command()
  .name('kassa')
  .description('Kassa: self-hosted crypto payments. Settings come from the environment (see README).')
  // One line per error, in the same "kassa: …" form as every other failure; --help has the rest.
  .configureOutput({ outputError: (text, write) => write(`kassa: ${text.replace(/^error: /, '')}`) })

registerServeCommands(program)
registerStoreCommands(program)
registerSimulateCommands(program)
registerDepositCommands(program)
registerPaymentCommands(program)
registerPayoutCommands(program)
registerSecretCommands(program)
registerDonationCommands(program)
registerWebhookCommands(program)
registerAccountCommands(program)
registerScreeningCommands(program)
registerUserCommands(program)
registerSwapCommands(program)
registerDoctorCommands(program)

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CliError || err instanceof InvalidArgumentError) {
    console.error(`kassa: ${err.message}`)
  } else {
    console.error(err instanceof Error ? `kassa: ${err.message}` : err)
  }
  process.exitCode = 1
})
