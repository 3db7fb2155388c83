import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/common/emitter';
import type { KeyState } from '../../../src/common/keyStore';
import { StoredKeyTracker } from '../../../src/keyHygiene/storedKey';
import { TERMINAL_OFFERED_KEY, TerminalOffer } from '../../../src/keyHygiene/terminalOffer';
import { CANARY_KEY } from '../../canary';
import { FakeMemento } from '../fakes/memento';

const present: KeyState = { kind: 'present', id: '1', masked: 'tlk_…X7Q9', setAt: 1, expiresAt: undefined, lastValidation: undefined, rejectedAt: undefined };
const none: KeyState = { kind: 'none' };

describe('terminal environment offer', () => {
  let memento: FakeMemento;
  let asked: number;
  let answer: boolean;
  let enabled: boolean;
  let offer: TerminalOffer;

  beforeEach(() => {
    memento = new FakeMemento();
    asked = 0;
    answer = true;
    enabled = false;
    offer = new TerminalOffer({
      memento,
      isEnabled: () => enabled,
      ask: () => {
        asked++;
        return Promise.resolve(answer);
      },
      enable: () => {
        enabled = true;
        return Promise.resolve();
      },
      onError: (error) => assert.fail(String(error)),
    });
  });

  it('asks once when the first key is set, and "Enable" turns the setting on', async () => {
    assert.equal(offer.observe(none), undefined);
    await offer.observe(present);
    assert.equal(asked, 1);
    assert.equal(enabled, true);
    assert.equal(memento.get(TERMINAL_OFFERED_KEY), true);
  });

  it('never asks again, even after "Not Now" and a new key', async () => {
    answer = false;
    void offer.observe(none);
    await offer.observe(present);
    void offer.observe(none);
    assert.equal(offer.observe(present), undefined);
    assert.equal(asked, 1);
    assert.equal(enabled, false);
  });

  it('does not ask for a key that was already stored at startup, nor when injection is on already', () => {
    assert.equal(offer.observe(present), undefined, 'loading → present');
    enabled = true;
    void offer.observe(none);
    assert.equal(offer.observe(present), undefined);
    assert.equal(asked, 0);
  });
});

describe('stored key tracker', () => {
  it('follows the key store, compares without handing the key out, and fires on change only', async () => {
    const changes = new Emitter<KeyState>();
    let state: KeyState = { kind: 'loading' };
    let key: string | undefined;
    const tracker = new StoredKeyTracker(
      { onDidChange: changes.event, getState: () => state, getKey: () => Promise.resolve(key) },
      (error) => assert.fail(String(error)),
    );
    let fired = 0;
    tracker.onDidChange(() => fired++);

    key = CANARY_KEY;
    state = present;
    changes.fire(state);
    await tracker.settled();
    assert.equal(tracker.matches(CANARY_KEY), true);
    assert.equal(tracker.matches('tlk_other'), false);
    assert.equal(fired, 1);

    changes.fire({ ...present, lastValidation: { at: 2, outcome: 'valid' } });
    await tracker.settled();
    assert.equal(fired, 1, 'metadata changes are not key changes');

    key = undefined;
    changes.fire(none);
    await tracker.settled();
    assert.equal(tracker.current(), undefined);
    assert.equal(tracker.matches(CANARY_KEY), false);
    assert.equal(fired, 2);
    tracker.dispose();
  });
});
