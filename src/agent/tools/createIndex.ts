import vscode = require('vscode');
import type { AgentDeps } from '../deps';
import type { AgentTool } from '../tool';
import { InputReader } from '../toolInput';
import { id, quote } from '../toolText';
import { errorFromInfo, toolErrorText } from '../toolErrors';
import { TwelveLabsError } from '../../api/errors';

interface Input {
  name: string;
  models: string[];
  addons: string[];
}

/** `twelvelabs_createIndex`: asks first; one `POST /indexes` (after a name look-up), free in itself. */
export function createIndexTool(deps: Pick<AgentDeps, 'indexes'>): AgentTool<Input> {
  const describeModels = (input: Input) => {
    const catalogue = deps.indexes.catalogue();
    return input.models.map((name) => `${name} (${(catalogue.find((model) => model.name === name)?.options ?? []).join(', ')})`).join(', ');
  };
  return {
    name: 'twelvelabs_createIndex',
    what: 'Creating the index',
    read(input) {
      const catalogue = deps.indexes.catalogue();
      const names = catalogue.map((model) => model.name);
      const reader = new InputReader(input, ['name', 'models', 'addons']);
      const name = reader.string('name', { required: true, maxLength: 200 });
      const models = reader.choices('models', names, names);
      const offered = new Set(catalogue.filter((model) => models.includes(model.name)).flatMap((model) => model.addons));
      const addons = reader.strings('addons', [], { maxItems: 5, maxLength: 40 });
      const refused = addons.filter((addon) => !offered.has(addon));
      if (refused.length > 0) {
        reader.problems.push(
          `"addons" ${refused.map((addon) => JSON.stringify(addon)).join(', ')} ${refused.length === 1 ? 'is' : 'are'} not offered for ${models.join(', ')}; ${offered.size > 0 ? `allowed: ${[...offered].map((addon) => JSON.stringify(addon)).join(', ')}` : 'none are'}.`,
        );
      }
      return reader.result({ name, models, addons });
    },
    invocationMessage: (input) => vscode.l10n.t('Creating the Twelve Labs index “{0}”', input.name),
    confirmation(input) {
      const addons = input.addons.length > 0 ? vscode.l10n.t(' with the add-ons {0}', input.addons.join(', ')) : '';
      return Promise.resolve({
        title: vscode.l10n.t('Create a Twelve Labs index?'),
        message: vscode.l10n.t(
          'Creates the index “{0}” on your Twelve Labs account, with the models {1}{2}. Creating it is free; every video indexed into it later counts its duration against your plan’s indexing hours, and on the free plan the index expires 90 days after it is created.',
          input.name,
          describeModels(input),
          addons,
        ),
        action: vscode.l10n.t('Create Index'),
        plan: JSON.stringify(input),
      });
    },
    async run(input, { confirmedPlan }) {
      if (confirmedPlan !== JSON.stringify(input)) {
        return 'The index was not created: the user has not confirmed this request. Call the tool again so that VS Code can ask.';
      }
      const result = await deps.indexes.create({ name: input.name, models: input.models, addons: input.addons });
      switch (result.outcome) {
        case 'created':
          return [
            `Created the Twelve Labs index ${quote(result.name, 200)}, id ${id(result.indexId)}, with ${result.models.map((model) => `${model.model_name} (${model.model_options.join(', ')})`).join(', ')}${result.addons.length > 0 ? ` and the add-ons ${result.addons.join(', ')}` : ''}.`,
            'It is empty: twelvelabs_uploadFile puts a video from the workspace into it.',
          ].join(' ');
        case 'noKey':
          return toolErrorText('Creating the index', new TwelveLabsError('noKey', 0, 'no_key', ''));
        case 'cancelled':
          return 'The index was not created: the user cancelled.';
        case 'failed':
          if (result.error.code === 'index_name_already_exists') {
            return `The index was not created: an index named ${quote(input.name, 200)} already exists. Use it (twelvelabs_listIndexes shows its id), or ask the user for another name.`;
          }
          return toolErrorText('Creating the index', errorFromInfo(result.error));
      }
    },
  };
}
