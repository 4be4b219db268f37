import type { Command } from 'commander'
import { loadConfig, resolveMasterKey } from '../config/index.js'
import { SecretBox } from '../security/secret-box.js'
import { CliError } from './cli-context.js'

export function registerSecretCommands(program: Command): void {
  program
    .command('secret')
    .description('Seal a key for the configuration files (the master key encrypts it)')
    .command('seal')
    .description(
      'Read a secret (a mnemonic, private key or RPC password) from standard input; print it sealed, for KASSA_EVM_NETWORKS_FILE, KASSA_TRON_NETWORKS_FILE or KASSA_BITCOIN_NETWORKS_FILE',
    )
    .action(async () => {
      const chunks: Buffer[] = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      const secret = Buffer.concat(chunks).toString('utf8').trim()
      if (secret === '') throw new CliError('nothing on standard input; e.g. printf %s "$MNEMONIC" | kassa secret seal')
      const config = loadConfig({
        ...process.env,
        KASSA_EVM_NETWORKS_FILE: '',
        KASSA_TRON_NETWORKS_FILE: '',
        KASSA_BITCOIN_NETWORKS_FILE: '',
      })
      console.log(new SecretBox(resolveMasterKey(config.masterKey, config.dataDir)).seal(secret))
    })
}
