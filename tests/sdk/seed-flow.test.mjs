// The official Seam JavaScript SDK (@seamapi/http, unmodified) against
// seam-sim: the seed page's Latch PIN flow, pagination through the SDK's
// paginator, and Latch's rejections as the SDK's typed errors.
//
// Usage: SEAM_SIM_BIN=path/to/seam-sim node --test

import { spawn } from 'node:child_process'
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { once } from 'node:events'

import {
  SeamHttp,
  SeamHttpApiError,
  SeamHttpInvalidInputError,
  SeamHttpUnauthorizedError,
} from '@seamapi/http/connect'

const HUB_BUILDING = '11111111-1111-1111-1111-111111111111'
const NO_HUB_BUILDING = '22222222-2222-2222-2222-222222222222'

let sim
let seam

// Starts seam-sim on a free port and reads the export lines it prints.
async function startSimulator () {
  const bin = process.env.SEAM_SIM_BIN
  assert.ok(bin, 'set SEAM_SIM_BIN to the seam-sim binary')
  const child = spawn(bin, ['--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const env = {}
  child.stdout.setEncoding('utf8')
  while (!env.SEAM_API_KEY) {
    const [chunk] = await once(child.stdout, 'data')
    out += chunk
    for (const m of out.matchAll(/^export (SEAM_\w+)=(\S+)$/gm)) {
      env[m[1]] = m[2]
    }
  }
  return { child, env }
}

before(async () => {
  sim = await startSimulator()
  // The SDK reads the same variables an integrator would export.
  process.env.SEAM_ENDPOINT = sim.env.SEAM_ENDPOINT
  process.env.SEAM_API_KEY = sim.env.SEAM_API_KEY
  seam = new SeamHttp()
})

after(async () => {
  sim.child.kill('SIGTERM')
  const [code] = await once(sim.child, 'exit')
  assert.equal(code, 0, 'seam-sim exits cleanly on SIGTERM')
})

test('seed page flow: one PIN credential per entrance', async () => {
  const janeUser = await seam.userIdentities.create({
    email_address: 'jane@example.com',
    full_name: 'Jane Doe',
  })
  const resident = await seam.acs.users.create({
    acs_system_id: HUB_BUILDING,
    user_identity_id: janeUser.user_identity_id,
    full_name: 'Jane Doe',
    email_address: 'jane@example.com',
  })
  assert.equal(resident.external_type, 'latch_user')
  assert.equal(resident.user_identity_id, janeUser.user_identity_id)

  const entrances = await seam.acs.entrances.list({
    acs_system_id: HUB_BUILDING,
  })
  assert.equal(entrances.length, 4)

  for (const entrance of entrances) {
    const credential = await seam.acs.credentials.create({
      acs_user_id: resident.acs_user_id,
      access_method: 'code',
      allowed_acs_entrance_ids: [entrance.acs_entrance_id],
      starts_at: '2024-07-13T16:50:42.072Z',
      ends_at: '2099-07-18T16:50:42.072Z',
    })
    assert.equal(typeof credential.code, 'string')
    assert.match(credential.code, /^\d{7}$/)
    assert.equal(credential.external_type, 'latch_access')

    const accessible = await seam.acs.credentials.listAccessibleEntrances({
      acs_credential_id: credential.acs_credential_id,
    })
    assert.equal(accessible.length, 1)
    assert.equal(accessible[0].acs_entrance_id, entrance.acs_entrance_id)
  }

  const credentials = await seam.acs.credentials.list({
    acs_user_id: resident.acs_user_id,
  })
  assert.equal(credentials.length, 4)
})

test('the SDK paginator walks every page of users', async () => {
  const names = []
  for (let i = 0; i < 7; i++) {
    const name = `Paged Resident ${i}`
    names.push(name)
    await seam.acs.users.create({ acs_system_id: NO_HUB_BUILDING, full_name: name })
  }
  const paginator = seam.createPaginator(
    seam.acs.users.list({ acs_system_id: NO_HUB_BUILDING, limit: 3 }),
  )
  let pages = 0
  const seen = []
  for await (const users of paginator) {
    pages++
    seen.push(...users.map((u) => u.full_name))
  }
  assert.equal(pages, 3)
  assert.deepEqual(seen, names)

  const all = await seam
    .createPaginator(seam.acs.users.list({ acs_system_id: NO_HUB_BUILDING, limit: 2 }))
    .flattenToArray()
  assert.equal(all.length, 7)
})

test('Latch rejections arrive as the SDK typed errors', async () => {
  const user = await seam.acs.users.create({
    acs_system_id: HUB_BUILDING,
    full_name: 'Rule Tester',
  })
  const [first, second] = await seam.acs.entrances.list({
    acs_system_id: HUB_BUILDING,
  })

  // A custom code is refused.
  await assert.rejects(
    seam.acs.credentials.create({
      acs_user_id: user.acs_user_id,
      access_method: 'code',
      code: '1234567',
      allowed_acs_entrance_ids: [first.acs_entrance_id],
    }),
    (err) => {
      assert.ok(err instanceof SeamHttpInvalidInputError)
      assert.equal(err.code, 'invalid_input')
      assert.equal(err.statusCode, 400)
      assert.ok(err.getValidationErrorMessages('code').length > 0)
      assert.match(err.requestId, /^[0-9a-f-]{36}$/)
      return true
    },
  )

  // One entrance per PIN code.
  await assert.rejects(
    seam.acs.credentials.create({
      acs_user_id: user.acs_user_id,
      access_method: 'code',
      allowed_acs_entrance_ids: [first.acs_entrance_id, second.acs_entrance_id],
    }),
    (err) => {
      assert.ok(err instanceof SeamHttpInvalidInputError)
      assert.ok(
        err.getValidationErrorMessages('allowed_acs_entrance_ids').length > 0,
      )
      return true
    },
  )

  // Not found and not supported are API errors with their codes.
  await assert.rejects(
    seam.acs.credentials.get({
      acs_credential_id: '00000000-0000-4000-8000-000000000000',
    }),
    (err) => {
      assert.ok(err instanceof SeamHttpApiError)
      assert.equal(err.code, 'acs_credential_not_found')
      assert.equal(err.statusCode, 404)
      return true
    },
  )
  await assert.rejects(
    seam.acs.credentials.create({
      acs_user_id: user.acs_user_id,
      access_method: 'card',
      allowed_acs_entrance_ids: [first.acs_entrance_id],
    }),
    (err) => err instanceof SeamHttpApiError && err.code === 'not_supported',
  )

  // Nothing was created by the refused calls.
  const left = await seam.acs.credentials.list({ acs_user_id: user.acs_user_id })
  assert.equal(left.length, 0)
})

test('a wrong key is SeamHttpUnauthorizedError', async () => {
  const stranger = SeamHttp.fromApiKey('seam_wrong_key_000', {
    endpoint: sim.env.SEAM_ENDPOINT,
  })
  await assert.rejects(stranger.acs.systems.list(), SeamHttpUnauthorizedError)
})

test('no-hub building waits for the door sync', async () => {
  const user = await seam.acs.users.create({
    acs_system_id: NO_HUB_BUILDING,
    full_name: 'Door Sync',
  })
  const [door] = await seam.acs.entrances.list({ acs_system_id: NO_HUB_BUILDING })
  const credential = await seam.acs.credentials.create({
    acs_user_id: user.acs_user_id,
    access_method: 'code',
    allowed_acs_entrance_ids: [door.acs_entrance_id],
  })
  assert.equal(credential.is_latest_desired_state_synced_with_provider, false)
  assert.equal(credential.warnings[0].warning_code, 'waiting_to_be_issued')

  // The simulator's control route stands in for the Latch Manager App.
  const response = await fetch(`${sim.env.SEAM_ENDPOINT}/_fake/latch/sync_door`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sim.env.SEAM_API_KEY}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ acs_entrance_id: door.acs_entrance_id }),
  })
  assert.equal(response.status, 200)

  const synced = await seam.acs.credentials.get({
    acs_credential_id: credential.acs_credential_id,
  })
  assert.equal(synced.is_latest_desired_state_synced_with_provider, true)
  assert.deepEqual(synced.warnings, [])
})
