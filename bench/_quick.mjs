// scratch: server CPU µs/request for status (and optionally create / ceiling), median of 3 runs
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
const c = JSON.parse(readFileSync('/tmp/kd.creds','utf8'))
const pid0 = JSON.parse(readFileSync('/tmp/kd.pay','utf8')).data.payment_id
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const ticks = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]) }
const sign = (ts, m, p, b) => createHmac('sha256', c.api_secret).update(ts + m + p + b).digest('hex')
async function run(port, pid, req, secs) {
  const t0 = ticks(pid)
  const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 50, duration: secs, requests: [req] })
  const us = ((ticks(pid) - t0) * 10000) / r.requests.total
  return { us, rps: r.requests.average, non2xx: r.non2xx, p99: r.latency.p99 }
}
const statusPath = process.env.X_PATH ?? `/api/v1/payment/${pid0}`
const statusReq = { method: 'GET', path: statusPath, setupRequest(q) { const ts = String(Math.floor(Date.now()/1000)); q.headers = { ...q.headers, 'X-Api-Key': c.api_key, 'X-Timestamp': ts, 'X-Signature': sign(ts, 'GET', statusPath, '') }; return q } }
let n = 0; const tag = Date.now()
const createReq = { method: 'POST', path: '/api/v1/payment/create', setupRequest(q) { const b = `{"amount":"0.001","order_id":"q-${tag}-${++n}"}`; const ts = String(Math.floor(Date.now()/1000)); q.body = b; q.headers = { ...q.headers, 'content-type': 'application/json', 'X-Api-Key': c.api_key, 'X-Timestamp': ts, 'X-Signature': sign(ts, 'POST', '/api/v1/payment/create', b) }; return q } }
const which = process.argv.slice(2)
const out = {}
if (which.includes('ceiling')) {
  const b = spawn(process.execPath, ['bench/bare-server.js'], { env: { ...process.env, PORT: '4555' }, stdio: 'ignore' }); await sleep(800)
  await run(4555, b.pid, { method: 'GET', path: statusPath }, 2)
  const rs = []; for (let i = 0; i < 3; i++) rs.push((await run(4555, b.pid, { method: 'GET', path: statusPath }, 4)).us)
  out.ceiling = rs.sort((a,b)=>a-b); b.kill()
}
const s = spawn(process.execPath, ['--max-semi-space-size=4', 'bin/kassa.js', 'serve'], { env: { ...process.env, KASSA_DATA_DIR: '/tmp/kd', PORT: '4556', HOST: '127.0.0.1', KASSA_SIM_BLOCK_SECONDS: '0', KASSA_LOG_LEVEL: 'warn', DATABASE_URL: '', KASSA_MASTER_KEY: '' }, stdio: ['ignore', 'inherit', 'inherit'] })
await sleep(2500)
for (const [name, req] of [['status', statusReq], ['create', createReq]]) {
  if (!which.includes(name)) continue
  await run(4556, s.pid, req, 2)
  const rs = []; for (let i = 0; i < 3; i++) { const r = await run(4556, s.pid, req, 4); if (r.non2xx) console.log('NON2XX', r.non2xx); rs.push(r.us) }
  out[name] = rs.sort((a,b)=>a-b)
}
s.kill(); console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.map((x) => x.toFixed(1)).join(' ')]))))
process.exit(0)
