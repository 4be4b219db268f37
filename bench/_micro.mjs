import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
const secret = 'sk_test_fb5ed0e6d2d194e2c337af8bcf98c2ca521971f3abe0c1e88ea9e675cf3aec9b'
const key = createSecretKey(Buffer.from(secret))
const payload = '1796317020GET/api/v1/payment/01a23cd7-9952-7ffd-af87-e082b52d7dca'
function bench(name, fn) { for (let i = 0; i < 20000; i++) fn(); const c = process.cpuUsage(); const N = 200000; for (let i = 0; i < N; i++) fn(); const u = process.cpuUsage(c); console.log(name, ((u.user + u.system) / N).toFixed(2), 'µs') }
bench('hmac string key', () => createHmac('sha256', secret).update(payload).digest('hex'))
bench('hmac KeyObject', () => createHmac('sha256', key).update(payload).digest('hex'))
bench('hmac buffer key', () => createHmac('sha256', Buffer.from(secret)).update(payload).digest('hex'))
const s = createHmac('sha256', secret).update(payload).digest('hex')
bench('timingSafeEqual', () => timingSafeEqual(Buffer.from(s, 'utf8'), Buffer.from(s, 'utf8')))
bench('perf.now', () => performance.now())
