import * as assert from 'node:assert/strict';
import { MODEL_RULES } from '../../../src/api/analyzeTypes';
import { modelOptions, moreTokens, otherModel, rangeMessage, rangeValue } from '../../../src/analyze/modelChoice';
import { fakeL10n } from '../fakes/l10n';

describe('analyze: the model and ranges offered', () => {
  it('a video with an asset: both models on its asset_id, the newer first, streamed up to an hour', () => {
    const choice = modelOptions({ videoId: 'v1', assetId: 'a1', durationSeconds: 600 }, fakeL10n);
    assert.equal(choice.kind, 'options');
    assert.deepEqual(choice.kind === 'options' && choice.options, [
      { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a1' }, route: 'stream' },
      { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a1' }, route: 'stream' },
    ]);
  });

  it('a video without an asset: only pegasus1.2, on the legacy video_id', () => {
    const choice = modelOptions({ videoId: 'v1', durationSeconds: 600 }, fakeL10n);
    assert.deepEqual(choice.kind === 'options' && choice.options, [{ model: 'pegasus1.2', video: { type: 'video_id', videoId: 'v1' }, route: 'stream' }]);
    assert.equal(otherModel({ videoId: 'v1' }, 'pegasus1.2', fakeL10n), undefined);
    assert.equal(otherModel({ videoId: 'v1', assetId: 'a1' }, 'pegasus1.2', fakeL10n)?.model, 'pegasus1.5');
  });

  it('over an hour: the task route, which needs the asset; under 4 s or over 2 h: refused with the spec\'s codes', () => {
    const long = modelOptions({ videoId: 'v1', assetId: 'a1', durationSeconds: 3_601 }, fakeL10n);
    assert.ok(long.kind === 'options' && long.options.every((option) => option.route === 'task'));
    assert.deepEqual(pick(modelOptions({ videoId: 'v1', durationSeconds: 3_601 }, fakeL10n)), 'video_duration_too_long');
    assert.deepEqual(pick(modelOptions({ videoId: 'v1', assetId: 'a1', durationSeconds: 7_201 }, fakeL10n)), 'video_duration_too_long');
    assert.deepEqual(pick(modelOptions({ videoId: 'v1', assetId: 'a1', durationSeconds: 3 }, fakeL10n)), 'video_duration_too_short');
  });

  it('checks typed figures against the model\'s own range as the user types; empty is the default', () => {
    const tokens15 = MODEL_RULES['pegasus1.5'].maxTokens;
    const tokens12 = MODEL_RULES['pegasus1.2'].maxTokens;
    assert.equal(rangeMessage('', tokens15, true, fakeL10n), undefined);
    assert.equal(rangeMessage('98,304', tokens15, true, fakeL10n), undefined);
    assert.equal(rangeValue('98,304'), 98_304);
    assert.match(rangeMessage('98305', tokens15, true, fakeL10n) ?? '', /512 to 98,304/);
    assert.match(rangeMessage('5000', tokens12, true, fakeL10n) ?? '', /2 to 4,096/);
    assert.match(rangeMessage('100', tokens15, true, fakeL10n) ?? '', /512/);
    assert.match(rangeMessage('12.5', tokens15, true, fakeL10n) ?? '', /whole number/);
    const temperature = MODEL_RULES['pegasus1.5'].temperature;
    assert.equal(rangeMessage('0.7', temperature, false, fakeL10n), undefined);
    assert.equal(rangeMessage('.5', temperature, false, fakeL10n), undefined);
    assert.match(rangeMessage('1.5', temperature, false, fakeL10n) ?? '', /0 to 1/);
    assert.match(rangeMessage('hot', temperature, false, fakeL10n) ?? '', /0 to 1/);
  });

  it('"more tokens" doubles the budget within the range, and has nothing to offer at the maximum', () => {
    assert.equal(moreTokens('pegasus1.5', undefined), 8_192);
    assert.equal(moreTokens('pegasus1.5', 60_000), 98_304);
    assert.equal(moreTokens('pegasus1.2', undefined), undefined);
    assert.equal(moreTokens('pegasus1.2', 1_000), 2_000);
  });
});

function pick(choice: ReturnType<typeof modelOptions>): string | undefined {
  return choice.kind === 'refused' ? choice.code : undefined;
}
