import vscode = require('vscode');
import type { IndexModel } from '../../api/types';
import { addonsFor, type CatalogueModel } from '../catalogue';
import { checkIndexName } from '../indexName';
import type { MultiStepInput, Step } from '../../common/multiStepInput';
import { labelText } from '../../common/untrustedText';

/** What the user has chosen so far; kept across Back and across a return to a step after a server error. */
export interface CreateIndexDraft {
  name: string;
  models: string[];
  /** Options chosen per model. */
  options: Record<string, string[]>;
  addons: string[];
  /** Shown on the name step when the flow returns there (e.g. the server's `index_name_already_exists`). */
  nameMessage?: string;
  /** Models the server refused for new indexes in this run: no longer offered. */
  refusedModels?: string[];
  /** Why the flow came back to the models step (the server's refusal, in words). */
  modelsMessage?: string;
}

export interface WizardServices {
  catalogue: CatalogueModel[];
  /** Whether an index with exactly this name exists; undefined when that could not be found out. */
  isNameTaken(name: string): Promise<boolean | undefined>;
}

export const TOTAL_STEPS = 5;

export function emptyDraft(): CreateIndexDraft {
  return { name: '', models: [], options: {}, addons: [] };
}

/** The request the draft describes, in the wire shape. */
export function draftModels(draft: CreateIndexDraft, catalogue: readonly CatalogueModel[]): IndexModel[] {
  return draft.models.map((name) => ({
    model_name: name,
    model_options: draft.options[name] ?? catalogue.find((model) => model.name === name)?.options ?? ['visual', 'audio'],
  }));
}

export function summarize(draft: CreateIndexDraft, catalogue: readonly CatalogueModel[]): string {
  const models = draftModels(draft, catalogue)
    .map((model) => `${model.model_name} (${model.model_options.join(', ')})`)
    .join(', ');
  const addons = draft.addons.length > 0 ? draft.addons.join(', ') : vscode.l10n.t('no add-ons');
  return `${models} · ${addons}`;
}

/** The five steps of Create Index. Each returns the next; the summary returns undefined to finish. */
export class CreateIndexWizard {
  private readonly title = vscode.l10n.t('Create Index');

  constructor(private readonly services: WizardServices) {}

  readonly nameStep: Step<CreateIndexDraft> = async (input, draft) => {
    const message = draft.nameMessage;
    draft.nameMessage = undefined;
    const value = await input.showInputBox({
      title: this.title,
      step: 1,
      totalSteps: TOTAL_STEPS,
      value: draft.name,
      prompt: vscode.l10n.t('A unique name for the new index'),
      placeholder: vscode.l10n.t('e.g. product-demos'),
      initialMessage: message,
      validate: (text) => {
        const check = checkIndexName(text, vscode.l10n);
        return check.ok ? undefined : check.reason;
      },
      validateOnAccept: async (text) => {
        const name = text.trim();
        const taken = await this.services.isNameTaken(name);
        return taken ? vscode.l10n.t('An index named “{0}” already exists. Choose another name.', name) : undefined;
      },
    });
    draft.name = value.trim();
    return this.modelsStep;
  };

  readonly modelsStep: Step<CreateIndexDraft> = async (input, draft) => {
    const refused = new Set(draft.refusedModels ?? []);
    const items = this.services.catalogue
      .filter((model) => !refused.has(model.name))
      .map((model) => ({ label: labelText(model.name), description: model.description && labelText(model.description), model }));
    const selected = items.filter((item) => draft.models.includes(item.model.name));
    const message = draft.modelsMessage;
    draft.modelsMessage = undefined;
    const chosen = await input.showQuickPick({
      title: this.title,
      step: 2,
      totalSteps: TOTAL_STEPS,
      placeholder: message ?? vscode.l10n.t('Pick the models to enable; they cannot be changed later'),
      items,
      canSelectMany: true,
      selected: selected.length > 0 ? selected : items.slice(0, 1),
      validate: (picked) => (picked.length === 0 ? vscode.l10n.t('Pick at least one model.') : undefined),
    });
    draft.models = chosen.map((item) => item.model.name);
    return this.optionsStep;
  };

  readonly optionsStep: Step<CreateIndexDraft> = async (input, draft) => {
    type OptionItem = vscode.QuickPickItem & { model?: string; option?: string };
    const items: OptionItem[] = [];
    for (const name of draft.models) {
      const model = this.services.catalogue.find((entry) => entry.name === name);
      items.push({ label: labelText(name), kind: vscode.QuickPickItemKind.Separator });
      for (const option of model?.options ?? ['visual', 'audio']) {
        items.push({ label: labelText(option), description: labelText(name), model: name, option });
      }
    }
    const selected = items.filter(
      (item) => item.model && item.option && (draft.options[item.model] ?? this.defaultOptions(item.model)).includes(item.option),
    );
    const chosen = await input.showQuickPick<OptionItem>({
      title: this.title,
      step: 3,
      totalSteps: TOTAL_STEPS,
      placeholder: vscode.l10n.t('Pick what each model analyses: visual, audio, or both'),
      items,
      canSelectMany: true,
      selected,
      validate: (picked) => {
        const missing = draft.models.filter((model) => !picked.some((item) => item.model === model));
        return missing.length > 0 ? vscode.l10n.t('Each model needs at least one option: {0}', missing.join(', ')) : undefined;
      },
    });
    draft.options = {};
    for (const model of draft.models) {
      draft.options[model] = chosen.filter((item) => item.model === model && item.option).map((item) => item.option as string);
    }
    return addonsFor(this.services.catalogue, draft.models).length > 0 ? this.addonsStep : this.summaryStep;
  };

  readonly addonsStep: Step<CreateIndexDraft> = async (input, draft) => {
    const available = addonsFor(this.services.catalogue, draft.models);
    const items = available.map((addon) => ({
      label: labelText(addon),
      addon,
      description: addon === 'thumbnail' ? vscode.l10n.t('generate thumbnails (Marengo)') : undefined,
    }));
    const chosen = await input.showQuickPick({
      title: this.title,
      step: 4,
      totalSteps: TOTAL_STEPS,
      placeholder: vscode.l10n.t('Optional add-ons; none is fine. They cannot be added later'),
      items,
      canSelectMany: true,
      selected: items.filter((item) => draft.addons.includes(item.addon)),
    });
    draft.addons = chosen.map((item) => item.addon);
    return this.summaryStep;
  };

  readonly summaryStep: Step<CreateIndexDraft> = async (input, draft) => {
    // Add-ons no longer offered by the chosen models (the user went back and changed them) are dropped.
    const available = addonsFor(this.services.catalogue, draft.models);
    draft.addons = draft.addons.filter((addon) => available.includes(addon));
    const create = {
      label: `$(check) ${vscode.l10n.t('Create “{0}”', labelText(draft.name))}`,
      detail: labelText(summarize(draft, this.services.catalogue)),
      confirm: true,
    };
    const cancel = { label: `$(close) ${vscode.l10n.t('Cancel')}`, confirm: false };
    const [chosen] = await input.showQuickPick({
      title: this.title,
      step: 5,
      totalSteps: TOTAL_STEPS,
      placeholder: vscode.l10n.t('Create the index? Models and add-ons cannot be changed afterwards.'),
      items: [create, cancel],
      canSelectMany: false,
      selected: [create],
    });
    if (!chosen?.confirm) {
      throw new WizardCancelled();
    }
    return undefined;
  };

  private defaultOptions(modelName: string): string[] {
    return this.services.catalogue.find((model) => model.name === modelName)?.options ?? ['visual', 'audio'];
  }

  /** The Back history for resuming at `step` with everything before it already answered. */
  historyBefore(step: Step<CreateIndexDraft>, draft: CreateIndexDraft): Step<CreateIndexDraft>[] {
    const order = [this.nameStep, this.modelsStep, this.optionsStep];
    if (addonsFor(this.services.catalogue, draft.models).length > 0) {
      order.push(this.addonsStep);
    }
    order.push(this.summaryStep);
    const at = order.indexOf(step);
    return at > 0 ? order.slice(0, at) : [];
  }

  async run(input: MultiStepInput, draft: CreateIndexDraft, from: Step<CreateIndexDraft> = this.nameStep): Promise<boolean> {
    try {
      return await input.run(from, draft, this.historyBefore(from, draft));
    } catch (error) {
      if (error instanceof WizardCancelled) {
        return false;
      }
      throw error;
    }
  }
}

/** "Cancel" chosen on the summary. */
export class WizardCancelled extends Error {}
