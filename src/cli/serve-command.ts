import type { Command } from 'commander'
import { Kassa } from '../app/kassa.js'
import { httpAppDeps } from '../app/route-deps.js'
import { loadConfig } from '../config/index.js'
import { migrateToLatest } from '../db/migrate.js'
import { openDatabase } from '../db/open-database.js'
import { buildHttpApp } from '../http/app.js'

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP server and the background workers')
    .action(async () => {
      const startedAt = performance.now()
      const config = loadConfig()
      const kassa = await Kassa.open({ config, server: true })
      // A node that is not the configured chain, or a token that is not an ERC-20: refuse to start.
      await kassa.verifyNetworks().catch(async (err: unknown) => {
        await kassa.close()
        throw err
      })
      const app = await buildHttpApp(httpAppDeps(kassa))
      await app.listen({ port: config.port, host: config.host })
      kassa.startWorkers()
      const db = config.databaseUrl ? 'PostgreSQL' : `SQLite (${config.dataDir}/kassa.sqlite)`
      kassa.log.info({ ms: Math.round(performance.now() - startedAt), db }, 'ready')
      const stores = await kassa.stores.listStores()
      console.log(
        [
          '',
          `  Kassa is listening on ${config.publicUrl}   (API docs: ${config.publicUrl}/docs)`,
          `  Database: ${db}; networks: simulated (test mode)${kassa.realNetworks.map((n) => `, ${n.network} (live)`).join('')}`,
          stores.length === 0
            ? '  No store yet. Create one to get an API key and secret:'
            : `  ${stores.length} store(s). Create another to get a new API key and secret:`,
          '    npx kassa store create --name "My shop" --currencies USDT_TRC20,BTC,ETH',
          '',
        ].join('\n'),
      )
      let closing = false
      const shutdown = async (signal: string) => {
        if (closing) return
        closing = true
        kassa.log.info({ signal }, 'shutting down: finishing requests in flight')
        await app.close()
        await kassa.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void shutdown('SIGINT'))
      process.once('SIGTERM', () => void shutdown('SIGTERM'))
    })

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .action(async () => {
      const config = loadConfig()
      const handle = await openDatabase(config)
      try {
        const applied = await migrateToLatest(handle)
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
      } finally {
        await handle.close()
      }
    })
}
