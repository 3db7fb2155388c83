import * as assert from 'node:assert/strict';
import { promptFor, templates, TEMPLATE_IDS } from '../../../src/analyze/templates';
import { fakeL10n } from '../fakes/l10n';

describe('analyze: prompt templates', () => {
  it('offers the six templates of the issue, in order, and says which ones ask for text', () => {
    const list = templates(fakeL10n);
    assert.deepEqual(list.map((t) => t.id), TEMPLATE_IDS);
    assert.deepEqual(list.map((t) => t.label), ['Summary', 'Chapters', 'Highlights', 'Titles, Topics and Hashtags', 'Ask a Question', 'Custom Prompt']);
    assert.deepEqual(list.filter((t) => t.asks !== 'nothing').map((t) => t.id), ['question', 'custom']);
  });

  it('asks the fixed templates for timestamps in the forms the document links', () => {
    assert.match(promptFor('summary'), /mm:ss/);
    assert.match(promptFor('chapters'), /\[mm:ss-mm:ss\]/);
    assert.match(promptFor('highlights'), /\[mm:ss-mm:ss\]/);
    assert.match(promptFor('titles'), /hashtags/i);
  });

  it('sends a question inside its instructions, and a custom prompt exactly as typed (trimmed)', () => {
    assert.match(promptFor('question', '  Who cooks?  '), /Question: Who cooks\?$/);
    assert.equal(promptFor('custom', '  List every ingredient.\n'), 'List every ingredient.');
    assert.equal(promptFor('summary', 'ignored'), promptFor('summary'));
  });
});
