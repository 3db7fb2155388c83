import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/common/emitter';
import type { KeyState } from '../../../src/common/keyStore';
import { StoredKeyTracker } from '../../../src/keyHygiene/storedKey';
import { TERMINAL_OFFERED_KEY, TerminalOffer } from '../../../src/keyHygiene/terminalOffer';
import { CANARY_KEY, SECOND_CANARY_KEY } from '../../canary';
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

  it('holds every account\'s key for the detectors, the active one for terminals, and follows an inactive account', async () => {
    const changes = new Emitter<KeyState>();
    const accountChanges = new Emitter<void>();
    let acmeKey: string | undefined = SECOND_CANARY_KEY;
    const tracker = new StoredKeyTracker(
      { onDidChange: changes.event, getState: () => present, getKey: () => Promise.resolve(CANARY_KEY) },
      (error) => assert.fail(String(error)),
      {
        onDidChange: accountChanges.event,
        keys: () => Promise.resolve([{ accountId: 'default', key: CANARY_KEY }, ...(acmeKey === undefined ? [] : [{ accountId: 'acme', key: acmeKey }])]),
      },
    );
    await tracker.settled();
    assert.equal(tracker.current(), CANARY_KEY, 'terminals get the active account\'s key only');
    assert.equal(tracker.all().length, 2);
    assert.equal(tracker.matches(SECOND_CANARY_KEY), true);
    assert.equal(tracker.accountOf(SECOND_CANARY_KEY), 'acme');
    assert.equal(tracker.accountOf(CANARY_KEY), 'default');
    let fired = 0;
    tracker.onDidChange(() => fired++);

    acmeKey = undefined;
    accountChanges.fire();
    await tracker.settled();
    assert.equal(fired, 1, 'an inactive account\'s key going is a change');
    assert.equal(tracker.matches(SECOND_CANARY_KEY), false);
    assert.equal(tracker.accountOf(SECOND_CANARY_KEY), undefined);
    assert.equal(tracker.current(), CANARY_KEY);

    accountChanges.fire();
    await tracker.settled();
    assert.equal(fired, 1, 'the same keys read again are no change');
    tracker.dispose();
  });
});
