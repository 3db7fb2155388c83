import vscode = require('vscode');
import type { AgentTool, ClientSource } from '../tool';
import { InputReader } from '../toolInput';
import { bounded, DATA_NOTICE, id, quote } from '../toolText';

interface Input {
  nameContains: string | undefined;
  limit: number;
}

/** `twelvelabs_listIndexes`: one request per 50 indexes (`GET /indexes`), no usage cost. */
export function listIndexesTool(api: ClientSource): AgentTool<Input> {
  return {
    name: 'twelvelabs_listIndexes',
    what: 'Listing indexes',
    read(input) {
      const reader = new InputReader(input ?? {}, ['nameContains', 'limit']);
      return reader.result({ nameContains: reader.string('nameContains', { maxLength: 200 }) || undefined, limit: reader.integer('limit', { min: 1, max: 500, fallback: 100 }) });
    },
    invocationMessage: (input) =>
      input.nameContains ? vscode.l10n.t('Listing Twelve Labs indexes named like “{0}”', input.nameContains) : vscode.l10n.t('Listing Twelve Labs indexes'),
    async run(input, { signal }) {
      const client = await api.get();
      const indexes = await client.listAllIndexes(input.nameContains ? { indexName: input.nameContains } : {}, { signal });
      const lines = indexes.slice(0, input.limit).map((index) => {
        const models = (index.models ?? []).map((model) => `${model.model_name}${model.model_options?.length ? ` (${model.model_options.join(', ')})` : ''}`).join('; ');
        const parts = [`- ${quote(index.index_name, 200)}`, `id ${id(index._id)}`, `models: ${models || 'unknown'}`, `videos: ${index.video_count ?? 'unknown'}`];
        if (index.addons?.length) {
          parts.push(`add-ons: ${index.addons.join(', ')}`);
        }
        if (index.expires_at) {
          parts.push(`expires ${index.expires_at}`);
        }
        return parts.join(' · ');
      });
      const header = [
        indexes.length === 0
          ? input.nameContains
            ? `No Twelve Labs index has a name containing ${quote(input.nameContains)}.`
            : 'The account has no Twelve Labs indexes yet. twelvelabs_createIndex creates one.'
          : `${indexes.length} Twelve Labs index(es)${input.nameContains ? ` with a name containing ${quote(input.nameContains)}` : ''}${indexes.length > input.limit ? `, the first ${input.limit} shown (raise "limit" for more)` : ''}:`,
        ...(indexes.length > 0 ? [DATA_NOTICE] : []),
      ];
      return bounded(header, lines, 'Use "nameContains" or a lower "limit".').text;
    },
  };
}
