// Loaded on first use (dist/createIndexFlow.js), so that activation does not compile the wizard.
import vscode = require('vscode');
import type { TwelveLabsClient } from '../../api/client';
import { isTwelveLabsError } from '../../api/errors';
import type { IndexModel } from '../../api/types';
import { CommandIds } from '../../common/commandIds';
import { presentError, type ErrorPresentation } from '../../common/presentError';
import type { CatalogueModel } from '../catalogue';
import { currentCatalogue } from '../defaultCatalogue';
import type { IndexFeature } from '../feature';
import { checkIndexName } from '../indexName';
import { findIndexByName, LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { CreateIndexResult, ErrorInfo } from '../results';
import { CreateIndexWizard, draftModels, emptyDraft } from '../wizard/createIndexWizard';
import { MultiStepInput } from '../../common/multiStepInput';
import type { InFlight } from '../../common/inFlight';

/** The programmatic form: no prompts. Models as names (all their options) or in the wire shape. */
export interface CreateIndexArgs {
  name: string;
  models: (string | { model_name: string; model_options?: string[] })[];
  addons?: string[];
}

export type Submitted = { ok: true; indexId: string; recovered: boolean } | { ok: false; error: unknown };
export type Posts = InFlight<string, Submitted>;

export async function createFromArgs(feature: IndexFeature, posts: Posts, args: CreateIndexArgs): Promise<CreateIndexResult> {
  const catalogue = currentCatalogue(feature.deps.settings);
  const nameCheck = checkIndexName(args.name, vscode.l10n);
  const name = nameCheck.ok ? nameCheck.name : '';
  const models = normalizeModels(args.models, catalogue);
  const addons = [...(args.addons ?? [])];
  const invalid = !nameCheck.ok
    ? validation(nameCheck.code, nameCheck.reason)
    : models.length === 0
        ? validation('models_empty', vscode.l10n.t('Pick at least one model.'))
        : undefined;
  if (invalid) {
    return { outcome: 'failed', error: invalid };
  }
  let client: TwelveLabsClient;
  try {
    client = await feature.deps.api.get();
    if (await isTaken(client, name)) {
      return { outcome: 'failed', error: duplicate(name) };
    }
  } catch (error) {
    const presentation = failure(error);
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
  const submitted = await posts.run(name, () => submit(feature, client, name, models, addons));
  if (!submitted.ok) {
    const presentation = failure(submitted.error);
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
  await announce(feature, submitted.indexId, name);
  return { outcome: 'created', indexId: submitted.indexId, name, models, addons, recovered: submitted.recovered };
}

export async function createWithWizard(feature: IndexFeature, posts: Posts): Promise<CreateIndexResult> {
  const catalogue = currentCatalogue(feature.deps.settings);
  const wizard = new CreateIndexWizard({
    catalogue,
    isNameTaken: async (name) => {
      try {
        return await isTaken(await feature.deps.api.get(), name);
      } catch (error) {
        // The server will refuse a duplicate anyway; a failed look-up must not block the user.
        feature.deps.logger.debug('Name look-up failed', error);
        return undefined;
      }
    },
  });
  const input = new MultiStepInput(feature.window);
  const draft = emptyDraft();
  let from = wizard.nameStep;
  for (;;) {
    if (!(await wizard.run(input, draft, from))) {
      return { outcome: 'cancelled' };
    }
    const models = draftModels(draft, catalogue);
    let submitted: Submitted;
    try {
      const client = await feature.deps.api.get();
      submitted = await posts.run(draft.name, () => submit(feature, client, draft.name, models, draft.addons));
    } catch (error) {
      submitted = { ok: false, error };
    }
    if (submitted.ok) {
      await announce(feature, submitted.indexId, draft.name);
      return { outcome: 'created', indexId: submitted.indexId, name: draft.name, models, addons: [...draft.addons], recovered: submitted.recovered };
    }

    const presentation = failure(submitted.error);
    const code = presentation.info.code;
    if (code === 'index_name_already_exists') {
      // Back to the name, keeping it, with the server's words.
      draft.nameMessage = presentation.info.message;
      from = wizard.nameStep;
      continue;
    }
    if (presentation.info.status === 401 || presentation.info.kind === 'noKey') {
      feature.notifier.showError(presentation);
      return { outcome: 'failed', error: presentation.info };
    }
    const refused = code === 'parameter_invalid' ? refusedModel(presentation.info.message, models) : undefined;
    if (refused) {
      // Said where the choice is made, and that model is no longer offered in this run.
      draft.refusedModels = [...(draft.refusedModels ?? []), refused];
      draft.models = draft.models.filter((name) => name !== refused);
      draft.modelsMessage = vscode.l10n.t(
        'Twelve Labs refused {0} for new indexes ("{1}"). Pick another model; to offer others, edit the twelveLabs.indexModels setting.',
        refused,
        presentation.info.message,
      );
      if (catalogue.every((model) => draft.refusedModels?.includes(model.name))) {
        const settings = vscode.l10n.t('Open Settings');
        void feature.notifier
          .show('error', vscode.l10n.t('Twelve Labs refused every model offered for new indexes. Add a current one to the twelveLabs.indexModels setting.'), settings)
          .then((choice) => choice === settings && vscode.commands.executeCommand('workbench.action.openSettings', 'twelveLabs.indexModels'));
        return { outcome: 'failed', error: presentation.info };
      }
      from = wizard.modelsStep;
      continue;
    }
    const changeModels = vscode.l10n.t('Change Models');
    const openSettings = vscode.l10n.t('Open Settings');
    const retry = vscode.l10n.t('Retry');
    const modelProblem = code === 'parameter_invalid' || code === 'parameter_not_provided';
    const choices = modelProblem ? [changeModels, openSettings] : presentation.info.status === 400 ? [] : [retry];
    const choice = await feature.notifier.show('error', presentation.message, ...choices);
    if (choice === changeModels) {
      from = wizard.modelsStep;
      continue;
    }
    if (choice === openSettings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'twelveLabs.indexModels');
    }
    if (choice === retry) {
      from = wizard.summaryStep;
      continue;
    }
    return { outcome: 'failed', error: presentation.info };
  }
}

/**
 * POSTs once. When the answer is lost (reset, timeout) the index may exist anyway: look the name up
 * before reporting a failure, so that a retry can never create a second index.
 */
async function submit(feature: IndexFeature, client: TwelveLabsClient, name: string, models: IndexModel[], addons: string[]): Promise<Submitted> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating index “{0}”…', name) },
    async () => {
      try {
        const created = await client.createIndex({ name, models, addons });
        return { ok: true, indexId: created.id, recovered: false };
      } catch (error) {
        if (isTwelveLabsError(error) && error.kind === 'noResponse') {
          feature.deps.logger.warn('Create Index got no answer; looking the name up before anything else');
          try {
            const found = await findIndexByName(client, name, AbortSignal.timeout(LOOKUP_TIMEOUT_MS));
            if (found) {
              return { ok: true, indexId: found._id, recovered: true };
            }
          } catch (lookupError) {
            feature.deps.logger.debug('Look-up after a lost answer failed', lookupError);
          }
        }
        return { ok: false, error };
      }
    },
  );
}

async function announce(feature: IndexFeature, indexId: string, name: string): Promise<void> {
  const upload = vscode.l10n.t('Upload Video…');
  const copy = vscode.l10n.t('Copy ID');
  // A new index is empty: the next thing to do with it is to put a video in.
  void feature.notifier.show('info', vscode.l10n.t('Created index “{0}” with ID {1}.', name, indexId), upload, copy).then((choice) => {
    if (choice === upload) {
      void vscode.commands.executeCommand(CommandIds.uploadVideo, { indexId });
    } else if (choice === copy) {
      void vscode.env.clipboard.writeText(indexId);
    }
  });
  await feature.tree.showCreated(indexId);
}

async function isTaken(client: TwelveLabsClient, name: string): Promise<boolean> {
  return (await findIndexByName(client, name, AbortSignal.timeout(LOOKUP_TIMEOUT_MS))) !== undefined;
}

function failure(error: unknown): ErrorPresentation {
  const presentation = presentError(vscode.l10n.t('Could not create the index'), error, {
    title: vscode.l10n.t('Create Index'),
    command: CommandIds.createIndex,
  });
  if (presentation.info.code === 'parameter_invalid' || presentation.info.code === 'parameter_not_provided') {
    // Most often a model the platform no longer accepts for new indexes.
    return {
      ...presentation,
      message: vscode.l10n.t(
        '{0} Pick another model or option; to offer other models, edit the twelveLabs.indexModels setting.',
        presentation.message,
      ),
      actions: [
        { title: vscode.l10n.t('Create Index'), command: CommandIds.createIndex },
        { title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', arguments: ['twelveLabs.indexModels'] },
      ],
    };
  }
  return presentation;
}

function validation(code: string, message: string): ErrorInfo {
  return { kind: 'validation', status: 0, code, message };
}

function duplicate(name: string): ErrorInfo {
  return validation('index_name_already_exists', vscode.l10n.t('An index named “{0}” already exists.', name));
}

function normalizeModels(models: CreateIndexArgs['models'], catalogue: readonly CatalogueModel[]): IndexModel[] {
  return models.map((model) => {
    const name = typeof model === 'string' ? model : model.model_name;
    const given = typeof model === 'string' ? undefined : model.model_options;
    return {
      model_name: name,
      model_options: given && given.length > 0 ? [...given] : (catalogue.find((entry) => entry.name === name)?.options ?? ['visual', 'audio']),
    };
  });
}


/**
 * The model a `parameter_invalid` answer is about: the one at `models[i]` when the message names that
 * path (`The models[1].model_name parameter is invalid.`), or the one whose name it quotes.
 */
export function refusedModel(message: string, models: readonly IndexModel[]): string | undefined {
  const at = /models\[(\d+)\]/.exec(message);
  if (at) {
    return models[Number(at[1])]?.model_name;
  }
  return models.find((model) => message.includes(model.model_name))?.model_name;
}
