import * as assert from 'node:assert/strict';
import { RedactingLogger, type LogSink } from '../../../src/common/logging/logger';
import { REDACTED, Redactor } from '../../../src/common/logging/redact';
import { CANARY_KEY, canaryForms } from '../../canary';

function memorySink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  const push = (line: string) => void lines.push(line);
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

describe('Redactor', () => {
  it('masks anything shaped like a Twelve Labs key, even one it was never told about', () => {
    const text = new Redactor().redact(`key=${CANARY_KEY} and TLK_abcdefghijklmnop`);
    assert.equal(text, `key=${REDACTED} and ${REDACTED}`);
  });

  it('keeps the masked display form tlk_…a1b2 readable', () => {
    assert.equal(new Redactor().redact('using tlk_…a1b2'), 'using tlk_…a1b2');
  });

  it('masks a registered key of any shape, case-insensitively, verbatim, URL-encoded and base64', () => {
    const redactor = new Redactor();
    const odd = 'Zk9+/=odd-shaped-secret';
    redactor.addSecret(odd);
    const encoded = [odd, odd.toUpperCase(), encodeURIComponent(odd), Buffer.from(odd).toString('base64')];
    for (const form of encoded) {
      assert.equal(redactor.redact(`before ${form} after`), `before ${REDACTED} after`, form);
    }
  });

  it('masks the value of an x-api-key header in any dump format', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact('x-api-key: hunter2secret'), `x-api-key: ${REDACTED}`);
    assert.equal(redactor.redact('{"X-Api-Key":"hunter2secret"}'), `{"X-Api-Key":"${REDACTED}"}`);
  });
});

describe('RedactingLogger', () => {
  it('never lets the canary through, in messages, details or errors', () => {
    const sink = memorySink();
    const redactor = new Redactor();
    redactor.addSecret(CANARY_KEY);
    const logger = new RedactingLogger(sink, redactor);
    logger.info(`message ${CANARY_KEY}`);
    logger.warn('details', { headers: { 'x-api-key': CANARY_KEY } });
    logger.error('failed', new Error(`boom ${encodeURIComponent(CANARY_KEY)}`));
    const all = sink.lines.join('\n');
    for (const form of canaryForms()) {
      assert.ok(!all.includes(form), `leaked ${form}`);
    }
    assert.equal(sink.lines.length, 3);
  });
});
