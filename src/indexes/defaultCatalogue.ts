import vscode = require('vscode');
import type { Settings } from '../common/settings';
import { buildCatalogue, DEFAULT_MODEL_OPTIONS, type CatalogueModel } from './catalogue';

/** The models Create Index offers out of the box (v1.3, 2026). */
export function defaultCatalogue(): CatalogueModel[] {
  return [
    { name: 'marengo3.0', description: vscode.l10n.t('search and embeddings'), options: [...DEFAULT_MODEL_OPTIONS], addons: ['thumbnail'] },
    { name: 'pegasus1.2', description: vscode.l10n.t('text generation'), options: [...DEFAULT_MODEL_OPTIONS], addons: [] },
  ];
}

/** The built-in models extended by the `twelveLabs.indexModels` setting, read afresh. */
export function currentCatalogue(settings: Settings): CatalogueModel[] {
  return buildCatalogue(defaultCatalogue(), settings.extraIndexModels);
}
