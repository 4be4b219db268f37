// Child processes of a benchmark: spawned in the repo, stopped on every exit path, and polled
// until ready with bounded waits. Shared by the bench/*.js scripts that start servers.
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const HOST = '127.0.0.1'
// The server is measured as `npm start` runs it, with the same Node flags. BENCH_NODE_FLAGS
// (space-separated) stands in for them, to A/B a flag before it goes into `npm start`.
const START_SCRIPT = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start
export const START_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? /^node ((?:--\S+ )*)bin\/kassa\.js serve$/.exec(START_SCRIPT)?.[1] ?? '')
  .split(' ')
  .filter(Boolean)

const READY_POLL_MS = 10

/** Children we started, so that every exit path kills what is left. */
const children = new Set()
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, HOST, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** Spawns `node <args>` in the repo; keeps the last 64 KiB of its output for error reports. */
export function spawnNode(args, env) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let out = ''
  const keep = (chunk) => {
    out += chunk.toString()
    if (out.length > 65536) out = out.slice(-65536)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  child.output = () => out
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return child
}

/** SIGTERM, wait up to 10 s for a clean exit, then SIGKILL. */
export async function stop(child) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM')
    const done = await Promise.race([child.exited, sleep(10_000).then(() => null)])
    if (done === null) {
      console.error(`  pid ${child.pid} did not exit 10 s after SIGTERM; SIGKILL`)
      child.kill('SIGKILL')
      await child.exited
    }
  }
  children.delete(child)
}

export async function stopAll() {
  for (const c of [...children]) await stop(c)
}

function httpGetStatus(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(0))
  })
}

/** Milliseconds from `t0` to the first 200 from GET /readyz, polling every 10 ms. */
export async function waitReady(child, port, t0, timeoutMs = 20_000) {
  const deadline = t0 + timeoutMs
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before ready (code ${child.exitCode}, signal ${child.signalCode}):\n${child.output()}`)
    }
    if ((await httpGetStatus(port, '/readyz')) === 200) return performance.now() - t0
    await sleep(READY_POLL_MS)
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${child.output()}`)
}

/** Runs `node <args>` to completion and answers its stdout. */
export function runFile(args, env, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`node ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`))
      else resolve(stdout)
    })
  })
}
