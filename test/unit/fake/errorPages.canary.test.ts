import assert from 'node:assert/strict';
import { CANARY_KEY, canaryForms } from '../../canary';
import type { FaultKind } from '../../fake/faults';
import { startFakeServer, type FakeTwelveLabs } from '../../fake/server';
import type { UploadFaultKind } from '../../fake/uploads';
import { call, type CallResult } from './helpers';

/**
 * The leak canary's "fake server error pages" target: make the fake fail in every way it can answer
 * (hang, reset, finMidBody, slowDrip and endlessBody send no whole page; oversizedBody only pads the
 * real answer), with the canary as the key and inside paths, queries and bodies, and check that no
 * answer carries it in any form. A page that echoed the key would put it in the extension's logs and
 * notifications through the server's `message`.
 */
const ANSWERING_FAULTS: FaultKind[] = [
  'unauthorized',
  'forbidden',
  'rateLimited',
  'rateLimitedRetryAfter',
  'rateLimitedJson',
  'serverErrorHtml',
  'badGateway',
  'unavailable',
  'gatewayTimeout',
  'malformedJson',
  'hostileShapes',
];
const UPLOAD_FAULTS: UploadFaultKind[] = ['videoFileSizeTooLarge', 'usageLimitExceeded'];
const BOUNDARY = 'canary-b0undary';

const q = encodeURIComponent(CANARY_KEY);
/** Requests that put the canary where a careless error page would echo it. */
const PROBES: { method: string; path: string; json?: unknown }[] = [
  { method: 'GET', path: '/indexes' },
  { method: 'GET', path: `/indexes/${q}` },
  { method: 'GET', path: `/indexes/${q}/videos` },
  { method: 'PUT', path: `/indexes/${q}`, json: { index_name: CANARY_KEY } },
  { method: 'DELETE', path: `/indexes/${q}` },
  { method: 'GET', path: `/indexes?index_name=${q}&page=${q}` },
  { method: 'GET', path: `/indexes?${q}=1` },
  { method: 'POST', path: '/indexes', json: { index_name: CANARY_KEY, models: [{ model_name: CANARY_KEY, model_options: [CANARY_KEY] }] } },
  { method: 'POST', path: '/indexes', json: { [CANARY_KEY]: true } },
  { method: 'GET', path: `/tasks/${q}` },
  { method: 'GET', path: `/tasks?index_id=${q}&status=${q}` },
  { method: 'GET', path: `/${q}` },
  { method: 'PATCH', path: `/indexes/${q}` },
];

function assertNoCanary(result: CallResult, what: string): void {
  const seen = [result.text, JSON.stringify(result.headers)].join('\n');
  for (const form of canaryForms()) {
    assert.ok(!seen.includes(form), `${what}: the answer (HTTP ${result.status}) holds the canary (${form}):\n${seen}`);
  }
}

function multipart(indexId: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="index_id"\r\n\r\n${indexId}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="video_file"; filename="${CANARY_KEY}.mp4"\r\nContent-Type: video/mp4\r\n\r\n`),
    Buffer.alloc(1024, 1),
    Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="user_metadata"\r\n\r\n{"k":"${CANARY_KEY}"}\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('leak canary: the fake server’s error pages never carry the key', () => {
  let fake: FakeTwelveLabs;
  let indexId: string;

  before(async () => {
    fake = await startFakeServer({ validKeys: [CANARY_KEY] });
    [indexId] = fake.seedIndexes(1);
  });
  after(() => fake.close());

  for (const keyIsValid of [true, false]) {
    it(`plain errors (${keyIsValid ? 'valid' : 'rejected'} canary key): not found, unknown fields and parameters, bad methods`, async () => {
      if (keyIsValid) {
        fake.addKey(CANARY_KEY);
      } else {
        fake.removeKey(CANARY_KEY);
      }
      for (const probe of PROBES) {
        const result = await call(fake, probe.method, probe.path, { key: CANARY_KEY, json: probe.json });
        assertNoCanary(result, `${probe.method} ${probe.path}`);
      }
      fake.addKey(CANARY_KEY);
    });
  }

  it('every injected fault that answers, on every probe', async () => {
    for (const kind of ANSWERING_FAULTS) {
      for (const probe of PROBES) {
        fake.clearFaults();
        fake.injectFault({ kind, retryAfterSeconds: 2 });
        const result = await call(fake, probe.method, probe.path, { key: CANARY_KEY, json: probe.json });
        assertNoCanary(result, `${kind} on ${probe.method} ${probe.path}`);
      }
    }
    fake.clearFaults();
  });

  it('upload refusals, with the canary in the file name, the metadata and as the index id', async () => {
    for (const target of [indexId, CANARY_KEY]) {
      for (const kind of [...UPLOAD_FAULTS, undefined]) {
        fake.clearFaults();
        if (kind) {
          fake.injectUploadFault({ kind });
        }
        const result = await call(fake, 'POST', '/tasks', { key: CANARY_KEY, raw: multipart(target), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
        assertNoCanary(result, `POST /tasks (${kind ?? 'no fault'}, index ${target === indexId ? 'real' : 'canary'})`);
      }
    }
    fake.clearFaults();
  });
});
