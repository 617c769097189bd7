// Load generator for `npm run bench:answer`, run in its own process so that it does not share the
// server's event loop: POSTs the questions in turn to /api/v1/answer with autocannon and prints
// autocannon's result as JSON. Usage: node answer-load.mjs <url> <questions.json> <seconds> <connections>
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, file, seconds = '10', connections = '16'] = process.argv.slice(2);
const questions = JSON.parse(readFileSync(file, 'utf8'));
let next = 0;
const result = await autocannon({
  url: `${url}/api/v1/answer`,
  method: 'POST',
  duration: Number(seconds),
  connections: Number(connections),
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[next++ % questions.length], channel: 'web' }) }),
    },
  ],
});
process.stdout.write(JSON.stringify({ requests: result.requests, latency: result.latency, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, duration: result.duration }));
