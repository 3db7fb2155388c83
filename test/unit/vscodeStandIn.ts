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
 * module's own keys into a namespace object, so the stand-in must list them.
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

export function createStandIn(name = 'vscode', exportNames: string[] = []): unknown {
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
    ownKeys() {
      return [...exportNames, 'prototype'];
    },
    getOwnPropertyDescriptor(t, property) {
      if (property === 'prototype') {
        return Reflect.getOwnPropertyDescriptor(t, property);
      }
      return exportNames.includes(String(property)) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined;
    },
    apply() {
      return createStandIn(`${name}()`);
    },
    construct(_t, _args, newTarget: { prototype?: object }) {
      return standInInstance(newTarget.prototype ?? Object.prototype, `new ${name}`);
    },
  });
}

/** Installs the stand-in as `vscode` and records every module id required while `body` runs. */
export function withVscodeStandIn<T>(body: (requested: string[]) => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const requested: string[] = [];
  const vscode = createStandIn('vscode', vscodeExportNames());
  loader._load = function (request: string, ...rest: unknown[]) {
    requested.push(request);
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    return body(requested);
  } finally {
    loader._load = original;
  }
}
