import type { ModelCatalogueEntry } from '../common/settings';

/** A model Create Index offers, with the options and add-ons it accepts. */
export interface CatalogueModel {
  name: string;
  description: string;
  options: string[];
  addons: string[];
}

export const DEFAULT_MODEL_OPTIONS = ['visual', 'audio'];

/**
 * The built-in models extended by `twelveLabs.indexModels`. A setting entry with a built-in name
 * replaces its description, options or add-ons; malformed entries are skipped. The model list is
 * not trusted to be current (models get retired): the server's `parameter_invalid` has the last word.
 */
export function buildCatalogue(defaults: readonly CatalogueModel[], extra: readonly unknown[] | undefined): CatalogueModel[] {
  const result = defaults.map((model) => ({ ...model, options: [...model.options], addons: [...model.addons] }));
  for (const entry of extra ?? []) {
    const parsed = parseEntry(entry);
    if (!parsed) {
      continue;
    }
    const existing = result.find((model) => model.name === parsed.name);
    if (existing) {
      existing.description = parsed.description ?? existing.description;
      existing.options = parsed.options ?? existing.options;
      existing.addons = parsed.addons ?? existing.addons;
    } else {
      result.push({
        name: parsed.name,
        description: parsed.description ?? '',
        options: parsed.options ?? [...DEFAULT_MODEL_OPTIONS],
        addons: parsed.addons ?? [],
      });
    }
  }
  return result;
}

function parseEntry(entry: unknown): (Partial<ModelCatalogueEntry> & { name: string }) | undefined {
  if (typeof entry !== 'object' || entry === null) {
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  const name = typeof record.name === 'string' ? record.name.trim() : '';
  if (name === '') {
    return undefined;
  }
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : undefined;
  const options = strings(record.options);
  return {
    name,
    description: typeof record.description === 'string' ? record.description : undefined,
    options: options && options.length > 0 ? options : undefined,
    addons: strings(record.addons),
  };
}

/** The add-ons offered for a selection of models: the union of what each accepts. */
export function addonsFor(catalogue: readonly CatalogueModel[], modelNames: readonly string[]): string[] {
  const addons = new Set<string>();
  for (const name of modelNames) {
    for (const addon of catalogue.find((model) => model.name === name)?.addons ?? []) {
      addons.add(addon);
    }
  }
  return [...addons];
}
