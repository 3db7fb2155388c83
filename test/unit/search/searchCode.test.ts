import * as assert from 'node:assert/strict';
import type { SearchRequest } from '../../../src/api/searchTypes';
import { formFields, searchCode } from '../../../src/search/searchCode';
import { CANARY_KEY } from '../../canary';

const REQUEST: SearchRequest = {
  indexId: 'idx1',
  searchOptions: ['visual', 'transcription'],
  queryText: "it's a \"test\" $HOME `x`",
  groupBy: 'video',
  operator: 'and',
  pageLimit: 20,
  filter: { duration: { gte: 10 } },
  includeUserMetadata: true,
};

describe('Copy Search as Code', () => {
  it('the form fields are the request\'s, one search_options per option', () => {
    assert.deepEqual(formFields(REQUEST), [
      ['index_id', 'idx1'],
      ['search_options', 'visual'],
      ['search_options', 'transcription'],
      ['query_text', "it's a \"test\" $HOME `x`"],
      ['group_by', 'video'],
      ['operator', 'and'],
      ['page_limit', '20'],
      ['filter', '{"duration":{"gte":10}}'],
      ['include_user_metadata', 'true'],
    ]);
  });

  it('each language reads the key from TWELVE_LABS_API_KEY and never holds one', () => {
    for (const language of ['python', 'javascript', 'curl'] as const) {
      const code = searchCode(language, REQUEST, 'https://api.twelvelabs.io/v1.3');
      assert.ok(code.includes('TWELVE_LABS_API_KEY'), language);
      assert.ok(!code.includes(CANARY_KEY) && !/tlk_/.test(code), language);
      assert.ok(code.includes('https://api.twelvelabs.io/v1.3/search'), language);
    }
  });

  it('curl quotes every value for the shell: nothing in the query is expanded', () => {
    const code = searchCode('curl', REQUEST, 'https://api.twelvelabs.io/v1.3');
    assert.ok(code.includes(`--form-string 'query_text=it'\\''s a "test" $HOME \`x\`'`), code);
  });

  it('an image file query opens the file by name in the code', () => {
    const code = searchCode('python', { ...REQUEST, queryMedia: { type: 'image', path: '/home/me/q.png' } }, 'https://x/v1.3', 'q.png');
    assert.ok(code.includes('open("q.png", "rb")'));
    assert.ok(!code.includes('/home/me'), 'the local path is not put into shared code');
  });
});
