/**
 * A minimal `vscode` module for loading the real bundle in plain Node: every property is a callable
 * stand-in that returns another stand-in, so activate() can run end to end without a host. Only for
 * checks about *what activation does* (which modules it loads, how long it takes); behaviour is
 * tested in the real host.
 */
import * as fs from 'node:fs';
import Module from 'node:module';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The names `vscode` exports, read from @types/vscode. esbuild's `import * as vscode` copies the
 * module's own keys into a namespace object, so the stand-in module must have them all.
 */
function vscodeExportNames(): string[] {
  const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of declarations.matchAll(/^\t?export (?:class|namespace|enum|function|const|let) (\w+)/gm)) {
    names.add(match[1]);
  }
  return [...names];
}

/** An object made by `new` on a stand-in (or a subclass of one): real members first, stand-ins for the rest. */
function standInInstance(prototype: object, name: string): object {
  const instance = Object.create(prototype) as Record<PropertyKey, unknown>;
  return new Proxy(instance, {
    get(target, property, receiver) {
      if (property in target || typeof property === 'symbol' || property === 'then') {
        return Reflect.get(target, property, receiver);
      }
      const member = createStandIn(`${name}.${property}`);
      target[property] = member;
      return member;
    },
  });
}

export function createStandIn(name = 'vscode'): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function standIn() {
    return undefined;
  } as AnyFunction;
  return new Proxy(target, {
    get(_t, property) {
      // Not a thenable: `await standIn` must resolve to the stand-in itself.
      if (property === 'then') {
        return undefined;
      }
      if (property === Symbol.toPrimitive) {
        return () => name;
      }
      if (property === 'prototype') {
        return Object.prototype;
      }
      if (!cache.has(property)) {
        cache.set(property, createStandIn(`${name}.${String(property)}`));
      }
      return cache.get(property);
    },
    set(_t, property, value) {
      cache.set(property, value);
      return true;
    },
    apply() {
      return createStandIn(`${name}()`);
    },
    construct(_t, _args, newTarget: { prototype?: object }) {
      return standInInstance(newTarget.prototype ?? Object.prototype, `new ${name}`);
    },
  });
}

/**
 * The `vscode` module: a plain object, as VS Code's own is, with a lazily made stand-in behind each
 * exported name. (A Proxy here would make esbuild's namespace copy cost more than the code under test.)
 */
export function createVscodeModule(): Record<string, unknown> {
  const module: Record<string, unknown> = {};
  for (const name of vscodeExportNames()) {
    let value: unknown;
    Object.defineProperty(module, name, {
      enumerable: true,
      get: () => (value ??= createStandIn(`vscode.${name}`)),
    });
  }
  // A window as it starts: no document open (a stand-in list would claim some).
  (module.workspace as Record<string, unknown>).textDocuments = [];
  return module;
}

/** Installs the stand-in as `vscode` and records every module id required while `body` runs (until it settles, if async). */
export function withVscodeStandIn<T>(body: (requested: string[]) => T, prepare?: (vscode: Record<string, Record<string, unknown>>) => void): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const requested: string[] = [];
  const vscode = createVscodeModule();
  prepare?.(vscode as Record<string, Record<string, unknown>>);
  loader._load = function (request: string, ...rest: unknown[]) {
    requested.push(request);
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  const restore = () => {
    loader._load = original;
  };
  let result: T;
  try {
    result = body(requested);
  } catch (error) {
    restore();
    throw error;
  }
  // An async body keeps the stand-in until it settles: the shell requires its other bundles later.
  if (result instanceof Promise) {
    return result.finally(restore) as T;
  }
  restore();
  return result;
}

/**
 * An ExtensionContext for a first activation: nothing in SecretStorage or the mementos, real
 * disposable bookkeeping, every other member a stand-in. A bare stand-in would answer `secrets.get()`
 * with a truthy object, i.e. pretend a key is stored. `overrides` replaces members (e.g. a SecretStorage
 * that holds a key, for the idle benchmark).
 */
export function createContextStandIn(overrides: Record<string, unknown> = {}): unknown {
  const noEvent = () => ({ dispose: () => undefined });
  const emptyMemento = {
    get: (_key: string, defaultValue?: unknown) => defaultValue,
    update: () => Promise.resolve(),
    keys: () => [],
    setKeysForSync: () => undefined,
  };
  const real: Record<string, unknown> = {
    subscriptions: [],
    extensionMode: 1,
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: noEvent },
    globalState: emptyMemento,
    workspaceState: emptyMemento,
    ...overrides,
  };
  const rest = createStandIn('context') as Record<string, unknown>;
  return new Proxy(real, { get: (target, property: string) => (property in target ? target[property] : rest[property]) });
}
