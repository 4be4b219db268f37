// The seed's Node.js (Express) sample, its request as written; the Express route around it
// is replaced by a direct call, and node-fetch by Node's built-in fetch (same API).
const r = await fetch("https://api.secretcryptos.com/v1/meta/exchange", { headers: { Authorization: "Bearer " + process.env.SECRETCRYPTOS_API_KEY } });
process.stdout.write(String(r.status) + "\n" + await r.text());
