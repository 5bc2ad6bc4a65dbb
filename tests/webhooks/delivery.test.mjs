// seam-sim's webhook deliveries, verified by Seam's official verifier
// (@seamapi/webhook, unmodified) in a receiver on 127.0.0.1: signatures
// and headers, the event as the body, and redelivery of a failed message
// under the same webhook-id after the simulated clock moves.
//
// Usage: SEAM_SIM_BIN=path/to/seam-sim node --test

import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { once } from 'node:events'

import { SeamWebhook } from '@seamapi/webhook'

let sim

// Runs seam-sim on a free loopback port; its stdout announces where.
async function startSimulator () {
  const bin = process.env.SEAM_SIM_BIN
  assert.ok(bin, 'set SEAM_SIM_BIN to the seam-sim binary')
  const child = spawn(bin, ['--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const env = {}
  let text = ''
  child.stdout.setEncoding('utf8')
  while (env.SEAM_ENDPOINT === undefined || env.SEAM_API_KEY === undefined) {
    const [chunk] = await once(child.stdout, 'data')
    text += chunk
    for (const line of text.split('\n')) {
      const found = /^export (SEAM_ENDPOINT|SEAM_API_KEY)=(\S+)$/.exec(line)
      if (found) env[found[1]] = found[2]
    }
  }
  assert.match(env.SEAM_ENDPOINT, /^http:\/\/127\.0\.0\.1:\d+$/)
  return { child, endpoint: env.SEAM_ENDPOINT }
}

// A receiver that records each request and answers with the next status
// of `script` (200 once the script runs out).
async function startReceiver (script = []) {
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const status = script[received.length] ?? 200
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      })
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end('seen')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${server.address().port}/seam-hook`
  return { server, received, url }
}

async function stopReceiver (receiver) {
  receiver.server.closeAllConnections()
  receiver.server.close()
  await once(receiver.server, 'close')
}

// Calls a route of the simulator with `key`; returns the parsed body.
async function api (key, route, params = {}) {
  const res = await fetch(`${sim.endpoint}${route}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(params),
  })
  const body = await res.json()
  assert.equal(res.status, 200, `${route}: ${JSON.stringify(body)}`)
  return body
}

// A fresh workspace per test, so deliveries never mix. Returns its key
// and the id of one of its access systems.
async function newWorkspace () {
  const res = await fetch(`${sim.endpoint}/_fake/workspaces/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  assert.equal(res.status, 200)
  const key = (await res.json()).api_key
  const { acs_systems: systems } = await api(key, '/acs/systems/list')
  return { key, system: systems[0].acs_system_id }
}

// Waits (real time, briefly) until `predicate` holds.
async function until (predicate, what, ms = 5000) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

before(async () => {
  sim = await startSimulator()
})

after(async () => {
  sim.child.kill('SIGTERM')
  const [code] = await once(sim.child, 'exit')
  assert.equal(code, 0, 'seam-sim exits cleanly on SIGTERM')
})

test('every delivery verifies with SeamWebhook and carries the event', async () => {
  const { key, system } = await newWorkspace()
  const receiver = await startReceiver()
  try {
    const { webhook } = await api(key, '/webhooks/create', {
      url: receiver.url,
    })
    assert.deepEqual(webhook.event_types, ['*'])
    assert.match(webhook.secret, /^whsec_[A-Za-z0-9+/]{32}$/)

    const { acs_user: user } = await api(key, '/acs/users/create', {
      acs_system_id: system,
      full_name: 'Webhook Receiver',
    })
    await api(key, '/acs/users/delete', { acs_user_id: user.acs_user_id })
    await until(() => receiver.received.length >= 2, 'two deliveries')

    const verifier = new SeamWebhook(webhook.secret)
    const events = receiver.received.map((r) =>
      verifier.verify(r.body, r.headers),
    )
    assert.deepEqual(
      events.map((e) => e.event_type),
      ['acs_user.created', 'acs_user.deleted'],
    )
    for (const e of events) assert.equal(e.acs_user_id, user.acs_user_id)

    // The bodies are the events /events/get returns.
    for (const e of events) {
      const { event } = await api(key, '/events/get', { event_id: e.event_id })
      assert.deepEqual(event, e)
    }

    // Each message has its own id, shown by the deliveries route too
    // (once the receiver's answers are recorded).
    let deliveries
    const deadline = Date.now() + 5000
    do {
      ;({ deliveries } = await api(key, '/_fake/webhooks/deliveries', {
        webhook_id: webhook.webhook_id,
      }))
    } while (deliveries.some((d) => d.status === 'pending') &&
             Date.now() < deadline)
    assert.deepEqual(
      deliveries.map((d) => d.message_id),
      receiver.received.map((r) => r.headers['webhook-id']),
    )
    assert.deepEqual(
      deliveries.map((d) => d.status),
      ['delivered', 'delivered'],
    )
    assert.notEqual(deliveries[0].message_id, deliveries[1].message_id)

    // Not with another webhook's secret, nor with a changed body.
    const { webhook: other } = await api(key, '/webhooks/create', {
      url: receiver.url,
      event_types: ['lock.unlocked'],
    })
    const first = receiver.received[0]
    assert.throws(() =>
      new SeamWebhook(other.secret).verify(first.body, first.headers),
    )
    assert.throws(() =>
      verifier.verify(first.body.replace('acs_user', 'acs_usex'), first.headers),
    )
  } finally {
    await stopReceiver(receiver)
  }
})

test('only the svix-* or only the webhook-* headers verify alike', async () => {
  const { key, system } = await newWorkspace()
  const receiver = await startReceiver()
  try {
    const { webhook } = await api(key, '/webhooks/create', {
      url: receiver.url,
      event_types: ['acs_user.created'],
    })
    await api(key, '/acs/users/create', {
      acs_system_id: system,
      full_name: 'Header Sets',
    })
    await until(() => receiver.received.length >= 1, 'a delivery')
    const { headers, body } = receiver.received[0]
    const verifier = new SeamWebhook(webhook.secret)
    const pick = (prefix) =>
      Object.fromEntries(
        Object.entries(headers).filter(([k]) => k.startsWith(prefix)),
      )
    assert.equal(verifier.verify(body, pick('webhook-')).event_type,
      'acs_user.created')
    assert.equal(verifier.verify(body, pick('svix-')).event_type,
      'acs_user.created')
  } finally {
    await stopReceiver(receiver)
  }
})

test('a failed message is redelivered with the same webhook-id', async () => {
  const { key, system } = await newWorkspace()
  const receiver = await startReceiver([500, 503])
  try {
    const { webhook } = await api(key, '/webhooks/create', {
      url: receiver.url,
      event_types: ['acs_user.created'],
    })
    await api(key, '/acs/users/create', {
      acs_system_id: system,
      full_name: 'Third Time Lucky',
    })

    // The first attempt fails and the first retry is immediate.
    await until(() => receiver.received.length >= 2, 'attempt and retry')
    let { deliveries } = await api(key, '/_fake/webhooks/deliveries', {
      webhook_id: webhook.webhook_id,
    })
    assert.equal(deliveries.length, 1)
    const [pending] = deliveries
    assert.equal(pending.status, 'pending')
    assert.deepEqual(
      pending.attempts.map((a) => a.status_code),
      [500, 503],
    )
    const lastTry = Date.parse(pending.attempts[1].attempted_at)
    const nextTry = Date.parse(pending.next_attempt_at)
    assert.ok(nextTry - lastTry >= 5000 && nextTry - lastTry < 6000,
      `second retry 5 s after the first: ${nextTry - lastTry} ms`)

    // Nothing more until the simulated clock reaches the 5 s retry.
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(receiver.received.length, 2)
    await api(key, '/_fake/clock/advance', { ms: 5000 })
    await until(() => receiver.received.length >= 3, 'the 5 s retry')

    const ids = receiver.received.map((r) => r.headers['webhook-id'])
    assert.deepEqual(ids, [ids[0], ids[0], ids[0]])
    assert.equal(ids[0], pending.message_id)
    const verifier = new SeamWebhook(webhook.secret)
    for (const r of receiver.received) {
      assert.equal(verifier.verify(r.body, r.headers).event_type,
        'acs_user.created')
    }
    // The retry is signed at the simulated time it was made.
    const stamps = receiver.received.map((r) =>
      Number(r.headers['webhook-timestamp']))
    assert.ok(stamps[2] - stamps[1] >= 5, `timestamps ${stamps}`)

    // The outcome is recorded once the receiver's answer is back.
    const deadline = Date.now() + 5000
    do {
      ;({ deliveries } = await api(key, '/_fake/webhooks/deliveries', {
        webhook_id: webhook.webhook_id,
      }))
    } while (deliveries[0].status === 'pending' && Date.now() < deadline)
    assert.equal(deliveries[0].status, 'delivered')
    assert.deepEqual(
      deliveries[0].attempts.map((a) => a.status_code),
      [500, 503, 200],
    )
    assert.equal(deliveries[0].next_attempt_at, null)
  } finally {
    await stopReceiver(receiver)
  }
})
