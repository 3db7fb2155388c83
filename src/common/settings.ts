import vscode = require('vscode');
import { DEFAULT_CHUNK_CONCURRENCY, MAX_CHUNK_CONCURRENCY } from '../api/assetTypes';
import { MAX_SEARCH_PAGE_LIMIT, SEARCH_VIEW_RESULTS_PER_PAGE } from '../api/searchTypes';
import { checkVariableName } from './variableName';

export const DEFAULT_API_URL = 'https://api.twelvelabs.io/v1.3';
/** The vendor's remote MCP server (Streamable HTTP, key in `X-api-key`). */
export const DEFAULT_MCP_URL = 'https://mcp.twelvelabs.io/mcp';

/** The settings' prefix: camel case, so that the Settings editor titles them "Twelve Labs: …". */
export const SECTION = 'twelveLabs';
export const TERMINAL_INJECT_SETTING = 'terminal.injectApiKey';
export const TERMINAL_VARIABLE_SETTING = 'terminal.variableName';

export type StatusBarVisibility = 'always' | 'nearExpiry' | 'never';

export interface ModelCatalogueEntry {
  name: string;
  description?: string;
  options?: string[];
  addons?: string[];
}

/** Typed reads of the extension's settings; every call reads afresh, so changes apply at once. */
export class Settings {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get apiUrl(): string {
    const value = this.section.get<string>('apiUrl', DEFAULT_API_URL).trim();
    return value === '' ? DEFAULT_API_URL : value.replace(/\/+$/, '');
  }

  /** Unchecked, like `apiUrl`: the MCP provider checks it (apiUrl.ts) before offering a server. */
  get mcpUrl(): string {
    const value = this.section.get<string>('mcp.url', DEFAULT_MCP_URL).trim();
    return value === '' ? DEFAULT_MCP_URL : value.replace(/\/+$/, '');
  }

  get mcpEnabled(): boolean {
    return this.section.get<boolean>('mcp.enabled', true) !== false;
  }

  get keyLifetimeDays(): number {
    return this.section.get<number>('keyLifetimeDays', 90);
  }

  get expiryWarningDays(): number {
    return this.section.get<number>('expiryWarningDays', 14);
  }

  get statusBarVisibility(): StatusBarVisibility {
    return this.section.get<StatusBarVisibility>('statusBar.visibility', 'always');
  }

  get extraIndexModels(): ModelCatalogueEntry[] {
    return this.section.get<ModelCatalogueEntry[]>('indexModels', []);
  }

  /** Asked for when an upload is indexed, so that its video can be played later. */
  get uploadEnableVideoStream(): boolean {
    return this.section.get<boolean>('upload.enableVideoStream', true) !== false;
  }

  /** Chunks of one multipart upload in flight at once, 1–8. */
  get uploadParallelChunks(): number {
    const value = this.section.get<number>('upload.parallelChunks', DEFAULT_CHUNK_CONCURRENCY);
    return Number.isInteger(value) ? Math.min(MAX_CHUNK_CONCURRENCY, Math.max(1, value)) : DEFAULT_CHUNK_CONCURRENCY;
  }

  /** Results per Search view page, 1–50 (the API's `page_limit` range). */
  get searchResultsPerPage(): number {
    const value = this.section.get<number>('search.resultsPerPage', SEARCH_VIEW_RESULTS_PER_PAGE);
    return Number.isInteger(value) ? Math.min(MAX_SEARCH_PAGE_LIMIT, Math.max(1, value)) : SEARCH_VIEW_RESULTS_PER_PAGE;
  }

  get injectApiKey(): boolean {
    return this.section.get<boolean>(TERMINAL_INJECT_SETTING, false) === true;
  }

  get terminalVariableName(): string {
    return this.terminalVariable.name;
  }

  /** With the configured name when it was refused (it would change how programs run). */
  get terminalVariable(): { name: string; refused?: string } {
    return checkVariableName(this.section.get<unknown>(TERMINAL_VARIABLE_SETTING));
  }

  /** Application-scoped, like every setting that decides where the key goes: user settings only. */
  enableInjection(): Thenable<void> {
    return this.section.update(TERMINAL_INJECT_SETTING, true, vscode.ConfigurationTarget.Global);
  }

  /** Fires when any `twelveLabs.*` setting changes; `affects` narrows it to one key. */
  onDidChange(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        listener((key) => event.affectsConfiguration(`${SECTION}.${key}`));
      }
    });
  }
}
