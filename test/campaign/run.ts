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
const { values } = parseArgs({
  options: {
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

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`)
  return n
}

if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db must be sqlite or postgres')
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
