import vscode = require('vscode');
import { findAnalyzeRequestProblem, MODEL_RULES } from '../api/analyzeTypes';
import { MultiStepInput, type Step } from '../common/multiStepInput';
import { timecode } from '../common/timecode';
import { labelText } from '../common/untrustedText';
import type { WindowPort } from '../common/windowPort';
import { rangeMessage, rangeValue, type ModelOption } from './modelChoice';
import { templates, type Template, type TemplateId } from './templates';

/** What the questions settle; the run builds the request from it. */
export interface Answers {
  template: TemplateId;
  /** The question or custom prompt; '' for the fixed templates. */
  typed: string;
  option: ModelOption;
  temperature?: number;
  maxTokens?: number;
  schema?: { name: string; value: Record<string, unknown> };
  /** The part of the video, when the caller named one and the model takes it. */
  clip?: { start: number; end: number };
}

export interface WizardInput {
  window: Pick<WindowPort, 'createInputBox' | 'createQuickPick'>;
  videoName: string;
  options: ModelOption[];
  /** A part of the video the caller named (a search result's clip): offered, not imposed. */
  clip?: { start: number; end: number };
}

interface State {
  template?: Template;
  typed: string;
  option?: ModelOption;
  /** Whether the named part is analyzed (pegasus1.5 only) rather than the whole video. */
  useClip: boolean;
  temperature: string;
  maxTokens: string;
  schema?: SchemaFile;
  /** Why the schema picked last could not be used, shown when its step opens again. */
  schemaProblem?: string;
}

interface SchemaFile {
  name: string;
  uri: vscode.Uri;
  value?: Record<string, unknown>;
  problem?: string;
}

type TemplateItem = vscode.QuickPickItem & { template: Template };
type ModelItem = vscode.QuickPickItem & { option: ModelOption; useClip: boolean };
type FormatItem = vscode.QuickPickItem & { schema?: SchemaFile };

/** Largest schema file read: a response schema is a few KB; anything else is not one. */
const MAX_SCHEMA_BYTES = 256 * 1024;
const MAX_SCHEMA_FILES = 100;

/**
 * Template, (question or prompt), model, temperature, maximum tokens, response format: one
 * multi-step input, Back on every step, Escape ends it with nothing sent. Resolves undefined then.
 */
export async function askAnswers(input: WizardInput): Promise<Answers | undefined> {
  const title = vscode.l10n.t('Analyze “{0}”', input.videoName);
  const state: State = { typed: '', useClip: input.clip !== undefined, temperature: '', maxTokens: '' };
  const schemaFiles = listSchemaFiles();
  const total = () => (state.template?.asks === 'nothing' ? 5 : 6);
  const offset = () => (state.template?.asks === 'nothing' ? 0 : 1);

  const pickTemplate: Step<State> = async (flow, s) => {
    const items: TemplateItem[] = templates(vscode.l10n).map((template) => ({ label: template.label, detail: template.detail, template }));
    const [chosen] = await flow.showQuickPick({
      title,
      step: 1,
      totalSteps: total(),
      placeholder: vscode.l10n.t('What to ask Pegasus about the video'),
      items,
      canSelectMany: false,
      selected: items.filter((item) => item.template.id === s.template?.id),
    });
    s.template = chosen.template;
    return s.template.asks === 'nothing' ? pickModel : askText;
  };

  const askText: Step<State> = async (flow, s) => {
    const question = s.template?.asks === 'question';
    s.typed = await flow.showInputBox({
      title,
      step: 2,
      totalSteps: total(),
      value: s.typed,
      prompt: question ? vscode.l10n.t('Your question about the video') : vscode.l10n.t('The whole prompt, as Pegasus will read it'),
      placeholder: question ? vscode.l10n.t('e.g. Which ingredients are used, and when?') : vscode.l10n.t('e.g. List every product shown, with its timestamp.'),
      validate: (value) => (value.trim() === '' ? vscode.l10n.t('Type something to ask.') : undefined),
    });
    return pickModel;
  };

  const pickModel: Step<State> = async (flow, s) => {
    const items: ModelItem[] = [];
    for (const option of input.options) {
      const rules = MODEL_RULES[option.model];
      const inputText = option.video.type === 'video_id' ? vscode.l10n.t('the video ID (legacy input)') : vscode.l10n.t('the video\'s asset');
      const route = option.route === 'task' ? vscode.l10n.t('as an analysis task (the video is longer than 1 hour)') : vscode.l10n.t('streamed');
      const detail = vscode.l10n.t('Up to {0} output tokens; analyzes {1}, {2}', rules.maxTokens.max.toLocaleString('en-US'), inputText, route);
      if (input.clip && rules.supportsTimeRange) {
        const part = `${timecode(input.clip.start)}–${timecode(input.clip.end)}`;
        items.push({ label: option.model, description: vscode.l10n.t('the part {0}', part), detail, option, useClip: true });
      }
      items.push({ label: option.model, description: input.clip ? vscode.l10n.t('the whole video') : undefined, detail, option, useClip: false });
    }
    const [chosen] = await flow.showQuickPick({
      title,
      step: 2 + offset(),
      totalSteps: total(),
      placeholder: vscode.l10n.t('The Pegasus model'),
      items,
      canSelectMany: false,
      selected: items.filter((item) => item.option.model === s.option?.model && item.useClip === s.useClip),
    });
    if (s.option?.model !== chosen.option.model) {
      // The other model's ranges differ: a figure typed for one may not fit the other.
      s.maxTokens = '';
    }
    s.option = chosen.option;
    s.useClip = chosen.useClip;
    return askTemperature;
  };

  const askTemperature: Step<State> = async (flow, s) => {
    const range = MODEL_RULES[s.option!.model].temperature;
    s.temperature = await flow.showInputBox({
      title,
      step: 3 + offset(),
      totalSteps: total(),
      value: s.temperature,
      prompt: vscode.l10n.t('Temperature from {0} to {1}; leave empty for the default ({2})', range.min, range.max, range.default ?? ''),
      placeholder: vscode.l10n.t('Default: {0}', range.default ?? ''),
      validate: (value) => rangeMessage(value, range, false, vscode.l10n),
    });
    return askMaxTokens;
  };

  const askMaxTokens: Step<State> = async (flow, s) => {
    const range = MODEL_RULES[s.option!.model].maxTokens;
    s.maxTokens = await flow.showInputBox({
      title,
      step: 4 + offset(),
      totalSteps: total(),
      value: s.maxTokens,
      prompt: vscode.l10n.t(
        'Maximum output tokens from {0} to {1} for {2}; leave empty for the default ({3})',
        range.min.toLocaleString('en-US'),
        range.max.toLocaleString('en-US'),
        s.option!.model,
        (range.default ?? range.max).toLocaleString('en-US'),
      ),
      placeholder: vscode.l10n.t('Default: {0}', (range.default ?? range.max).toLocaleString('en-US')),
      validate: (value) => rangeMessage(value, range, true, vscode.l10n),
    });
    return pickFormat;
  };

  const pickFormat: Step<State> = async (flow, s) => {
    const files = await schemaFiles;
    const items: FormatItem[] = [
      { label: `$(markdown) ${vscode.l10n.t('Text (Markdown)')}`, detail: vscode.l10n.t('The answer as Markdown text') },
      ...files.map((file) => ({ label: `$(json) ${labelText(file.name)}`, description: labelText(vscode.workspace.asRelativePath(file.uri)), detail: vscode.l10n.t('JSON that follows this schema'), schema: file })),
    ];
    const [chosen] = await flow.showQuickPick({
      title,
      step: 5 + offset(),
      totalSteps: total(),
      placeholder:
        s.schemaProblem ??
        (files.length === 0 ? vscode.l10n.t('The response format (no .json file in the workspace for a schema)') : vscode.l10n.t('The response format: text, or JSON in the schema of a workspace file')),
      items,
      canSelectMany: false,
      selected: items.filter((item) => item.schema?.uri.toString() === s.schema?.uri.toString()),
      // A schema that is no JSON, or that the platform refuses, is said before anything is sent.
      validate: ([item]) => (item?.schema ? schemaProblem(item.schema, s.option!) : undefined),
    });
    s.schema = chosen.schema;
    s.schemaProblem = undefined;
    return undefined;
  };

  const completed = await new MultiStepInput(input.window).run(pickTemplate, state);
  if (!completed || !state.template || !state.option) {
    return undefined;
  }
  const useClip = state.useClip && input.clip !== undefined && MODEL_RULES[state.option.model].supportsTimeRange;
  return {
    template: state.template.id,
    typed: state.typed.trim(),
    option: state.option,
    temperature: rangeValue(state.temperature),
    maxTokens: rangeValue(state.maxTokens),
    schema: state.schema?.value ? { name: state.schema.name, value: state.schema.value } : undefined,
    clip: useClip ? input.clip : undefined,
  };
}

function schemaProblem(file: SchemaFile, option: ModelOption): string | undefined {
  if (file.problem) {
    return vscode.l10n.t('{0}: {1}', file.name, file.problem);
  }
  const problem = findAnalyzeRequestProblem({ model: option.model, video: option.video, prompt: 'x', jsonSchema: file.value });
  return problem?.parameter === 'response_format.json_schema' ? vscode.l10n.t('{0}: {1}', file.name, problem.message) : undefined;
}

/** The workspace's .json files, each read and parsed once when the questions start (small files only). */
async function listSchemaFiles(): Promise<SchemaFile[]> {
  if (!vscode.workspace.workspaceFolders?.length) {
    return [];
  }
  const uris = await vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/.git/**,**/.vscode-test/**}', MAX_SCHEMA_FILES);
  uris.sort((a, b) => a.path.localeCompare(b.path));
  return Promise.all(uris.map(readSchemaFile));
}

async function readSchemaFile(uri: vscode.Uri): Promise<SchemaFile> {
  const name = uri.path.split('/').pop() ?? uri.path;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SCHEMA_BYTES) {
      return { name, uri, problem: vscode.l10n.t('the file is too large to be a response schema.') };
    }
    const parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { name, uri, problem: vscode.l10n.t('a response schema is a JSON object, such as {"type": "object", "properties": {…}}.') };
    }
    return { name, uri, value: parsed as Record<string, unknown> };
  } catch (error) {
    return { name, uri, problem: error instanceof SyntaxError ? vscode.l10n.t('not valid JSON ({0}).', error.message) : vscode.l10n.t('the file could not be read.') };
  }
}
