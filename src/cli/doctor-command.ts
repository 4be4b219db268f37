import type { Command } from 'commander'
import { doctorDeps } from '../services/doctor/doctor-deps.js'
import { doctorReportLines, runDoctor } from '../services/doctor/run-doctor.js'
import { withKassa } from './cli-context.js'

/**
 * `kassa doctor`: the database's consistency checks (services/doctor/), read only. Exit code 1
 * on any finding, so a script, a cron job or a test can stop on it.
 */
export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description('Check the ledger, payments, webhooks and payouts for inconsistencies (read only; exit 1 on any finding)')
    .option('--json', 'the full report as one JSON object')
    .action(async (o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const report = await runDoctor(doctorDeps(kassa.repos, kassa.deps.chains))
        if (o.json) console.log(JSON.stringify(report))
        else for (const line of doctorReportLines(report)) console.log(line)
        if (!report.ok) process.exitCode = 1
      })
    })
}
