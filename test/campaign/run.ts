import { parseArgs } from 'node:util'
import { DEFAULT_OPTIONS, runCrashCampaign } from './crash-campaign.js'
import { reportLines } from './campaign-summary.js'

/**
 * The crash campaign from a shell (bench/crash-campaign.js runs this):
 *   node --import tsx test/campaign/run.ts --db sqlite|postgres --kills N --seed S
 *     [--concurrency C] [--create-rate R] [--min-up MS] [--max-up MS] [--max-down MS] [--keep] [--json]
 * Needs dist/ (`npm run build`): the server is the built `bin/kassa.js serve`.
 * Exit 0 when every check passed, 1 otherwise.
 */
const USAGE = `usage: node bench/crash-campaign.js [--db sqlite|postgres] [--kills N] [--seed S]
  [--concurrency C] [--create-rate R] [--min-up MS] [--max-up MS] [--max-down MS] [--keep] [--json]
defaults: --db ${DEFAULT_OPTIONS.db} --kills ${DEFAULT_OPTIONS.kills} --seed ${DEFAULT_OPTIONS.seed} --concurrency ${DEFAULT_OPTIONS.concurrency} \
--create-rate ${DEFAULT_OPTIONS.createRate} --min-up ${DEFAULT_OPTIONS.minUpMs} --max-up ${DEFAULT_OPTIONS.maxUpMs} --max-down ${DEFAULT_OPTIONS.maxDownMs}`

let parsed: ReturnType<typeof parse>
try {
  parsed = parse()
} catch (err) {
  usageError((err as Error).message)
}
const { values } = parsed

function parse() {
  return parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      db: { type: 'string', default: DEFAULT_OPTIONS.db },
      kills: { type: 'string', default: String(DEFAULT_OPTIONS.kills) },
      seed: { type: 'string', default: DEFAULT_OPTIONS.seed },
      concurrency: { type: 'string', default: String(DEFAULT_OPTIONS.concurrency) },
      'create-rate': { type: 'string', default: String(DEFAULT_OPTIONS.createRate) },
      'min-up': { type: 'string', default: String(DEFAULT_OPTIONS.minUpMs) },
      'max-up': { type: 'string', default: String(DEFAULT_OPTIONS.maxUpMs) },
      'max-down': { type: 'string', default: String(DEFAULT_OPTIONS.maxDownMs) },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
}

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

function usageError(message: string): never {
  console.error(`crash-campaign: ${message}\n${USAGE}`)
  process.exit(2)
}

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max) usageError(`--${name} must be a whole number from ${min} to ${max}`)
  return n
}

if (values.db !== 'sqlite' && values.db !== 'postgres') usageError('--db must be sqlite or postgres')
const minUp = int('min-up', values['min-up'], 500, 600_000)
const report = await runCrashCampaign({
  db: values.db,
  kills: int('kills', values.kills, 0, 1000),
  seed: values.seed,
  concurrency: int('concurrency', values.concurrency, 1, 64),
  createRate: int('create-rate', values['create-rate'], 1, 1000),
  minUpMs: minUp,
  maxUpMs: int('max-up', values['max-up'], minUp, 600_000),
  maxDownMs: int('max-down', values['max-down'], 0, 60_000),
  keep: values.keep,
  log: (line) => console.error(`[campaign] ${line}`),
})
if (values.json) console.log(JSON.stringify(report, null, 2))
else for (const line of reportLines(report)) console.log(line)
process.exitCode = report.ok ? 0 : 1
